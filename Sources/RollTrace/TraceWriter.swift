import Foundation
import RollAnalysis
import RollCore

/// Writes a rollmon-trace 1 file (interface v1 §1) sample by sample.
/// Rows are buffered and written out by `flush()`; callers that record live sessions flush at least once a second
/// so that a power cut loses at most that much.
/// Not thread-safe: one thread at a time (the live path hands it to its reader thread).
public final class TraceWriter: @unchecked Sendable {
    public let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let hasForce: Bool
    private let hasFoot: Bool
    public private(set) var rowsWritten = 0

    /// Creates (truncates) `path` and writes the header. `hasForce` / `hasFoot` choose the optional columns.
    public init(path: String, metadata: TraceMetadata, hasForce: Bool, hasFoot: Bool) throws {
        self.path = path
        self.hasForce = hasForce
        self.hasFoot = hasFoot
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw TraceWriteError(path: path, reason: String(cString: strerror(errno)))
        }
        guard let h = FileHandle(forWritingAtPath: path) else {
            throw TraceWriteError(path: path, reason: "cannot open for writing")
        }
        handle = h
        var header = "# rollmon-trace 1\n"
        for (k, v) in metadata.lines { header += "# \(k): \(v)\n" }
        header += "t,ax,ay,az,gx,gy,gz"
        if hasForce { header += ",force" }
        if hasFoot { header += ",foot" }
        header += "\n"
        buffer.append(contentsOf: Array(header.utf8))
        buffer.reserveCapacity(1 << 16)
    }

    deinit { try? flush(); try? handle.close() }

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
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and fsyncs (for the once-a-second durability promise of live recording).
    public func sync() throws {
        try flush()
        try handle.synchronize()
    }

    public func close() throws {
        try flush()
        try handle.close()
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
