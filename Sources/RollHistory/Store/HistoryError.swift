/// Why the history cannot be used. Each is one line that says what happened and what to do; the CLI prints it and
/// exits 74 (EX_IOERR). The database file is never replaced or repaired behind the user's back.
public enum HistoryError: Error, CustomStringConvertible, Equatable {
    case notADatabase(path: String, detail: String)
    case newerSchema(path: String, unknown: [String])
    case locked(path: String, waitedS: Double)
    case io(path: String, detail: String)

    public var description: String {
        switch self {
        case let .notADatabase(path, detail):
            return "\(path) cannot be read as a history database (\(detail)); it was left untouched: move it aside and run rollmon again to rebuild the history from the recordings"
        case let .newerSchema(path, unknown):
            return "\(path) was written by a newer rollmon (schema \(unknown.joined(separator: ", ")) unknown here); it was left untouched: update rollmon to read it"
        case let .locked(path, waitedS):
            return "\(path) stayed locked by another process for \(Int(waitedS)) s; nothing was changed: try again when it has finished"
        case let .io(path, detail):
            return "\(path): \(detail)"
        }
    }
}
