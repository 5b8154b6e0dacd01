import Foundation
import RollCore
import RollTrace
import SystemPackage

/// `--orientation-csv` (interface v1 §3): one row per IMU sample, same order as the input. A file is written whole
/// or not at all: rows go to a sibling temporary file that `close()` renames over the target, and `discard()` (a
/// malformed row ended the replay) removes, so an earlier file of that name is kept as it was (it was truncated to
/// nothing, and a half-written file left, when a replay failed). A device or a FIFO is written in place with open(2)
/// (Foundation's createFile once renamed a regular file over /dev/full). Every write is checked: a full disk is an
/// error at `close()`, never a short file with exit 0.
final class OrientationCSVWriter {
    private let path: String
    private let fd: FileDescriptor
    /// (temporary, target) when rows go to a temporary file first; nil when written in place.
    private let staged: (tmp: String, target: String)?
    private var buffer: [UInt8] = []
    /// The first failed write, kept for `close()`.
    private var failure: Errno?

    init(path: String) throws {
        self.path = path
        staged = TextFile.staging(for: path)
        do {
            fd = try FileDescriptor.open(FilePath(staged?.tmp ?? path), .writeOnly, options: [.create, .truncate],
                                         permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw OutputFileError(path: path, errno: Self.errno(error))
        }
        buffer.reserveCapacity(1 << 16)
        buffer.append(contentsOf: "t,qw,qx,qy,qz\n".utf8)
    }

    func append(tSeconds: Double, _ q: Quaternion) {
        guard failure == nil else { return }   // the file is already incomplete; close() says so
        // A quaternion and its negative are the same rotation; keep w >= 0 so the file is easy to compare and plot.
        let s: Double = q.w < 0 ? -1 : 1
        FixedDecimal.append(tSeconds, decimals: 6, to: &buffer)
        for v in [q.w * s, q.x * s, q.y * s, q.z * s] {
            buffer.append(UInt8(ascii: ","))
            FixedDecimal.append(v, decimals: 8, to: &buffer)
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { flush() }
    }

    private func flush() {
        do { _ = try fd.writeAll(buffer) } catch { failure = failure ?? Self.errno(error) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// swift-system throws `Errno` for a failed call; anything else is an I/O error too.
    fileprivate static func errno(_ error: any Error) -> Errno { error as? Errno ?? .ioError }

    /// Writes what is left, closes and puts the file in place; a write that failed earlier (a full disk) is thrown
    /// here, never dropped, and then no file replaces the target.
    func close() throws {
        if failure == nil { flush() }
        if failure == nil, staged != nil, fsync(fd.rawValue) != 0 { failure = Errno(rawValue: Glibc.errno) }
        do { try fd.close() } catch { failure = failure ?? Self.errno(error) }
        if let staged {
            if failure == nil, rename(staged.tmp, staged.target) != 0 { failure = Errno(rawValue: Glibc.errno) }
            if failure != nil { unlink(staged.tmp) }
        }
        if let failure { throw OutputFileError(path: path, errno: failure) }
    }

    /// The replay failed: no file replaces the target (a device or FIFO has had what was written).
    func discard() {
        try? fd.close()
        if let staged { unlink(staged.tmp) }
    }
}

/// "cannot write q.csv: No space left on device": an output file and the system's reason.
struct OutputFileError: Error, CustomStringConvertible {
    var path: String
    var errno: Errno
    var description: String { "cannot write \(path): \(String(cString: strerror(errno.rawValue)))" }
}
