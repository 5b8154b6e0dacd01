import RollCore
import RollHistory
import SensorIO
import TOMLKit

/// Reads config.toml into a typed `RollmonConfig`, checking every known key's type and range, so that a bad value is
/// one line `file:line: key: what was expected` (exit 78) before any hardware is opened — never a trap in a
/// conversion later. Unknown keys and sections are left alone (other rollmon versions may write them).
struct ConfigReader {
    let path: String
    let text: String
    private let keyLines: KeyLines

    init(path: String, text: String) {
        self.path = path
        self.text = text
        keyLines = KeyLines(text)
    }

    func read() throws(ConfigError) -> RollmonConfig {
        // TOMLKit hands the text to toml++ as a C string, so everything after a NUL would be silently dropped (the
        // config was accepted); TOML forbids the byte anyway (toml.io v1.0.0, "control characters").
        if let nul = text.utf8.firstIndex(of: 0) {
            let line = text.utf8[..<nul].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            throw ConfigError(path: path, line: line, message: "not valid TOML: a NUL byte (is this a text file?)")
        }
        if let line = KeyLines.tableHeaderWithoutName(text) {
            throw ConfigError(path: path, line: line, message: "not valid TOML: expected a table name after '['")
        }
        if let found = TOMLPreflight.firstAssertingPattern(text) {
            throw ConfigError(path: path, line: found.line, message: "not valid TOML: expected \(found.expected)")
        }
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch {
            if let e = error as? TOMLParseError {
                throw ConfigError(path: path, line: e.source.begin.line, message: "not valid TOML: \(e.description)")
            }
            throw ConfigError(path: path, message: "not valid TOML: \(error)")
        }
        var c = RollmonConfig()
        if let t = try section(root, "tool") {
            c.tool = .init(kind: try choice(t, "tool.kind", Tool.self),
                           radiusMM: try number(t, "tool.radius_mm", "a radius in mm, \(SettingRanges.words(SettingRanges.radiusMM))") {
                               SettingRanges.radiusMM.contains($0)
                           },
                           fasciaCM: try number(t, "tool.fascia_cm", "a length in cm, \(SettingRanges.words(SettingRanges.fasciaCM))") {
                               SettingRanges.fasciaCM.contains($0)
                           })
        }
        if let t = try section(root, "thresholds") {
            c.thresholds = .init(severeN: try number(t, "thresholds.severe_n", "a force in N, \(SettingRanges.words(SettingRanges.severeN))") {
                                     SettingRanges.severeN.contains($0)
                                 },
                                 firstFoot: try choice(t, "thresholds.first_foot", Foot.self))
        }
        if let t = try section(root, "wiring") {
            var w = RollmonConfig.WiringSection()
            w.i2cBus = try integer(t, "wiring.i2c_bus", ConfigRanges.i2cBus, "an I2C bus number (0 or more)")
            w.imuAddress = try address(t, "wiring.imu_address")
            w.forceSensor = try choice(t, "wiring.force_sensor", ForceSensorKind.self)
            w.forceAddress = try address(t, "wiring.force_address")
            w.ads1115Input = try choice(t, "wiring.ads1115_input", ADS1115InputKind.self)
            w.gpiochip = try string(t, "wiring.gpiochip", "a GPIO chip name or path, e.g. \"gpiochip0\"") { !$0.isEmpty }
            w.buttonLine = try line(t, "wiring.button_line")
            w.buzzerLine = try line(t, "wiring.buzzer_line")
            w.hx711DataLine = try line(t, "wiring.hx711_data_line")
            w.hx711ClockLine = try line(t, "wiring.hx711_clock_line")
            w.imuDataReadyLine = try line(t, "wiring.imu_data_ready_line")
            // The HX711's RATE pin: low = 10 SPS, high = 80 SPS (HX711 datasheet, pin description).
            w.hx711RateHz = try number(t, "wiring.hx711_rate_hz", "10 (RATE pin low) or 80 (RATE pin high)") {
                HX711Timing.supportedRatesHz.contains($0)
            }
            c.wiring = w
        }
        if let t = try section(root, "calibration") {
            var k = RollmonConfig.CalibrationSection()
            k.gyroBiasRadS = try numbers(t, "calibration.gyro_bias_rad_s", "3 numbers (x, y, z in rad/s)") { $0.count == 3 }
            k.forceTareCounts = try number(t, "calibration.force_tare_counts", "a number of counts") { _ in true }
            k.forceNewtonsPerCount = try number(t, "calibration.force_newtons_per_count", "a scale in N per count, not 0") { $0 != 0 }
            k.forceCurve = try forceCurve(t, "calibration.force_curve")
            k.personalSevereN = try number(t, "calibration.personal_severe_n", "a force in N, \(SettingRanges.words(SettingRanges.severeN))") {
                SettingRanges.severeN.contains($0)
            }
            k.calibratedAt = try string(t, "calibration.calibrated_at", "a date and time as text") { _ in true }
            c.calibration = k
        }
        if let t = try section(root, "history") {
            var h = RollmonConfig.HistorySection()
            h.dayStartsAt = try string(t, "history.day_starts_at", "a time of day HH:MM, e.g. \"04:00\"") { DayStart($0) != nil }
            c.history = h
        }
        if let t = try section(root, "user") {
            var users: [String: RollmonConfig.UserSection] = [:]
            for name in t.keys.sorted() {
                let key = "user.\(name)"
                guard let u = t[name]?.table else { throw failure(key, "expected a section [\(key)], found \(Self.describe(t[name]!))") }
                let fascia = SettingRanges.fasciaCM, severe = SettingRanges.severeN
                users[name] = .init(fasciaCM: try number(u, key + ".fascia_cm", "a length in cm, \(SettingRanges.words(fascia))") {
                                        fascia.contains($0)
                                    },
                                    personalSevereN: try number(u, key + ".personal_severe_n", "a force in N, \(SettingRanges.words(severe))") {
                                        severe.contains($0)
                                    },
                                    calibratedAt: try string(u, key + ".calibrated_at", "a date and time as text") { _ in true })
            }
            c.user = users
        }
        return c
    }

