/// A calendar day (proleptic Gregorian), held as a day number so that stepping and comparing are integer arithmetic.
/// Day 0 is 1970-01-01. Pure: no time zone, no clock.
public struct LocalDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// From a civil date (algorithm "days_from_civil", H. Hinnant, chrono-Compatible Low-Level Date Algorithms).
    public init(year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        dayNumber = era * 146_097 + doe - 719_468
    }

    /// The days `YYYY-MM-DD` can name: years 0001–9999 (ISO 8601's four-digit years; 0000 is no Gregorian year).
    public static let first = LocalDay(year: 1, month: 1, day: 1)
    public static let last = LocalDay(year: 9999, month: 12, day: 31)

    /// Parses `YYYY-MM-DD` (ASCII digits only); nil for anything else, including impossible dates such as
    /// 2026-02-30 and years outside 0001–9999 (`+999-01-01` once parsed as the year 999 and printed as `999-01-01`).
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              y >= 1, (1...12).contains(m), (1...31).contains(d) else { return nil }
        self.init(year: y, month: m, day: d)
        guard self.civil == (y, m, d) else { return nil }
    }

    /// (year, month, day) ("civil_from_days", same source).
    public var civil: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 }

    public func adding(days: Int) -> LocalDay { LocalDay(dayNumber: dayNumber + days) }

    /// `YYYY-MM-DD`, the year in four digits (0042-01-01) as ISO 8601 and interface §5 write it.
    public var description: String {
        let (y, m, d) = civil
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-\(two(m))-\(two(d))"
    }

    public static func < (a: LocalDay, b: LocalDay) -> Bool { a.dayNumber < b.dayNumber }
}

/// When a "day" begins, as minutes after local midnight (config `day_starts_at`, default 04:00: a session at 01:30
/// still belongs to the evening before, the way people speak of their day).
public struct DayStart: Sendable, Equatable, CustomStringConvertible {
    public let minutesAfterMidnight: Int

    public static let `default` = DayStart(minutesAfterMidnight: 4 * 60)

    public init(minutesAfterMidnight: Int) { self.minutesAfterMidnight = minutesAfterMidnight }

    /// `HH:MM`, 00:00–23:59.
    public init?(_ text: String) {
        let p = text.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 2, p[0].count == 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]),
              (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        minutesAfterMidnight = h * 60 + m
    }

    public var description: String {
        let h = minutesAfterMidnight / 60, m = minutesAfterMidnight % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// The day a session belongs to: its start in local time (UTC seconds plus the zone's offset at that instant),
    /// moved back by the day start, then the calendar date.
    public func day(unixSeconds: Double, utcOffsetSeconds: Int) -> LocalDay {
        let local = unixSeconds + Double(utcOffsetSeconds) - Double(minutesAfterMidnight * 60)
        return LocalDay(dayNumber: Int((local / 86_400).rounded(.down)))
    }
}
