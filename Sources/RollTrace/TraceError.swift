/// A malformed trace: one line that names the place (`file:line:column`) and what was expected.
/// The CLI prints `description` and exits with status 65 (EX_DATAERR, sysexits.h).
public struct TraceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line number in the file.
    public var line: Int
    /// 1-based column (byte offset within the line, counted after a UTF-8 BOM on line 1).
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}

/// Something odd but recoverable, e.g. a last line cut short by a power loss.
public struct TraceWarning: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): warning: \(message)" }
}
