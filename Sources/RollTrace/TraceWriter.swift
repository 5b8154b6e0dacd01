#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RollAnalysis
import RollCore
import Synchronization

/// Writes a rollmon-trace 1 file (interface v1 §1) sample by sample, and owns getting the rows onto the disk.
///
/// Rows are buffered; `flush()` hands them to the kernel, `fsync()` makes what was handed over durable. Every failure
/// comes back as a value (`Result`), never silently: a full disk is something the user must hear about. A row that
/// could not be written stays buffered and goes out with the next successful flush (up to `maxBufferedBytes`; beyond
/// that rows are counted in `rowsDropped`, so memory stays bounded while the disk is full).
///
/// Threads: one thread appends and flushes; `fsync()` may be called from another thread at the same time (it only
/// touches the descriptor, which lives until `close()`).
public final class TraceWriter: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    /// write(2) / fsync(2), or a disk that fills up (the demo's `disk-full` fault).
    private let writePath: TraceWritePath
    /// Time of the oldest row not yet handed to the kernel (nil when all are): where a recording that stops being
    /// written loses its first row.
    public private(set) var unwrittenSinceS: Double?
    private var buffer: [UInt8] = []
    private let hasForce: Bool
    private let hasFoot: Bool
    private let closed = Atomic<Bool>(false)
    /// A write that failed inside `append` (buffer full), reported by the next `flush()`.
    private var pendingError: TraceWriteError?
    public private(set) var rowsWritten = 0
    /// Rows given up while writes kept failing and the buffer was at `maxBufferedBytes`.
    public private(set) var rowsDropped = 0

    /// Buffered bytes that trigger a write from `append` (so a writer that is never flushed stays O(1) in memory).
    static let writeThresholdBytes = 1 << 16
    /// While writes fail, keep at most this much (about a minute of 1 kHz rows) in the hope the disk frees up.
    static let maxBufferedBytes = 1 << 22

    /// Creates `path` and writes the header. `hasForce` / `hasFoot` choose the optional columns. With
    /// `replacing: false` (a recording) an existing file is an error, never truncated: what the user recorded before
    /// is not lost to a reused `--record` name.
    public init(path: String, metadata: TraceMetadata, hasForce: Bool, hasFoot: Bool,
                writePath: TraceWritePath = .posix, replacing: Bool = true) throws {
        self.path = path
        self.writePath = writePath
        self.hasForce = hasForce
        self.hasFoot = hasFoot
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (replacing ? O_TRUNC : O_EXCL), 0o644)
        guard fd >= 0 else {
            let e = errno
            if e == EEXIST && !replacing {
                throw TraceWriteError(path: path, reason: "the file exists; a recording never replaces one: choose another name")
            }
            throw TraceWriteError(path: path, errno: e)
        }
        self.fd = fd
        var header = "# rollmon-trace 1\n"
        for (k, v) in metadata.lines { header += "# \(k): \(v)\n" }
        header += "t,ax,ay,az,gx,gy,gz"
        if hasForce { header += ",force" }
        if hasFoot { header += ",foot" }
        header += "\n"
        buffer.reserveCapacity(Self.writeThresholdBytes * 2)
        buffer.append(contentsOf: Array(header.utf8))
    }

    /// A writer dropped without `close()` still releases its descriptor; what was not flushed is lost, which is why
    /// every caller closes explicitly and looks at the result.
    deinit { if !closed.load(ordering: .relaxed) { _ = posixClose(fd) } }

    /// Decimals written per column; `canonical` rounds to exactly these.
    static let timeDecimals = 6, accelDecimals = 5, gyroDecimals = 6, forceDecimals = 3

    /// The sample exactly as it will read back from the file: each value rounded the way `append` prints it and the
    /// reader parses it. The live path analyses canonical samples, so replaying its recording gives the identical
    /// summary, bit for bit.
    public static func canonical(_ s: Sample) -> Sample {
        func r(_ v: Double, _ decimals: Int) -> Double {
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            let n = (abs(v) * scale).rounded()
            guard n < 9.0e15 else { return v }
            let x = n / scale
            return v < 0 && n != 0 ? -x : x
        }
        return Sample(tSeconds: r(s.tSeconds, timeDecimals),
                      accelMS2: Vector3(r(s.accelMS2.x, accelDecimals), r(s.accelMS2.y, accelDecimals), r(s.accelMS2.z, accelDecimals)),
                      gyroRadS: Vector3(r(s.gyroRadS.x, gyroDecimals), r(s.gyroRadS.y, gyroDecimals), r(s.gyroRadS.z, gyroDecimals)),
                      // A force no sensor in a ball can read (a broken calibration scale) is no reading: recorded
                      // blank, so the recording still replays (the reader refuses it, `PhysicalRange`) to the same
                      // summary, and the force monitor reports the sensor silent rather than a 10-tonne foot.
                      forceN: s.forceN.flatMap { abs($0) <= PhysicalRange.largestForceN ? r($0, forceDecimals) : nil },
                      foot: s.foot)
    }

    /// Buffers one row. Writes out when the buffer is large; a failure there is kept and returned by `flush()`.
    public func append(_ s: Sample) {
        guard buffer.count < Self.maxBufferedBytes else { rowsDropped += 1; return }
        if unwrittenSinceS == nil { unwrittenSinceS = s.tSeconds }
        appendFixed(s.tSeconds, decimals: Self.timeDecimals)
        for v in [s.accelMS2.x, s.accelMS2.y, s.accelMS2.z] { buffer.append(UInt8(ascii: ",")); appendFixed(v, decimals: Self.accelDecimals) }
        for v in [s.gyroRadS.x, s.gyroRadS.y, s.gyroRadS.z] { buffer.append(UInt8(ascii: ",")); appendFixed(v, decimals: Self.gyroDecimals) }
        if hasForce {
            buffer.append(UInt8(ascii: ","))
            if let f = s.forceN { appendFixed(f, decimals: Self.forceDecimals) }
        }
        if hasFoot {
            buffer.append(UInt8(ascii: ","))
            if let foot = s.foot { buffer.append(UInt8(ascii: foot == .left ? "L" : "R")) }
        }
        buffer.append(UInt8(ascii: "\n"))
        rowsWritten += 1
        if buffer.count >= Self.writeThresholdBytes, pendingError == nil, case .failure(let e) = writeBuffer() {
            pendingError = e
        }
    }

    /// Hands the buffered rows to the kernel (they survive a crash of rollmon, not yet a power cut).
    public func flush() -> Result<Void, TraceWriteError> {
        if let e = pendingError {
            pendingError = nil
            _ = writeBuffer()
            return .failure(e)
        }
        return writeBuffer()
    }

    /// Makes what `flush()` handed over durable (survives a power cut). Safe to call from a second thread while the
    /// owning thread appends, so a slow SD card never stalls the reading thread.
    public func fsync() -> Result<Void, TraceWriteError> {
        guard !closed.load(ordering: .acquiring) else { return .success(()) }
        while case let rc = writePath.fsync(fd), rc != 0 {
            if rc == -EINTR { continue }
            return .failure(TraceWriteError(path: path, errno: -rc))
        }
        return .success(())
    }

    /// Flush, fsync and close. The first failure is returned; the descriptor is closed in any case.
    public func close() -> Result<Void, TraceWriteError> {
        guard !closed.load(ordering: .relaxed) else { return .success(()) }
        let written = flush().flatMap { fsync() }
        closed.store(true, ordering: .releasing)
        let closedOK = posixClose(fd) == 0 ? Result<Void, TraceWriteError>.success(()) : .failure(TraceWriteError(path: path, errno: errno))
        return written.flatMap { closedOK }
    }

    private func writeBuffer() -> Result<Void, TraceWriteError> {
        var done = 0
        defer {
            if done == buffer.count { buffer.removeAll(keepingCapacity: true) } else if done > 0 { buffer.removeFirst(done) }
        }
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { raw in writePath.write(fd, UnsafeRawBufferPointer(rebasing: raw[done...])) }
            if n < 0 {
                if n == -Int(EINTR) { continue }
                return .failure(TraceWriteError(path: path, errno: Int32(-n)))
            }
            done += n
        }
        unwrittenSinceS = nil
        return .success(())
    }

    private func appendFixed(_ value: Double, decimals: Int) {
        FixedDecimal.append(value, decimals: decimals, to: &buffer)
    }
}

// The POSIX calls under names that the writer's own methods (`close`, `fsync`) do not shadow.
private func posixClose(_ fd: Int32) -> Int32 { close(fd) }

public struct TraceWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
    public init(path: String, errno code: Int32) { self.init(path: path, reason: String(cString: strerror(code))) }
    public var description: String { "\(path): cannot write trace: \(reason)" }
}