    // MARK: - One reader per kind of value

    private func section(_ root: TOMLTable, _ name: String) throws(ConfigError) -> TOMLTable? {
        guard let v = root[name] else { return nil }
        guard let t = v.table else { throw failure(name, "expected a section [\(name)], found \(Self.describe(v))") }
        return t
    }

    private func value(_ t: TOMLTable, _ key: String) -> TOMLValueConvertible? {
        t[String(key.split(separator: ".").last!)]
    }

    /// A finite number (TOML integer or float) for which `valid` holds.
    private func number(_ t: TOMLTable, _ key: String, _ expected: String, _ valid: (Double) -> Bool) throws(ConfigError) -> Double? {
        guard let v = value(t, key) else { return nil }
        guard let x = Self.double(v), x.isFinite, valid(x) else { throw failure(key, "expected \(expected), found \(Self.describe(v))") }
        return x
    }

    private func integer(_ t: TOMLTable, _ key: String, _ range: ClosedRange<Int>, _ expected: String) throws(ConfigError) -> Int? {
        guard let v = value(t, key) else { return nil }
        guard v.type == .int, let x = v.int, range.contains(x) else { throw failure(key, "expected \(expected), found \(Self.describe(v))") }
        return x
    }

    private func address(_ t: TOMLTable, _ key: String) throws(ConfigError) -> UInt8? {
        try integer(t, key, ConfigRanges.i2cAddress, "a 7-bit I2C address, 0x03–0x77").flatMap(ConfigRanges.address)
    }

    private func line(_ t: TOMLTable, _ key: String) throws(ConfigError) -> UInt32? {
        try integer(t, key, ConfigRanges.gpioLine, "a GPIO line offset (0 or more)").map { UInt32($0) }
    }

    private func string(_ t: TOMLTable, _ key: String, _ expected: String, _ valid: (String) -> Bool) throws(ConfigError) -> String? {
        guard let v = value(t, key) else { return nil }
        guard v.type == .string, let s = v.string, valid(s) else { throw failure(key, "expected \(expected), found \(Self.describe(v))") }
        return s
    }

    /// One of an enum's values, by name, case-insensitive.
    private func choice<E: RawRepresentable & CaseIterable>(_ t: TOMLTable, _ key: String, _: E.Type) throws(ConfigError) -> E?
        where E.RawValue == String {
        let names = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let s = try string(t, key, "one of \(names)", { _ in true }) else { return nil }
        guard let e = E(rawValue: s.lowercased()) else { throw failure(key, "expected one of \(names), found \(Self.quoted(s))") }
        return e
    }

    private func numbers(_ t: TOMLTable, _ key: String, _ expected: String, _ valid: ([Double]) -> Bool) throws(ConfigError) -> [Double]? {
        guard let v = value(t, key) else { return nil }
        guard let a = v.array else { throw failure(key, "expected \(expected), found \(Self.describe(v))") }
        let xs = a.compactMap(Self.double)
        guard xs.count == a.count, xs.allSatisfy(\.isFinite), valid(xs) else { throw failure(key, "expected \(expected), found \(Self.describe(v))") }
        return xs
    }

    /// `[[counts, newtons], …]`: at least two points, counts strictly increasing (PiecewiseForceCalibration).
    private func forceCurve(_ t: TOMLTable, _ key: String) throws(ConfigError) -> [[Double]]? {
        guard let v = value(t, key) else { return nil }
        let expected = "at least two [counts, newtons] pairs with counts increasing"
        guard let a = v.array, a.count >= 2 else { throw failure(key, "expected \(expected), found \(Self.describe(v))") }
        var points: [[Double]] = []
        for p in a {
            guard let pair = p.array, pair.count == 2, let raw = Self.double(pair[0]), let n = Self.double(pair[1]),
                  raw.isFinite, n.isFinite, points.last.map({ raw > $0[0] }) ?? true else {
                throw failure(key, "expected \(expected), found \(Self.describe(p)) at point \(points.count + 1)")
            }
            points.append([raw, n])
        }
        return points
    }

