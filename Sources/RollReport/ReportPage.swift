import RollCore
import RollHistory

/// The report (interface v2 §6): one self-contained HTML page — inline SVG and CSS, nothing fetched, no script —
/// laid out in one column that fits a phone.
public enum ReportPage {
    public struct Input: Sendable {
        public var session: SessionSeries?
        /// Why there is no session part (no session yet, recording missing), when `session` is nil.
        public var sessionNote: String?
        public var standing: HistoryStanding
        public var holds: [DayHolds]
        public var generated: String
        /// The running shoes in use; the page has a shoes section only when there is a pair.
        public var shoes: ShoeStanding?
        /// The guided routines of the window, newest first.
        public var routines: [DayRoutine]
        public init(session: SessionSeries?, sessionNote: String? = nil, standing: HistoryStanding, holds: [DayHolds], generated: String,
                    shoes: ShoeStanding? = nil, routines: [DayRoutine] = []) {
            self.session = session; self.sessionNote = sessionNote; self.standing = standing; self.holds = holds
            self.generated = generated; self.shoes = shoes; self.routines = routines
        }
    }

    /// The figures in page order.
    public static func figures(_ input: Input) -> [Figure] {
        var out: [Figure] = []
        if let s = input.session {
            out += [SessionCharts.footTime(s), SessionCharts.force(s), SessionCharts.strokes(s), SessionCharts.alongFoot(s)]
        }
        out += [DayCharts.calendar(input.standing), DayCharts.minutesPerDay(input.standing),
                DayCharts.tenderSpots(input.standing, holds: input.holds)]
        return out
    }

