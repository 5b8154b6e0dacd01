import RollHistory

/// `rollmon history --json`: exactly the object of interface v2 §5, keys in its order, seconds to 0.1 s and
/// adherence to 3 decimals.
enum HistoryJSON {
    /// `shoes`: the object of `rollmon shoes --json`, appended as the last key (an extension, interface §5a).
    static func render(_ s: HistoryStanding, shoes: ShoeStanding) -> String {
        var out = "{\"today\": \"\(s.today)\", \"day_starts_at\": \"\(s.dayStart)\", "
        out += "\"streak_days\": \(s.streakDays), \"best_streak_days\": \(s.bestStreakDays), "
        out += "\"adherence_7d\": \(rounded(s.adherence7d, 3)), \"adherence_30d\": \(rounded(s.adherence30d, 3)), "
        out += "\"days\": ["
        out += s.days.map(day).joined(separator: ", ")
        out += "], \"shoes\": " + ShoesJSON.render(shoes) + "}"
        return out
    }

    static func day(_ d: DayRow) -> String {
        "{\"date\": \"\(d.date)\", \"sessions\": \(d.sessions), \"right_s\": \(rounded(d.rightS, 1)), "
            + "\"left_s\": \(rounded(d.leftS, 1)), \"calves_s\": \(rounded(d.calvesS, 1)), \"met\": \(d.met), "
            + "\"paused\": \(d.paused), \"severe_events\": \(d.severeEvents), \"bursts\": \(d.bursts), "
            + "\"tender_holds\": \(d.tenderHolds)}"
    }

    /// Shortest decimal of `v` rounded to `decimals` places ("151.2", "0.0", "0.714").
    static func rounded(_ v: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (v * scale).rounded() / scale
        return "\(r == 0 ? 0 : r)"
    }
}
