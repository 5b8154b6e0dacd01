/// What one session contributes to its day, already summed over its segments.
public struct SessionContribution: Sendable, Equatable {
    public var day: LocalDay
    public var rightS: Double
    public var leftS: Double
    public var calvesS: Double
    public var severeEvents: Int
    public var bursts: Int
    public var tenderHolds: Int

    public init(day: LocalDay, rightS: Double, leftS: Double, calvesS: Double, severeEvents: Int, bursts: Int,
                tenderHolds: Int) {
        self.day = day; self.rightS = rightS; self.leftS = leftS; self.calvesS = calvesS
        self.severeEvents = severeEvents; self.bursts = bursts; self.tenderHolds = tenderHolds
    }
}

/// Days off (injury, illness), inclusive at both ends.
public struct PauseSpan: Sendable, Equatable {
    public var from: LocalDay
    public var to: LocalDay
    public var reason: String?
    public init(from: LocalDay, to: LocalDay, reason: String? = nil) { self.from = from; self.to = to; self.reason = reason }
    public func contains(_ d: LocalDay) -> Bool { from <= d && d <= to }
}

/// One day of the history (interface v2 §5, an entry of `days`).
public struct DayRow: Sendable, Equatable {
    public var date: LocalDay
    public var sessions = 0
    public var rightS = 0.0
    public var leftS = 0.0
    public var calvesS = 0.0
    public var met = false
    public var paused = false
    public var severeEvents = 0
    public var bursts = 0
    public var tenderHolds = 0

    public init(date: LocalDay) { self.date = date }

    /// met / partly / missed / paused, for the calendar.
    public var mark: DayMark {
        if met { return .met }
        if paused { return .paused }
        return sessions > 0 && (rightS > 0 || leftS > 0 || calvesS > 0) ? .partly : .missed
    }
}

public enum DayMark: String, Sendable {
    case met, partly, missed, paused
}

/// The daily-habit rules of interface v2 §5, pure: contributions and pauses in, days, streaks and adherence out.
public enum DayRules {
    /// Each foot needs this much `active_s` in a day (the guideline: 2–3 min per foot, at least once a day).
    public static let footTargetS = 120.0

    public static func isMet(rightS: Double, leftS: Double) -> Bool { rightS >= footTargetS && leftS >= footTargetS }

    /// Sums contributions per day.
    public static func rows(_ contributions: [SessionContribution], pauses: [PauseSpan]) -> [LocalDay: DayRow] {
        var rows: [LocalDay: DayRow] = [:]
        for c in contributions {
            var r = rows[c.day] ?? DayRow(date: c.day)
            r.sessions += 1
            r.rightS += c.rightS; r.leftS += c.leftS; r.calvesS += c.calvesS
            r.severeEvents += c.severeEvents; r.bursts += c.bursts; r.tenderHolds += c.tenderHolds
            rows[c.day] = r
        }
        for key in rows.keys { rows[key]!.met = isMet(rightS: rows[key]!.rightS, leftS: rows[key]!.leftS) }
        return rows
    }

    /// The row for any day, empty days and pauses included.
    public static func row(_ day: LocalDay, in rows: [LocalDay: DayRow], pauses: [PauseSpan]) -> DayRow {
        var r = rows[day] ?? DayRow(date: day)
        r.paused = pauses.contains { $0.contains(day) }
        return r
    }

    /// Consecutive met days ending `today`, or ending yesterday while today is not met yet. Paused days are
    /// skipped: they neither break nor extend a streak.
    public static func streak(today: LocalDay, rows: [LocalDay: DayRow], pauses: [PauseSpan]) -> Int {
        guard let earliest = rows.keys.min() else { return 0 }
        var day = today
        let first = row(today, in: rows, pauses: pauses)
        var count = 0
        if first.met { count = 1 }
        day = day.adding(days: -1)
        while day >= earliest {
            let r = row(day, in: rows, pauses: pauses)
            if r.met { count += 1 } else if !r.paused { break }
            day = day.adding(days: -1)
        }
        return count
    }

    /// The longest streak anywhere up to `today` (same rule: paused days skipped).
    public static func bestStreak(today: LocalDay, rows: [LocalDay: DayRow], pauses: [PauseSpan]) -> Int {
        guard let earliest = rows.keys.min(), earliest <= today else { return 0 }
        var best = 0, run = 0
        var day = earliest
        while day <= today {
            let r = row(day, in: rows, pauses: pauses)
            if r.met { run += 1; best = max(best, run) } else if !r.paused { run = 0 }
            day = day.adding(days: 1)
        }
        return best
    }

    /// Met days / (N − paused days) over the N days ending `today`; 0 when every day was paused.
    public static func adherence(days n: Int, today: LocalDay, rows: [LocalDay: DayRow], pauses: [PauseSpan]) -> Double {
        var met = 0, paused = 0
        for k in 0..<n {
            let r = row(today.adding(days: -k), in: rows, pauses: pauses)
            if r.met { met += 1 } else if r.paused { paused += 1 }
        }
        let counted = n - paused
        return counted > 0 ? Double(met) / Double(counted) : 0
    }
}

/// Everything `rollmon history` shows, computed from the contributions and pauses.
public struct HistoryStanding: Sendable, Equatable {
    public var today: LocalDay
    public var dayStart: DayStart
    public var streakDays: Int
    public var bestStreakDays: Int
    public var adherence7d: Double
    public var adherence30d: Double
    /// Newest first, one per day of the window.
    public var days: [DayRow]

    public init(today: LocalDay, windowDays: Int, dayStart: DayStart, contributions: [SessionContribution],
                pauses: [PauseSpan]) {
        let rows = DayRules.rows(contributions, pauses: pauses)
        self.today = today
        self.dayStart = dayStart
        streakDays = DayRules.streak(today: today, rows: rows, pauses: pauses)
        bestStreakDays = max(streakDays, DayRules.bestStreak(today: today, rows: rows, pauses: pauses))
        adherence7d = DayRules.adherence(days: 7, today: today, rows: rows, pauses: pauses)
        adherence30d = DayRules.adherence(days: 30, today: today, rows: rows, pauses: pauses)
        days = (0..<max(0, windowDays)).map { DayRules.row(today.adding(days: -$0), in: rows, pauses: pauses) }
    }

    public var todayRow: DayRow? { days.first }
}