    public static func render(_ input: Input) -> String {
        let st = input.standing
        let figs = figures(input)
        let shoes = input.shoes.flatMap { $0.pairs.isEmpty ? nil : $0 }
        let byID = Dictionary(figs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>rollmon report to \(st.today)</title>
            <style>\(css)\(RoutineTable.css)\(shoes == nil ? "" : "\n" + ShoesTable.css)</style></head><body><main>
            <h1>rollmon report</h1>
            <p class="sub">to \(st.today), last \(counted(st.days.count, "day", "days")) · a day starts at \(st.dayStart) · made \(SVGElement.escape(input.generated))</p>

            """
        html += "<section><h2>This session</h2>"
        if let s = input.session {
            let segs = s.summary.segments
            html += "<p class=\"sub\">\(SVGElement.escape(s.name))\(s.started.map { " · started " + SVGElement.escape($0) } ?? "") · \(clock(s.summary.durationS)) · \(counted(segs.count, "segment", "segments")) · "
                + "\(counted(segs.reduce(0) { $0 + $1.strokes }, "stroke", "strokes")) · \(segs.reduce(0) { $0 + $1.severeEvents }) severe · "
                + "\(counted(segs.reduce(0) { $0 + $1.bursts }, "burst", "bursts")) · \(counted(segs.reduce(0) { $0 + $1.tenderHolds }, "tender hold", "tender holds"))</p>"
            for id in ["foot-time", "force", "strokes", "along-foot"] { html += byID[id]!.html() }
        } else {
            html += "<p>\(SVGElement.escape(input.sessionNote ?? "No session recorded yet."))</p>"
        }
        html += "</section><section><h2>The last \(counted(st.days.count, "day", "days"))</h2>"
        let right = st.days.reduce(0) { $0 + $1.rightS }, left = st.days.reduce(0) { $0 + $1.leftS }
        // No rolling in the window: no share to show (0 / 0 is not "50 %").
        let share = right + left > 0 ? " (left \(Int((left / (right + left) * 100).rounded())) %)" : ""
        html += "<ul class=\"stats\"><li><b>\(st.streakDays)</b> day streak (best \(st.bestStreakDays))</li>"
            + "<li><b>\(Int((st.adherence7d * 100).rounded())) %</b> of the last 7 days met</li>"
            + "<li><b>\(Int((st.adherence30d * 100).rounded())) %</b> of the last 30 days met</li>"
            + "<li>balance: right <b>\(clock(right))</b>, left <b>\(clock(left))</b>\(share)</li></ul>"
        for id in ["calendar", "minutes", "tender-spots"] { html += byID[id]!.html() }
        html += "</section><section><h2>Guided routines</h2>" + RoutineTable.html(input.routines)
        html += "</section>"
        if let shoes { html += ShoesTable.html(shoes) }
        html += "<footer>A day is met when each foot had at least 2:00 of rolling. Paused days neither break nor extend a streak.</footer>"
        html += "</main></body></html>\n"
        return html
    }

    static let css = """
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;background:#f6f7f9}
        main{max-width:720px;margin:0 auto;padding:12px 14px 32px}
        h1{font-size:1.5em;margin:.3em 0 0}h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:2px solid #d9dee6}
        h3{font-size:1em;margin:0 0 .3em}.sub{color:#5a6678;margin:.2em 0 .8em;overflow-wrap:anywhere}
        figure{margin:0 0 18px;background:#fff;border:1px solid #e1e5eb;border-radius:8px;padding:10px}
        figcaption{color:#4a5566;font-size:.85em;margin-top:4px}
        svg.chart{width:100%;height:auto;display:block}#calendar svg.chart{max-width:520px}
        .axis{stroke:#5a6678;stroke-width:1}.tick{stroke:#5a6678}.grid{stroke:#e6e9ee}
        .tick-label,.legend-label,.value-label{font-size:13px;fill:#4a5566}.axis-label{font-size:14px;fill:#1d2430}
        .force{fill:none;stroke:#2f6db5;stroke-width:1.5}.limit{stroke:#c62828;stroke-width:1.5;stroke-dasharray:6 4}
        .limit-label{font-size:13px;fill:#c62828}.full-length{stroke:#2e7d32;stroke-width:2;stroke-dasharray:5 3}
        .bar{fill:#5b8fd0}.bar.short{fill:#9bb7dc}.bar.full{fill:#2e7d32}.bar.right,.legend.right{fill:#2f6db5}
        .bar.left,.legend.left{fill:#e08a2c}.bar.calves{fill:#7b5ea7}.bar.unknown{fill:#9aa3ae}
        .band,.legend.band{fill:#dcefdc}.mark.burst,.legend.burst{fill:#f0a202}.mark.severe,.legend.severe{fill:#c62828}
        .mark.hold,.legend.hold{fill:#8e24aa}.legend.force{fill:#2f6db5}.legend.limit{fill:#c62828;stroke:none}.outage,.legend.outage{fill:#e9ecf1}.legend.bar{fill:#5b8fd0}
        .day{stroke:#fff}.day.met,.legend.met{fill:#2e7d32}.day.partly,.legend.partly{fill:#f2c14e}
        .day.missed,.legend.missed{fill:#e3e6ea}.day.paused,.legend.paused{fill:#9fb3c8}
        .empty{font-size:13px;fill:#5a6678}
        ul.stats{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:8px}
        ul.stats li{background:#fff;border:1px solid #e1e5eb;border-radius:8px;padding:6px 10px}
        footer{color:#5a6678;font-size:.85em;margin-top:16px}
        """
}

/// `--csv`: the `days` rows of interface v2 §5, a header line and one row a day, newest first.
public enum DayCSV {
    public static let header = "date,sessions,right_s,left_s,calves_s,met,paused,severe_events,bursts,tender_holds"

    public static func render(_ standing: HistoryStanding) -> String {
        func s1(_ v: Double) -> String { "\((v * 10).rounded() / 10)" }
        var out = header + "\n"
        for d in standing.days {
            out += "\(d.date),\(d.sessions),\(s1(d.rightS)),\(s1(d.leftS)),\(s1(d.calvesS)),\(d.met),\(d.paused),\(d.severeEvents),\(d.bursts),\(d.tenderHolds)\n"
        }
        return out
    }
}
