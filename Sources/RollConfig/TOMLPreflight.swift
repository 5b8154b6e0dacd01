/// Byte patterns toml++ 3 (under TOMLKit) asserts on instead of reporting a parse error — a SIGABRT in `rollmon`
/// (found by fuzzing, `scripts/fuzz.sh config`). Each is refused with its line before toml++ sees the text. With
/// NDEBUG the same spots are `__builtin_assume`, undefined behaviour, so these checks stay in any build.
enum TOMLPreflight {
    /// The first such pattern: its line and what was expected there. Strings (basic, literal, multi-line) and
    /// comments are skipped; a `[` at the start of a line outside any value opens a table header.
    /// - A `}` where an array expects a value: after `[` or a comma, across spaces, line breaks and comments
    ///   (`a = [}`, `a = [1, }`). toml++'s `parse_array` hands that character to `parse_value`, which asserts
    ///   `!is_value_terminator(*cp)`; a `]`, a comma or a comment there it handles itself.
    /// - Anything that begins like a date or a time of day but is not a whole one (`malformedDateTime`): toml++'s
    ///   `parse_date_time` / `parse_time` and its value scan assert on such near misses.
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
                switch dateTimeToken(b, at: i) {
                case .none: break
                case .malformed:
                    return (line, "a whole date-time (YYYY-MM-DD, a time of day HH:MM:SS after it, an offset Z or ±HH:MM)")
                case .whole(let end):
                    // Step over it: its `:`, `-`, `+` and the space before its time are not tokens of their own.
                    i = end
                    expectingValue = false
                    atLineStart = false
                    continue
                }
                expectingValue = false
            }
            atLineStart = false
            i += 1
        }
        return nil
    }

    /// A value token at `i` that begins like a date (`DDDD-`) or a time of day (`DD:`) but is not exactly one of
    /// TOML's forms: full-date `YYYY-MM-DD`, optionally `T`/`t`/space and `HH:MM[:SS[.frac]]`, optionally `Z`/`z` or
    /// `±HH:MM`; or a local time `HH:MM[:SS[.frac]]` — then a value's end (space, `,`, `]`, `}`, `#`, line end).
    /// toml++ asserts inside its date-time scan on many near misses (`1978-05-27T&…`, `1979-05-27 0`,
    /// `0989-05-CC 5`: each found by fuzzing), so anything date-like that is not a whole date-time is refused here.
    /// rollmon's own keys hold no dates; a correct one in an unknown section still passes (and is stepped over).
    private enum DateTimeToken { case none, malformed, whole(end: Int) }

    private static func dateTimeToken(_ b: [UInt8], at i: Int) -> DateTimeToken {
        // Only where a value starts: after `=`, `[`, `,`, `{` or white space (not inside a number or a bare key).
        guard i == 0 || [" ", "\t", "\r", "\n", "=", "[", ",", "{"].contains(where: { b[i - 1] == ascii($0) }) else { return .none }
        func digit(_ k: Int) -> Bool { k < b.count && (ascii("0")...ascii("9")).contains(b[k]) }
        func digits(_ k: Int, _ n: Int) -> Bool { (0..<n).allSatisfy { digit(k + $0) } }
        func at(_ k: Int, _ c: Unicode.Scalar) -> Bool { k < b.count && b[k] == ascii(c) }
        func ends(_ k: Int) -> Bool {
            k >= b.count || [" ", "\t", "\r", "\n", ",", "]", "}", "#"].contains { b[k] == ascii($0) }
        }
        /// `HH:MM[:SS[.frac]]` from k: the index after it, or nil.
        func time(_ k: Int) -> Int? {
            guard digits(k, 2), at(k + 2, ":"), digits(k + 3, 2) else { return nil }
            var j = k + 5
            if at(j, ":") {
                guard digits(j + 1, 2) else { return nil }
                j += 3
                if at(j, ".") {
                    guard digit(j + 1) else { return nil }
                    j += 1
                    while digit(j) { j += 1 }
                }
            }
            return j
        }
        func whole(_ end: Int) -> DateTimeToken { ends(end) ? .whole(end: end) : .malformed }
        let looksLikeDate = digits(i, 4) && at(i + 4, "-")
        let looksLikeTime = digits(i, 2) && at(i + 2, ":")
        guard looksLikeDate || looksLikeTime else { return .none }
        if looksLikeTime { return time(i).map(whole) ?? .malformed }
        guard digits(i + 5, 2), at(i + 7, "-"), digits(i + 8, 2) else { return .malformed }
        var j = i + 10
        if ends(j) && !(at(j, " ") && digit(j + 1)) { return .whole(end: j) }   // a date alone
        guard at(j, "T") || at(j, "t") || at(j, " "), let afterTime = time(j + 1) else { return .malformed }
        j = afterTime
        if at(j, "Z") || at(j, "z") { j += 1 }
        else if at(j, "+") || at(j, "-") {
            guard digits(j + 1, 2), at(j + 3, ":"), digits(j + 4, 2) else { return .malformed }
            j += 6
        }
        return whole(j)
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
