/// What a user types about shoes, checked before anything is stored: a distance in km, a pair's name.
public enum ShoeDistance {
    /// One log entry may be a run, a week or the past of a pair added late, but never more than a whole shoe's
    /// life: the guidelines replace a pair after 500–800 km, so an entry over 1000 km is a slip (metres typed as
    /// kilometres, a digit too many), refused rather than counted.
    public static let maxEntryM = 1_000_000
    /// A limit below 100 km or above 2000 km is no running shoe's life (the guidelines: 500–800 km).
    public static let limitRangeM = 100_000...2_000_000

    /// Parses "12.5" (km) into whole metres; the error says why not, in words for one line.
    public static func parseEntry(_ text: String) -> Result<Int, ShoeInputError> {
        parse(text, what: "distance", upTo: maxEntryM,
              "is more than a pair's whole life (at most \(maxEntryM / 1000) km in one entry)")
    }

    public static func parseLimit(_ text: String) -> Result<Int, ShoeInputError> {
        let outside = "is outside \(limitRangeM.lowerBound / 1000)–\(limitRangeM.upperBound / 1000) km (the guidelines: replace after 500–800 km)"
        return parse(text, what: "limit", upTo: limitRangeM.upperBound, outside).flatMap { m in
            m >= limitRangeM.lowerBound ? .success(m) : .failure(.outOfRange("limit \(text) km \(outside)"))
        }
    }

    /// `text` km in whole metres, more than 0 and at most `maxM` (else `tooLarge`, after "<what> <text> km").
    private static func parse(_ text: String, what: String, upTo maxM: Int, _ tooLarge: String) -> Result<Int, ShoeInputError> {
        guard let km = Double(text), km.isFinite else { return .failure(.notANumber("\(what) '\(text)' is not a number of km such as 12.5")) }
        guard km > 0 else { return .failure(.outOfRange("\(what) \(text) km must be more than 0")) }
        let m = (km * 1000).rounded()
        guard m >= 1 else { return .failure(.outOfRange("\(what) \(text) km is less than a metre")) }
        // Compared as a Double first, so that the conversion to Int below cannot trap on a huge number.
        guard m <= Double(maxM) else { return .failure(.outOfRange("\(what) \(text) km \(tooLarge)")) }
        return .success(Int(m))
    }

    /// Metres as km with one decimal: 412345 → "412.3".
    public static func kmText(_ m: Int) -> String {
        let tenths = (Double(m) / 100).rounded()
        return "\(tenths / 10)"
    }
}

public enum ShoeName {
    public static let maxLength = 40

    /// A name is what `--pair` is matched against: printable, 1–40 characters, no leading or trailing space.
    public static func check(_ name: String) -> Result<String, ShoeInputError> {
        if name.isEmpty || name.allSatisfy(\.isWhitespace) { return .failure(.badName("a pair needs a name, e.g. rollmon shoes add Pegasus")) }
        if name.count > maxLength { return .failure(.badName("pair name '\(name.prefix(maxLength))…' is longer than \(maxLength) characters")) }
        if name.first!.isWhitespace || name.last!.isWhitespace { return .failure(.badName("pair name '\(name)' starts or ends with a space")) }
        if name.hasPrefix("-") { return .failure(.badName("pair name '\(name)' starts with '-'")) }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            return .failure(.badName("pair name contains a control character"))
        }
        return .success(name)
    }
}

public enum ShoeInputError: Error, Equatable, CustomStringConvertible {
    case notANumber(String)
    case outOfRange(String)
    case badName(String)

    public var description: String {
        switch self {
        case let .notANumber(s), let .outOfRange(s), let .badName(s): return s
        }
    }
}
