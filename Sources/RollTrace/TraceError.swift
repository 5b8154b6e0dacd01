/// A malformed trace: one line that names the place (`file:line:column`) and what was expected.
/// The CLI prints `description` and exits with status 65 (EX_DATAERR, sysexits.h).
public struct TraceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line number in the file.
    public var line: Int
    /// 1-based column (byte offset within the line, counted after a UTF-8 BOM on line 1).
    public var column: Int
    public var message: String
    /// The file ends inside its header (magic line, metadata or column header), before any row: a recording whose
    /// process died or lost power in its first moments. It holds no sample, like an empty file.
    public var endsBeforeFirstRow = false

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = printableLine(message)
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

/// `text` with the control characters a file can hold (NUL, CR, ESC, ...) written as `\u{0}`, so that quoting a cell
/// or a header in a message keeps it one printable line (a raw ESC would also drive the user's terminal). A NUL inside
/// a number cell used to come out verbatim in the error line.
public func printableLine(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = ""
    for u in text.unicodeScalars {
        if isControl(u) { out += "\\u{\(String(u.value, radix: 16))}" } else { out.unicodeScalars.append(u) }
    }
    return out
}

private func isControl(_ u: Unicode.Scalar) -> Bool { u.value < 0x20 || (0x7F...0x9F).contains(u.value) }
