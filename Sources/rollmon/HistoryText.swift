import RollCore
import RollHistory

/// `rollmon history` as text: a calendar of the window, the streak and adherence, balance, recent days, and what to
/// do today.
enum HistoryText {
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func symbol(_ mark: DayMark) -> String {
        switch mark {
        case .met: return "✓"
        case .partly: return "½"
        case .missed: return "✗"
        case .paused: return "‖"
        }
    }

    /// `shoes` adds a short "Shoes:" section above today's advice when there are pairs in use; `routines` lists the
    /// window's guided routines with every step.
    static func render(_ s: HistoryStanding, shoes: ShoeStanding, routines: [(day: LocalDay, routine: RoutineRecord)] = []) -> String {
        guard let oldest = s.days.last?.date else { return "" }
        var lines: [String] = []
        lines.append("rollmon history: \(s.days.count) days to \(weekdays[s.today.weekday]) \(s.today) (a day starts at \(s.dayStart))")
        lines.append("")
        lines.append(calendar(s, oldest: oldest))
        lines.append("  ✓ met (each foot 2:00 or more)   ½ partly   ✗ missed   ‖ paused")
        lines.append("")
        lines.append("Streak \(days(s.streakDays)) (best \(days(s.bestStreakDays)))   adherence: 7 days \(percent(s.adherence7d)), 30 days \(percent(s.adherence30d))")
        let right = s.days.reduce(0) { $0 + $1.rightS }, left = s.days.reduce(0) { $0 + $1.leftS }
        let calves = s.days.reduce(0) { $0 + $1.calvesS }
        var balance = "Balance over \(s.days.count) days: right \(clock(right)), left \(clock(left))"
        if right + left > 0 {
            let leftShare = left / (right + left)
            balance += " (left \(percent(leftShare)))"
            if abs(leftShare - 0.5) > 0.1 { balance += ": the \(leftShare < 0.5 ? "left" : "right") foot is getting less" }
        }
        if calves > 0 { balance += "; calves \(clock(calves))" }
        lines.append(balance)
        lines.append("")
        lines.append("  day              right     left   calves  sessions")
        for d in s.days.prefix(7) {
            let date = "\(weekdays[d.date.weekday]) \(d.date)"
            let r = footCell(d.rightS), l = footCell(d.leftS)
            let c = pad(clock(d.calvesS), 6)
            let note = d.paused ? "  paused" : ""
            lines.append("  \(date)  \(r)  \(l)  \(c)  \(pad(String(d.sessions), 8))\(note)".trimmingTrailingSpaces())
        }
        lines += routineLines(routines)
        lines.append("")
        if let section = ShoesText.historySection(shoes) { lines += [section, ""] }
        lines.append("Today: " + todayAdvice(s))
        return lines.joined(separator: "\n")
    }

    /// The window's routines, newest first, each with every step: "✓ right_foot 2:06 of 2:00 (measured)".
    static func routineLines(_ routines: [(day: LocalDay, routine: RoutineRecord)]) -> [String] {
        guard !routines.isEmpty else { return [] }
        var lines = ["", "Routines:"]
        for (day, r) in routines {
            lines.append("  \(weekdays[day.weekday]) \(day)  \(r.kind == "pre_run" ? "before the run" : "after the run"): "
                         + "\(r.stepsDone) of \(r.steps.count) steps done\(r.quit ? " (ended early)" : "")")
            for st in r.steps {
                let mark = st.status == "done" ? "✓" : st.status == "partial" ? "½" : "✗"
                lines.append("    \(mark) \(pad(st.name, 38)) \(pad(st.mode, 9)) \(clock(st.doneS)) of \(clock(st.targetS))  \(st.status)")
            }
        }
        return lines
    }

    /// Weeks as rows, Monday first; days outside the window are blank.
    static func calendar(_ s: HistoryStanding, oldest: LocalDay) -> String {
        let byDay = Dictionary(s.days.map { ($0.date, $0) }, uniquingKeysWith: { a, _ in a })
        var rows = [("           " + weekdays.map { pad($0, 4) }.joined()).trimmingTrailingSpaces()]
        var monday = oldest.adding(days: -oldest.weekday)
        while monday <= s.today {
            let (_, m, d) = monday.civil
            var row = pad("\(months[m - 1]) \(d)", 9, left: true) + "  "
            for k in 0..<7 {
                let day = monday.adding(days: k)
                row += pad(byDay[day].map { symbol($0.mark) } ?? "", 4)
            }
            rows.append(row.trimmingTrailingSpaces())
            monday = monday.adding(days: 7)
        }
        return rows.joined(separator: "\n")
    }

    /// "right 2:31 ✓, left 0:57 — 63 s to go; streak 4 days", the standing that ends `live` and `demo`.
    static func standingLine(_ s: HistoryStanding) -> String {
        guard let d = s.todayRow else { return "" }
        func foot(_ name: String, _ v: Double) -> String { "\(name) \(clock(v))" + (v >= DayRules.footTargetS ? " ✓" : "") }
        var line = "\(foot("right", d.rightS)), \(foot("left", d.leftS))"
        if d.calvesS > 0 { line += ", calves \(clock(d.calvesS))" }
        let toGo = max(0, DayRules.footTargetS - d.rightS) + max(0, DayRules.footTargetS - d.leftS)
        line += d.met ? " — today is met" : " — \(Int(toGo.rounded(.up))) s to go"
        line += "; streak \(days(s.streakDays))"
        return line
    }

    static func todayAdvice(_ s: HistoryStanding) -> String {
        guard let d = s.todayRow else { return "" }
        if d.paused { return "paused (\(standingLine(s)))" }
        if d.met { return "done: " + standingLine(s) }
        var todo: [String] = []
        for (name, v) in [("right", d.rightS), ("left", d.leftS)] where v < DayRules.footTargetS {
            todo.append("\(name) foot \(clock(DayRules.footTargetS - v)) more")
        }
        let keep = s.streakDays > 0 ? " to keep the \(days(s.streakDays)) streak going" : " to start a streak"
        return "roll the " + todo.joined(separator: " and the ") + keep + "."
    }

    static func footCell(_ v: Double) -> String { pad(clock(v) + (v >= DayRules.footTargetS ? " ✓" : "  "), 7, left: true) }

    static func days(_ n: Int) -> String { counted(n, "day", "days") }

    static func percent(_ v: Double) -> String { "\(Int((v * 100).rounded())) %" }

    /// m:ss, or h:mm:ss from an hour up.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }

    static func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
        let n = s.count
        guard n < width else { return s }
        let fill = String(repeating: " ", count: width - n)
        return left ? fill + s : s + fill
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
