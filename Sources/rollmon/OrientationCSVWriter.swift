import Foundation
import RollCore
import RollTrace
import SystemPackage

/// `--orientation-csv` (interface v1 §3): one row per IMU sample, same order as the input. Opened in place with
/// open(2) (a device or a FIFO stays one; Foundation's createFile once renamed a regular file over /dev/full), and
/// every write checked: a full disk is an error at `close()`, never a short file with exit 0.
final class OrientationCSVWriter {
    private let path: String
    private let fd: FileDescriptor
    private var buffer: [UInt8] = []
    /// The first failed write, kept for `close()`.
    private var failure: Errno?

    init(path: String) throws {
        self.path = path
        do {
            fd = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .truncate],
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

    /// Writes what is left and closes; a write that failed earlier (a full disk) is thrown here, never dropped.
    func close() throws {
        if failure == nil { flush() }
        do { try fd.close() } catch { failure = failure ?? Self.errno(error) }
        if let failure { throw OutputFileError(path: path, errno: failure) }
    }
}

/// "cannot write q.csv: No space left on device": an output file and the system's reason.
struct OutputFileError: Error, CustomStringConvertible {
    var path: String
    var errno: Errno
    var description: String { "cannot write \(path): \(String(cString: strerror(errno.rawValue)))" }
}
