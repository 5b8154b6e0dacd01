/// Byte patterns toml++ 3 (under TOMLKit) asserts on instead of reporting a parse error — a SIGABRT in `rollmon`
/// (found by fuzzing, `scripts/fuzz.sh config`). Each is refused with its line before toml++ sees the text. With
/// NDEBUG the same spots are `__builtin_assume`, undefined behaviour, so these checks stay in any build.
enum TOMLPreflight {
    /// The first such pattern: its line and what was expected there. Strings (basic, literal, multi-line) and
    /// comments are skipped; a `[` at the start of a line outside any value opens a table header.
    /// - A `}` where an array expects a value: after `[` or a comma, across spaces, line breaks and comments
    ///   (`a = [}`, `a = [1, }`). toml++'s `parse_array` hands that character to `parse_value`, which asserts
    ///   `!is_value_terminator(*cp)`; a `]`, a comma or a comment there it handles itself.
    /// - A date-time whose time does not start with a digit (`1978-05-27T&07:32:00Z`): `parse_date_time` calls
    ///   `parse_time`, which asserts `is_decimal_digit(*cp)`; and a date, a space and a digit that does not begin
    ///   `HH:` (`1979-05-27 0`): the value scan asserts `!is_value_terminator(*cp)`.
    static func firstAssertingPattern(_ text: String) -> (line: Int, expected: String)? {
        let b = Array(text.utf8)
        var line = 1
        var open: [UInt8] = []   // the value brackets open here: "[" or "{"
        var expectingValue = false
        // Where a key is written (a line's start outside any value, after `{` or an inline table's comma) until
        // its `=`: key tokens are skipped, only values are checked.
        var expectingKey = true
        var atLineStart = true
        var i = 0
        while i < b.count {
            let c = b[i]
            switch c {
            case ascii("\n"):
                line += 1
                atLineStart = true
                if open.isEmpty { expectingKey = true }
                i += 1
                continue
            case ascii(" "), ascii("\t"), ascii("\r"):
                i += 1
                continue
            case ascii("#"):
                while i < b.count, b[i] != ascii("\n") { i += 1 }
                continue
            case ascii("\""), ascii("'"):
                i = skipString(b, from: i, line: &line)
                expectingValue = false
            case ascii("["):
                if open.isEmpty && atLineStart {
                    // A table header: its name is checked by `tableHeaderWithoutName`; no value on this line.
                    while i < b.count, b[i] != ascii("\n") { i += 1 }
                    continue
                }
                open.append(c)
                expectingValue = true
            case ascii("{"):
                open.append(c)
                expectingValue = false
                expectingKey = true
            case ascii("="):
                expectingKey = false
                expectingValue = false
            case ascii("}"), ascii("]"):
                if c == ascii("}") && expectingValue { return (line, "a value or ']' in the list, found '}'") }
                if !open.isEmpty { open.removeLast() }
                expectingValue = false
            case ascii(","):
                expectingValue = open.last == ascii("[")
                expectingKey = open.last == ascii("{")
            default:
                if expectingKey && (isBareKeyByte(c) || c == ascii(".")) {
                    while i < b.count, isBareKeyByte(b[i]) || b[i] == ascii(".") { i += 1 }
                    atLineStart = false
                    continue
                }
                if dateTimeWithoutTime(b, at: i) { return (line, "a time of day HH:MM:SS after the date") }
                expectingValue = false
            }
            atLineStart = false
            i += 1
        }
        return nil
    }

    /// `DDDD-DD-DDT` (or `t`) then anything but a digit, or `DDDD-DD-DD` then a space and a digit not starting
    /// `HH:`, starting a value token at `i`.
    private static func dateTimeWithoutTime(_ b: [UInt8], at i: Int) -> Bool {
        func digit(_ k: Int) -> Bool { k < b.count && (ascii("0")...ascii("9")).contains(b[k]) }
        guard i + 10 < b.count, i == 0 || !isBareKeyByte(b[i - 1]) else { return false }
        return (0..<4).allSatisfy({ digit(i + $0) }) && b[i + 4] == ascii("-") && digit(i + 5) && digit(i + 6)
            && b[i + 7] == ascii("-") && digit(i + 8) && digit(i + 9)
            && (((b[i + 10] == ascii("T") || b[i + 10] == ascii("t")) && !digit(i + 11))
                || (b[i + 10] == ascii(" ") && digit(i + 11) && !(digit(i + 12) && i + 13 < b.count && b[i + 13] == ascii(":"))))
    }

    private static func isBareKeyByte(_ c: UInt8) -> Bool {
        (ascii("0")...ascii("9")).contains(c) || (ascii("A")...ascii("Z")).contains(c) || (ascii("a")...ascii("z")).contains(c)
            || c == ascii("_") || c == ascii("-")
    }

    /// The index just past the string starting at `i` (a quote): `"…"` with backslash escapes, `'…'` without,
    /// `"""…"""` / `'''…'''` across lines. A one-line string ends at a line break too (TOML forbids one there;
    /// toml++ reports it), so the scan stays in step.
    private static func skipString(_ b: [UInt8], from start: Int, line: inout Int) -> Int {
        let quote = b[start]
        let triple = start + 2 < b.count && b[start + 1] == quote && b[start + 2] == quote
        var i = start + (triple ? 3 : 1)
        while i < b.count {
            let c = b[i]
            if c == ascii("\\") && quote == ascii("\"") { i += 2; continue }
            if c == ascii("\n") {
                line += 1
                if !triple { return i }
            }
            if c == quote && (!triple || (i + 2 < b.count && b[i + 1] == quote && b[i + 2] == quote)) {
                return i + (triple ? 3 : 1)
            }
            i += 1
        }
        return i
    }

    private static func ascii(_ s: Unicode.Scalar) -> UInt8 { UInt8(s.value) }
}
