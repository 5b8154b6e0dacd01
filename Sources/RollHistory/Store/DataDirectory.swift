import Foundation

/// Where rollmon keeps what it records (interface v2 §5): `--data-dir DIR`, else `$ROLLMON_DATA_DIR`, else
/// `$XDG_DATA_HOME/rollmon`, else `~/.local/share/rollmon`. Recordings in `DIR/sessions/`, the history in
/// `DIR/history.sqlite`.
public struct DataDirectory: Sendable, Equatable {
    public let root: String

    public init(root: String) { self.root = root }

    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> DataDirectory {
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        if let f = nonEmpty(flag) { return DataDirectory(root: f) }
        if let d = nonEmpty(environment["ROLLMON_DATA_DIR"]) { return DataDirectory(root: d) }
        if let x = nonEmpty(environment["XDG_DATA_HOME"]) { return DataDirectory(root: x + "/rollmon") }
        return DataDirectory(root: (nonEmpty(environment["HOME"]) ?? NSHomeDirectory()) + "/.local/share/rollmon")
    }

    public var sessions: String { root + "/sessions" }
    public var database: String { root + "/history.sqlite" }

    /// Creates `DIR/sessions/` and any missing parent, like `mkdir -p`, saying which part failed and why in the
    /// system's words (a file where a directory should be: "Not a directory"; a read-only place: "Permission denied").
    public func create() throws(HistoryError) {
        let parts = sessions.split(separator: "/", omittingEmptySubsequences: true)
        var built = sessions.hasPrefix("/") ? "" : "."
        for part in parts {
            built = built == "." ? String(part) : built + "/" + part
            if mkdir(built, 0o755) == 0 { continue }
            var e = errno
            if e == EEXIST {
                var st = stat()
                if stat(built, &st) == 0, st.st_mode & S_IFMT == S_IFDIR { continue }
                e = ENOTDIR
            }
            throw .io(path: built, detail: "cannot create the data directory: \(String(cString: strerror(e)))")
        }
    }

    /// The path a row stores: relative to the data directory when the file is inside it, else absolute.
    public func storedPath(for path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let base = URL(fileURLWithPath: root).standardizedFileURL.path + "/"
        return absolute.hasPrefix(base) ? String(absolute.dropFirst(base.count)) : absolute
    }

    /// The file behind a stored path.
    public func file(forStored stored: String) -> String { stored.hasPrefix("/") ? stored : root + "/" + stored }

    /// A new recording's path: `sessions/<local time>.csv`, never an existing file's name.
    public func newRecordingPath(now: Date = Date()) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd'T'HH-mm-ss"
        let stem = sessions + "/" + f.string(from: now)
        var path = stem + ".csv"
        var n = 2
        while FileManager.default.fileExists(atPath: path) { path = "\(stem)-\(n).csv"; n += 1 }
        return path
    }
}
