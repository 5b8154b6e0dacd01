#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// The names in a directory by readdir(3), without "." and "..": the one way SensorIO lists /dev for I2C bus nodes
/// and GPIO chip nodes (both syscall tables' `listDirectory`). Failure to open or read the directory is an `Errno`.
public func directoryEntryNames(_ path: String) -> Result<[String], Errno> {
    guard let dir = opendir(path) else { return .failure(Errno(rawValue: Glibc.errno)) }
    defer { closedir(dir) }
    var names: [String] = []
    while true {
        Glibc.errno = 0  // readdir returns NULL both at the end and on error; only errno tells them apart
        guard let entry = readdir(dir) else { break }
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    if Glibc.errno != 0 { return .failure(Errno(rawValue: Glibc.errno)) }
    return .success(names)
}
