import Foundation
import RollAnalysis
import RollCore

/// Writes a rollmon-trace 1 file (interface v1 §1) sample by sample.
/// Rows are buffered and written out by `flush()`; callers that record live sessions flush at least once a second
/// so that a power cut loses at most that much.
/// Not thread-safe: one thread at a time (the live path hands it to its reader thread).
public final class TraceWriter: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    private let writePath: TraceWritePath
    /// Time of the oldest row not yet handed to the kernel (nil when everything is written): where a recording
    /// that stops being written loses its first row.
    public private(set) var unwrittenSinceS: Double?
    private var buffer: [UInt8] = []
    private let hasForce: Bool
    private let hasFoot: Bool
    public private(set) var rowsWritten = 0
    /// Rows given up while writes kept failing and `maxBufferedBytes` were waiting (memory stays bounded on a full disk).
    public private(set) var rowsDropped = 0
    /// While writes fail, keep at most this much (about a minute of 1 kHz rows) in case the disk frees up.
    static let maxBufferedBytes = 1 << 22

    /// Creates (truncates) `path` and writes the header. `hasForce` / `hasFoot` choose the optional columns.
    public init(path: String, metadata: TraceMetadata, hasForce: Bool, hasFoot: Bool,
                writePath: TraceWritePath = .posix) throws {
        self.path = path
        self.hasForce = hasForce
        self.hasFoot = hasFoot
        self.writePath = writePath
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw TraceWriteError(path: path, reason: String(cString: strerror(errno))) }
        self.fd = fd
        var header = "# rollmon-trace 1\n"
        for (k, v) in metadata.lines { header += "# \(k): \(v)\n" }
        header += "t,ax,ay,az,gx,gy,gz"
        if hasForce { header += ",force" }
        if hasFoot { header += ",foot" }
        header += "\n"
        buffer.append(contentsOf: Array(header.utf8))
        buffer.reserveCapacity(1 << 16)
    }

    private var closed = false
    deinit { if !closed { try? flush(); _ = systemClose(fd) } }

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
                      forceN: s.forceN.map { r($0, forceDecimals) }, foot: s.foot)
    }

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
        if buffer.count >= 1 << 16 { try? flush() }
    }

    /// Writes buffered rows to the file and asks the kernel to persist them.
    public func flush() throws {
        var done = 0
        defer { if done > 0 { buffer.removeFirst(done) } }
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { writePath.write(fd, UnsafeRawBufferPointer(rebasing: $0[done...])) }
            if n == -Int(EINTR) { continue }
            if n < 0 { throw TraceWriteError(path: path, reason: String(cString: strerror(Int32(-n)))) }
            done += n
        }
        unwrittenSinceS = nil
    }

    /// Flushes and fsyncs (for the once-a-second durability promise of live recording).
    public func sync() throws {
        try flush()
        let rc = writePath.fsync(fd)
        if rc < 0 { throw TraceWriteError(path: path, reason: String(cString: strerror(-rc))) }
    }

    public func close() throws {
        guard !closed else { return }
        defer { closed = true; _ = systemClose(fd) }
        try sync()
    }

    private func appendFixed(_ value: Double, decimals: Int) {
        FixedDecimal.append(value, decimals: decimals, to: &buffer)
    }
}

public struct TraceWriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
    public var description: String { "\(path): cannot write trace: \(reason)" }
}

private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
