import RollAnalysis
import RollSummary
import RollTrace

/// Draws the live coaching screen from a snapshot: a pure function of its inputs, so the same state always gives
/// the same frame (and tests can look at frames without a terminal).
struct LiveScreen {
    struct Input {
        var snapshot: AnalysisSnapshot
        var settings: AnalysisSettings
        var recentAlerts: [Alert]
        var sensorStatus: String?
        /// The recording cannot be written (stays on screen until writes succeed again).
        var recordingProblem: String? = nil
        var recordingPath: String?
        var paused: Bool
        var title: String
        var width: Int
        var height: Int
        var color: Bool
    }

    static func render(_ i: Input) -> [String] {
        let w = max(40, i.width)
        let s = i.snapshot
        let st = i.settings
        let paint = Painter(enabled: i.color)
        var lines: [String] = []

        let foot = s.foot.map { $0 == .left ? "LEFT foot" : "RIGHT foot" } ?? "no foot on the \(st.tool.rawValue)"
        let tool = "\(st.tool.rawValue) r=\(FixedDecimal.compact(st.radiusMM, decimals: 1)) mm, fascia \(FixedDecimal.compact(st.fasciaCM, decimals: 1)) cm"
        lines.append(paint.bold(" \(i.title) ─ \(foot)") + "  " + paint.dim(tool) + (i.paused ? "  " + paint.yellow("[PAUSED]") : ""))
        lines.append("")

        // Time on this foot against the 2:00 and 3:00 marks. A bar row is 26 columns before its bar and a label after
        // it of up to `labelColumns`: the bar takes what is left (at 80 columns 26 cells), so the labels are never
        // cut at the terminal's edge ("limit 250 N" read "limit 250" at 80 columns).
        let barW = max(10, min(50, w - 26 - Self.labelColumns))
        let t = s.segmentActiveS
        let timeFill = min(1, t / (st.footTimeMaxS * 1.1))
        let marks = [st.footTimeMinS / (st.footTimeMaxS * 1.1), st.footTimeMaxS / (st.footTimeMaxS * 1.1)]
        let timeBar = bar(fraction: timeFill, width: barW, marks: marks)
        let timeState: String
        if t >= st.footTimeMaxS { timeState = paint.yellow("3:00 reached — switch foot") }
        else if t >= st.footTimeMinS { timeState = paint.green("2:00 ✓ — up to 3:00") }
        else { timeState = "2:00 in \(clock(st.footTimeMinS - t))" }
        lines.append(" Time on foot  \(pad(clock(t), 7)) [\(timeBar)] \(timeState)")

        // Force gauge with the severe limit marked.
        if let f = s.forceN {
            let full = st.severeForceN * 1.25
            let gauge = bar(fraction: min(1, max(0, f / full)), width: barW, marks: [st.severeForceN / full])
            let value = pad("\(Int(f.rounded())) N", 7)
            let colored = f >= st.severeForceN ? paint.red(gauge) : (f >= 0.8 * st.severeForceN ? paint.yellow(gauge) : paint.green(gauge))
            let note = f >= st.severeForceN ? paint.red("EASE OFF") : "limit \(Int(st.severeForceN)) N"
            lines.append(" Force now     \(value) [\(colored)] \(note)")
        } else {
            lines.append(" Force now     " + (s.forceDataLost ? paint.yellow("no force data: contact from rolling, pressure not measured")
                                                           : paint.dim("no force sensor")))
        }

        // Last stroke against the fascia, and the share of full-length strokes.
        if let last = s.lastStrokeM {
            let frac = min(1, last / st.fasciaM)
            let strokeBar = bar(fraction: frac, width: barW, marks: [st.fullLengthFraction])
            let share = s.strokes > 0 ? Int((Double(s.fullLengthStrokes) / Double(s.strokes) * 100).rounded()) : 0
            let b = last >= st.fullLengthFraction * st.fasciaM ? paint.green(strokeBar) : paint.yellow(strokeBar)
            lines.append(" Last stroke   \(pad(FixedDecimal.string(last * 100, decimals: 1) + " cm", 7)) [\(b)] full-length \(share) % (\(s.fullLengthStrokes)/\(s.strokes))")
        } else {
            lines.append(" Last stroke   " + paint.dim("— roll heel to ball of foot"))
        }

        // Where along the foot the time goes, heel to ball, with the ball's place now.
        let zones = s.timeAlongFootS
        let maxZone = zones.max() ?? 0
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        var spark = ""
        for z in zones { spark.append(maxZone > 0 ? blocks[min(7, Int(z / maxZone * 7.999))] : " ") }
        var here = String(repeating: " ", count: zones.count)
        if let p = s.positionAlongFoot {
            let k = min(zones.count - 1, Int(p * Double(zones.count)))
            here = String(repeating: " ", count: k) + "▲" + String(repeating: " ", count: zones.count - k - 1)
        }
        lines.append(" Along foot    heel [\(spark)] ball")
        lines.append("                    \(here)")

        // Tender spot hold.
        if s.stillUnderLoadS >= 3, s.inContact {
            let target = st.holdCompleteS
            let left = max(0, target - s.stillUnderLoadS)
            let holdBar = bar(fraction: min(1, s.stillUnderLoadS / target), width: barW, marks: [])
            let msg = left > 0 ? "hold \(clock(left)) more, press slowly" : paint.green("hold complete — roll on")
            lines.append(" Tender spot   \(pad(clock(s.stillUnderLoadS), 7)) [\(holdBar)] \(msg)")
        } else {
            lines.append(" Tender spot   " + paint.dim("at a sore spot, pause ~60 s and press slowly"))
        }
        lines.append(" Rolled        \(FixedDecimal.string(s.segmentDistanceM, decimals: 2)) m this foot, \(s.finishedSegments) bout(s) done")
        if let status = i.sensorStatus { lines.append(" Sensors       " + paint.yellow(status)) }
        if let problem = i.recordingProblem { lines.append(" Recording     " + paint.red(problem)) }
        lines.append("")

        // Latest alerts, newest first, in as many lines as the terminal has room for.
        lines.append(paint.bold(" Alerts"))
        let footer = 2
        let room = max(1, i.height - lines.count - footer)
        let shown = i.recentAlerts.suffix(room).reversed()
        if shown.isEmpty { lines.append(paint.dim("  none yet")) }
        for a in shown {
            let text = "  \(clock(a.tS))  \(SummaryWords.message(a))"
            switch a.kind {
            case .severePressure, .burst: lines.append(paint.red(text))
            case .switchFoot, .shortStrokes, .gyroSaturation: lines.append(paint.yellow(text))
            default: lines.append(paint.green(text))
            }
        }
        while lines.count < i.height - footer { lines.append("") }
        lines.append("")
        var keys = " [s] switch foot  [p] \(i.paused ? "resume" : "pause")  [q] quit"
        if let rec = i.recordingPath { keys += "   recording → \(rec)" }
        lines.append(paint.dim(String(keys.prefix(w))))
        return lines
    }

