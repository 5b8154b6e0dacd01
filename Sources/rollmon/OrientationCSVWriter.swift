import Foundation
import RollCore
import RollTrace

/// `--orientation-csv` (interface v1 §3): one row per IMU sample, same order as the input.
final class OrientationCSVWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// The first failed write, kept for `close()`.
    private var failure: Error?

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data("t,qw,qx,qy,qz\n".utf8)),
              let h = FileHandle(forWritingAtPath: path) else {
            throw TraceWriteError(path: path, reason: String(cString: strerror(errno)))
        }
        handle = h
        try handle.seekToEnd()
        buffer.reserveCapacity(1 << 16)
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
        if buffer.count >= 1 << 16 {
            do { try flush() } catch { failure = error }
        }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left; a write that failed earlier (a full disk) is thrown here, never dropped.
    func close() throws {
        if let failure { throw failure }
        try flush()
        try handle.close()
    }
}