    private func failure(_ key: String, _ message: String) -> ConfigError {
        ConfigError(path: path, line: keyLines.line(of: key), key: key, message: message)
    }

    private static func double(_ v: TOMLValueConvertible) -> Double? {
        switch v.type {
        case .double: return v.double
        case .int: return v.int.map(Double.init)
        default: return nil
        }
    }

    /// A string value in quotes, at most 40 characters of it: a 10 MB value must not become a 10 MB error line.
    private static func quoted(_ text: String) -> String {
        "\"\(text.prefix(40))\"" + (text.count > 40 ? "…" : "")
    }

    /// The value as the user wrote it, roughly: a string in quotes, a number, or its TOML type.
    private static func describe(_ v: TOMLValueConvertible) -> String {
        switch v.type {
        case .string: return quoted(v.string ?? "")
        case .int: return v.int.map(String.init) ?? "an integer"
        case .double: return v.double.map { "\($0)" } ?? "a number"
        case .bool: return v.bool.map { "\($0)" } ?? "a boolean"
        case .array: return "a list"
        case .table: return "a table"
        default: return "a date or time"
        }
    }
}

/// Where each `section.key` is written in the file, for the error line. TOMLKit keeps no source positions for values,
/// so this reads the lines itself: `[section]` headers and `key = …` assignments (the shape rollmon's config has).
struct KeyLines {
    private var lines: [String: Int] = [:]

    init(_ text: String) {
        var section = ""
        for (i, raw) in Self.lines(text).enumerated() {
            let line = raw.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[") && !line.hasPrefix("[[") {
                guard let close = line.firstIndex(of: "]") else { continue }
                section = Self.bare(line[line.index(after: line.startIndex)..<close])
                if lines[section] == nil { lines[section] = i + 1 }
            } else if let eq = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = Self.bare(line[..<eq])
                let full = section.isEmpty ? key : section + "." + key
                if lines[full] == nil { lines[full] = i + 1 }
            }
        }
    }

    /// The line of a `[` or `[[` table header whose name does not start with a key character or a quote (`[#`, `[=`,
    /// `[` then a line break). toml++ 3 asserts on those (`parse_key`: SIGABRT, found by fuzzing), so they are refused
    /// before it sees them. A `[` opens a header only outside a value: brackets opened after `=` (outside strings and
    /// comments) are counted until they close.
    static func tableHeaderWithoutName(_ text: String) -> Int? {
        var depth = 0
        for (i, raw) in Self.lines(text).enumerated() {
            let line = Array(raw.utf8.drop(while: { $0 == 0x20 || $0 == 0x09 }))
            var j = 0
            if depth == 0 && line.first == UInt8(ascii: "[") {
                j = line.count > 1 && line[1] == UInt8(ascii: "[") ? 2 : 1
                while j < line.count, line[j] == 0x20 || line[j] == 0x09 { j += 1 }
                let c = j < line.count ? line[j] : 0x0A
                let bare = (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
                    || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'")
                if !(bare || c == UInt8(ascii: "]")) { return i + 1 }
                continue
            }
            // A value's brackets, outside quotes and comments.
            var quote: UInt8? = nil
            var inValue = depth > 0
            for c in line {
                if let q = quote { if c == q { quote = nil }; continue }
                if c == UInt8(ascii: "#") { break }
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { quote = c; continue }
                if c == UInt8(ascii: "=") { inValue = true }
                if inValue && c == UInt8(ascii: "[") { depth += 1 }
                if inValue && c == UInt8(ascii: "]") { depth = max(0, depth - 1) }
            }
        }
        return nil
    }

    /// The lines as TOML counts them: split at each LF byte. (A `String` split at "\n" would not split at CRLF, one
    /// Character in Swift, so a CRLF file looked like one line: its headers went unchecked and toml++ asserted on
    /// `\r\n[\\`, found by fuzzing.) A CR before the LF stays at the end of its line.
    static func lines(_ text: String) -> [Substring] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { Substring($0) }
    }

    func line(of key: String) -> Int? { lines[key] ?? lines[String(key.split(separator: ".").first ?? "")] }

    private static func bare(_ s: Substring) -> String {
        var t = s.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
        while let last = t.last, last == " " || last == "\t" { t = t.dropLast() }
        if t.count >= 2, let f = t.first, f == "\"" || f == "'", t.last == f { t = t.dropFirst().dropLast() }
        return String(t)
    }
}