    /// The longest label right of a bar: "3:00 reached — switch foot", "full-length 36 % (45/125)",
    /// "hold 0:42 more, press slowly".
    static let labelColumns = 28

    /// A bar of `width` cells, filled to `fraction`, with `|` at the marks.
    static func bar(fraction: Double, width: Int, marks: [Double]) -> String {
        let filled = Int((fraction * Double(width)).rounded())
        var cells = [Character](repeating: "░", count: width)
        for k in 0..<min(filled, width) { cells[k] = "█" }
        for m in marks {
            let k = min(width - 1, max(0, Int((m * Double(width)).rounded()) - 1))
            cells[k] = "|"
        }
        return String(cells)
    }

    /// A running timer: rounded down, so it never shows 2:00 before two minutes are done.
    static func clock(_ seconds: Double) -> String { SummaryWords.clock(seconds, rounding: .down) }

    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s : String(repeating: " ", count: n - s.count) + s
    }
}

/// ANSI colours, or none when NO_COLOR is set (https://no-color.org) or output is not a colour terminal.
struct Painter {
    var enabled: Bool
    func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { wrap(s, "1") }
    func dim(_ s: String) -> String { wrap(s, "2") }
    func red(_ s: String) -> String { wrap(s, "1;31") }
    func yellow(_ s: String) -> String { wrap(s, "33") }
    func green(_ s: String) -> String { wrap(s, "32") }
}
