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

    /// Creates `DIR/sessions/` if needed.
    public func create() throws(HistoryError) {
        do { try FileManager.default.createDirectory(atPath: sessions, withIntermediateDirectories: true) } catch {
            throw .io(path: sessions, detail: "cannot create the data directory: \((error as NSError).localizedDescription)")
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
