import Foundation
import RollAnalysis

/// Writes a rollmon-trace 1 file (interface v1 §1) sample by sample.
/// Rows are buffered and written out by `flush()`; callers that record live sessions flush at least once a second
/// so that a power cut loses at most that much.
public final class TraceWriter {
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

    public func append(_ s: Sample) {
        appendFixed(s.tSeconds, decimals: 6)
        for v in [s.accelMS2.x, s.accelMS2.y, s.accelMS2.z] { buffer.append(UInt8(ascii: ",")); appendFixed(v, decimals: 5) }
        for v in [s.gyroRadS.x, s.gyroRadS.y, s.gyroRadS.z] { buffer.append(UInt8(ascii: ",")); appendFixed(v, decimals: 6) }
        if hasForce {
            buffer.append(UInt8(ascii: ","))
            if let f = s.forceN { appendFixed(f, decimals: 3) }
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
