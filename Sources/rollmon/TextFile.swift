import Foundation
import SystemPackage

/// Writes a whole text file that a user asked for (report, CSV) so that a reader never sees half of it: a sibling
/// temporary file, written, fsync'd and renamed over the target (swift-system's calls, which retry EINTR). A failure
/// names the system's reason, e.g. "No such file or directory" for a missing folder, "Permission denied".
enum TextFile {
    static func write(_ text: String, to path: String) throws(RollmonFailure) {
        guard let (tmp, target) = staging(for: path) else { return try writeInPlace(text, to: path) }
        do {
            let fd = try FileDescriptor.open(FilePath(tmp), .writeOnly, options: [.create, .truncate],
                                             permissions: [.ownerReadWrite, .groupRead, .otherRead])
            do {
                try fd.closeAfter {
                    _ = try fd.writeAll(text.utf8)
                    if fsync(fd.rawValue) != 0 { throw Errno(rawValue: errno) }
                }
                if rename(tmp, target) != 0 { throw Errno(rawValue: errno) }
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

extension TextFile {
    private static func writeInPlace(_ text: String, to path: String) throws(RollmonFailure) {
        do {
            let fd = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.truncate])
            try fd.closeAfter { _ = try fd.writeAll(text.utf8) }
        } catch let e as Errno {
            throw RollmonFailure(.ioError, "rollmon: cannot write \(path): \(String(cString: strerror(e.rawValue)))")
        } catch {
            throw RollmonFailure(.ioError, "rollmon: cannot write \(path): \(error)")
        }
    }

    /// Where a whole-file write of `path` is staged: a sibling temporary file and the file it is renamed over, or nil
    /// for a device or a FIFO (/dev/stdout, /dev/full, a pipe), which is written in place: renaming over it would
    /// replace the device node with a regular file. A symbolic link is followed, so the file it names is replaced,
    /// not the link. Shared by `write` and `OrientationCSVWriter`.
    static func staging(for path: String) -> (tmp: String, target: String)? {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG { return nil }
        let target = realTarget(path)
        return (target + ".tmp-\(getpid())", target)
    }

    /// The file a symbolic link names, also when it does not exist yet (the path itself when it is no link).
    private static func realTarget(_ path: String) -> String {
        var l = stat()
        guard lstat(path, &l) == 0, (l.st_mode & S_IFMT) == S_IFLNK else { return path }
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        var bytes = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &bytes, bytes.count - 1)
        guard n > 0 else { return path }
        let link = String(decoding: bytes[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if link.hasPrefix("/") { return link }
        let dir = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        return dir + "/" + link
    }
}

/// Whether two paths name one file (same device and inode), so an output never overwrites the input it is made from.
/// `-` is standard input: `replay - < t.csv --orientation-csv /dev/stdin` once truncated t.csv.
enum FileIdentity {
    static func same(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard status(a, &sa), status(b, &sb) else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    private static func status(_ path: String, _ info: inout stat) -> Bool {
        path == "-" ? fstat(STDIN_FILENO, &info) == 0 : stat(path, &info) == 0
    }
}
