import Foundation
import SystemPackage

/// Writes a whole text file that a user asked for (report, CSV) so that a reader never sees half of it: a sibling
/// temporary file, written, fsync'd and renamed over the target (swift-system's calls, which retry EINTR). A failure
/// names the system's reason, e.g. "No such file or directory" for a missing folder, "Permission denied".
enum TextFile {
    static func write(_ text: String, to path: String) throws(RollmonFailure) {
        let tmp = path + ".tmp-\(getpid())"
        do {
            let fd = try FileDescriptor.open(FilePath(tmp), .writeOnly, options: [.create, .truncate],
                                             permissions: [.ownerReadWrite, .groupRead, .otherRead])
            do {
                try fd.closeAfter {
                    _ = try fd.writeAll(text.utf8)
                    if fsync(fd.rawValue) != 0 { throw Errno(rawValue: errno) }
                }
                if rename(tmp, path) != 0 { throw Errno(rawValue: errno) }
            } catch {
                unlink(tmp)
                throw error
            }
        } catch let e as Errno {
            throw RollmonFailure(.cantCreate, "rollmon: cannot write \(path): \(String(cString: strerror(e.rawValue)))")
        } catch {
            throw RollmonFailure(.cantCreate, "rollmon: cannot write \(path): \(error)")
        }
    }
}

/// Whether two paths name one file (same device and inode), so an output never overwrites the input it is made from.
enum FileIdentity {
    static func same(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}
