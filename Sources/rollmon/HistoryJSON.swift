import RollHistory

/// `rollmon history --json`: exactly the object of interface v2 §5, keys in its order, seconds to 0.1 s and
/// adherence to 3 decimals; then the extensions `shoes` (interface.md §5a) and `routines` (§5b).
enum HistoryJSON {
    /// `shoes`: the object of `rollmon shoes --json` (interface §5a), then `routines` (§5b).
    static func render(_ s: HistoryStanding, shoes: ShoeStanding, routines: [(day: LocalDay, routine: RoutineRecord)] = []) -> String {
        var out = "{\"today\": \"\(s.today)\", \"day_starts_at\": \"\(s.dayStart)\", "
        out += "\"streak_days\": \(s.streakDays), \"best_streak_days\": \(s.bestStreakDays), "
        out += "\"adherence_7d\": \(rounded(s.adherence7d, 3)), \"adherence_30d\": \(rounded(s.adherence30d, 3)), "
        out += "\"days\": ["
        out += s.days.map(day).joined(separator: ", ")
        out += "], \"shoes\": " + ShoesJSON.render(shoes)
        out += ", \"routines\": [" + routines.map { routine($0.day, $0.routine) }.joined(separator: ", ") + "]}"
        return out
    }

    /// One routine of the window with every step (extension, interface.md §5b).
    static func routine(_ day: LocalDay, _ r: RoutineRecord) -> String {
        let steps = r.steps.map { st in
            "{\"id\": \(quoted(st.id)), \"mode\": \(quoted(st.mode)), \"target_s\": \(rounded(st.targetS, 1)), "
                + "\"done_s\": \(rounded(st.doneS, 1)), \"status\": \(quoted(st.status))}"
        }
        return "{\"date\": \"\(day)\", \"started\": \(quoted(r.started)), \"routine\": \(quoted(r.kind)), \"quit\": \(r.quit), "
            + "\"steps_done\": \(r.stepsDone), \"steps_total\": \(r.steps.count), \"steps\": [" + steps.joined(separator: ", ") + "]}"
    }

    /// A JSON string of text rollmon wrote itself (ids, statuses, ISO times): quotes and backslashes escaped.
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
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
