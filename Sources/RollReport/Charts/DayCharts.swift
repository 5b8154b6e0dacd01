import RollCore
import RollHistory

/// Tender-hold positions of one day (0 heel … 1 ball of the foot).
public struct DayHolds: Sendable, Equatable {
    public var day: LocalDay
    public var positions: [Double]
    public init(day: LocalDay, positions: [Double]) { self.day = day; self.positions = positions }
}

/// The charts over the last N days.
public enum DayCharts {
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// One square per day, weeks as columns (Monday on top), coloured met / partly / missed / paused.
    public static func calendar(_ standing: HistoryStanding) -> Figure {
        let id = "calendar", title = "Adherence calendar"
        let days = standing.days.reversed()
        guard let first = days.first?.date else { return empty(id, title) }
        let firstMonday = first.adding(days: -first.weekday)
        let weeks = (standing.today.dayNumber - firstMonday.dayNumber) / 7 + 1
        let cell = 26.0, gap = 4.0
        var f = ChartFrame(width: max(360, 44 + Double(weeks) * (cell + gap) + 14), height: 7 * (cell + gap) + 84)
        f.left = 44; f.bottom = 44
        var content: [SVGElement] = []
        for (i, w) in weekdays.enumerated() {
            content.append(f.label(w, x: f.left - 6, y: f.top + Double(i) * (cell + gap) + cell * 0.7, anchor: "end", cls: "tick-label"))
        }
        for d in days {
            let week = (d.date.dayNumber - firstMonday.dayNumber) / 7
            let x = f.left + Double(week) * (cell + gap), y = f.top + Double(d.date.weekday) * (cell + gap)
            content.append(f.rect(x: x, y: y, width: cell, height: cell, cls: "day \(d.mark.rawValue)",
                                  tooltip: "\(d.date): \(d.mark.rawValue), right \(clock(d.rightS)), left \(clock(d.leftS))"))
            if d.date.civil.day == 1 || d.date == first {
                let (_, m, _) = d.date.civil
                content.append(f.label(HistoryMonths.short[m - 1], x: x, y: f.top + 7 * (cell + gap) + 14, anchor: "start", cls: "tick-label"))
            }
        }
        content.append(f.label("weeks, oldest left; Monday on top", x: f.left, y: f.height - 8, anchor: "start", cls: "axis-label"))
        content += f.legend([("met", "met"), ("partly", "partly"), ("missed", "missed"), ("paused", "paused")])
        let count = { (m: DayMark) in standing.days.filter { $0.mark == m }.count }
        let alt = "\(counted(standing.days.count, "day", "days")) to \(standing.today): \(count(.met)) met, \(count(.partly)) partly, "
            + "\(count(.missed)) missed, \(count(.paused)) paused. Streak \(counted(standing.streakDays, "day", "days")), best \(standing.bestStreakDays)."
        return Figure(id: id, title: title, textAlternative: alt, svg: f.svg(id: id, title: title, description: alt, content: content))
    }

    /// Right and left minutes per day side by side, with the 2-minute line.
    public static func minutesPerDay(_ standing: HistoryStanding) -> Figure {
        let f = ChartFrame()
        let id = "minutes", title = "Minutes per foot per day"
        let days = Array(standing.days.reversed())
        guard !days.isEmpty else { return empty(id, title) }
        let topMin = LinearScale.niceMax(max(3, days.map { max($0.rightS, $0.leftS) / 60 }.max() ?? 0), ticks: 4)
        let x = f.xScale(0, Double(days.count)), y = f.yScale(0, topMin)
        var content = f.yAxis(y, ticks: y.ticks(4).map { ($0, tickText($0)) }, label: "minutes")
        let every = max(1, days.count / 6)
        content += f.xAxis(x, ticks: days.enumerated().filter { $0.offset % every == 0 }.map { (Double($0.offset) + 0.5, shortDate($0.element.date)) },
                           label: "day")
        let slot = x(1) - x(0)
        for (i, d) in days.enumerated() {
            for (k, (name, v)) in [("right", d.rightS), ("left", d.leftS)].enumerated() where v > 0 {
                let bx = x(Double(i)) + slot * (0.1 + 0.4 * Double(k))
                content.append(f.rect(x: bx, y: y(v / 60), width: slot * 0.4, height: y(0) - y(v / 60), cls: "bar \(name)",
                                      tooltip: "\(d.date) \(name): \(clock(v))"))
            }
        }
        content.append(f.line(f.plotLeft, y(2), f.plotRight, y(2), cls: "limit"))
        content.append(f.label("2 min", x: f.plotRight - 4, y: y(2) - 5, anchor: "end", cls: "limit-label"))
        content += f.legend([("right", "right"), ("left", "left")])
        let right = days.reduce(0) { $0 + $1.rightS }, left = days.reduce(0) { $0 + $1.leftS }
        let alt = "Over \(counted(days.count, "day", "days")): right \(clock(right)), left \(clock(left)) in all; "
            + "right at least 2 min on \(counted(days.filter { $0.rightS >= 120 }.count, "day", "days")), left on \(days.filter { $0.leftS >= 120 }.count)."
        return Figure(id: id, title: title, textAlternative: alt, svg: f.svg(id: id, title: title, description: alt, content: content))
    }

    /// Where the tender holds were, day by day: are the sore spots moving or going?
    public static func tenderSpots(_ standing: HistoryStanding, holds: [DayHolds]) -> Figure {
        let f = ChartFrame()
        let id = "tender-spots", title = "Tender-spot positions across days"
        let days = Array(standing.days.reversed())
        guard let first = days.first?.date else { return empty(id, title) }
        let x = f.xScale(0, Double(days.count)), y = f.yScale(0, 1)
        var content = f.yAxis(y, ticks: [(0, "heel"), (0.5, "50 %"), (1, "ball")], label: "along the foot")
        let every = max(1, days.count / 6)
        content += f.xAxis(x, ticks: days.enumerated().filter { $0.offset % every == 0 }.map { (Double($0.offset) + 0.5, shortDate($0.element.date)) },
                           label: "day")
        var shown = 0
        for h in holds {
            let i = h.day.dayNumber - first.dayNumber
            guard i >= 0, i < days.count else { continue }
            for p in h.positions {
                shown += 1
                content.append(SVGElement("circle", [("cx", svgNumber(x(Double(i) + 0.5))), ("cy", svgNumber(y(p))), ("r", "5"), ("class", "mark hold")],
                                          children: [SVGElement("title", text: "\(h.day): tender hold at \(Int((p * 100).rounded())) %")]))
            }
        }
        let alt = shown == 0 ? "No tender holds with a known position in these \(counted(days.count, "day", "days"))."
            : "\(counted(shown, "tender hold", "tender holds")) over \(counted(days.count, "day", "days")), at " + holds.filter { !$0.positions.isEmpty }.map { h in
                "\(h.day): " + h.positions.map { "\(Int(($0 * 100).rounded())) %" }.joined(separator: ", ")
            }.joined(separator: "; ") + " of the way from heel to ball."
        return Figure(id: id, title: title, textAlternative: alt, svg: f.svg(id: id, title: title, description: alt, content: content))
    }

    static func empty(_ id: String, _ title: String) -> Figure {
        let f = ChartFrame(height: 80)
        return Figure(id: id, title: title, textAlternative: "No days to show.",
                      svg: f.svg(id: id, title: title, description: "No days to show.", content: []))
    }

    static func shortDate(_ d: LocalDay) -> String {
        let (_, m, day) = d.civil
        return "\(day) \(HistoryMonths.short[m - 1])"
    }
}

enum HistoryMonths {
    static let short = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
