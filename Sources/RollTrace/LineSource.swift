#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor in large chunks and hands out one line at a time, without copying and without ever
/// holding more than one chunk (plus one line) in memory. `\r\n` endings are accepted; the `\r` is dropped.
final class LineSource {
    /// A line is at most this long; anything longer is not a trace (and would otherwise grow memory without bound).
    static let maxLineBytes = 1 << 16
    private static let chunkBytes = 1 << 20

    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0

    init(fileDescriptor: Int32, ownsDescriptor: Bool) {
        fd = fileDescriptor
        self.ownsDescriptor = ownsDescriptor
        capacity = Self.chunkBytes
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        if ownsDescriptor { close(fd) }
    }

    struct Line {
        var bytes: UnsafePointer<UInt8>
        var count: Int
        /// False for a last line with no newline after it (possibly cut short by a power loss).
        var terminated: Bool
    }

    enum ReadError: Error {
        case lineTooLong
        case io(Int32)
    }

    /// The next line, valid until the following call; nil at end of file.
    func next() throws(ReadError) -> Line? {
        while true {
            if end > start, let nl = memchr(buffer + start, 0x0A, end - start) {
                let p = UnsafePointer(buffer + start)
                let n = UnsafeMutablePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - (buffer + start)
                start += n + 1
                lineNumber += 1
                return Line(bytes: p, count: n > 0 && p[n - 1] == 0x0D ? n - 1 : n, terminated: true)
            }
            if atEOF {
                guard end > start else { return nil }
                let p = UnsafePointer(buffer + start)
                let n = end - start
                start = end
                lineNumber += 1
                return Line(bytes: p, count: n > 0 && p[n - 1] == 0x0D ? n - 1 : n, terminated: false)
            }
            if start > 0 {
                if end > start { memmove(buffer, buffer + start, end - start) }
                end -= start
                start = 0
            }
            if end == capacity {
                // A chunk with no newline in it: only legal if the line is still short enough to grow for.
                guard capacity < Self.maxLineBytes + Self.chunkBytes else { throw .lineTooLong }
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: buffer, count: end)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = read(fd, buffer + end, capacity - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(errno)
            }
            if n == 0 { atEOF = true } else { end += n }
            if end - start > Self.maxLineBytes, memchr(buffer + start, 0x0A, end - start) == nil { throw .lineTooLong }
        }
    }
}
