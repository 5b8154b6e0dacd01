import Foundation
import RollAnalysis
import RollSummary
import RollTrace

/// The human summary of `rollmon replay` and the end of a live session: per foot, each number next to the
/// guideline it checks, with ✓ or ✗.
enum SummaryText {
    static func render(_ s: SessionSummary, settings: AnalysisSettings, source: String) -> String {
        var lines: [String] = []
        let tool = settings.tool == .ball ? "ball" : "roller"
        lines.append("rollmon — \(source)")
        lines.append("\(clock(s.durationS)) recorded, \(s.samples) samples; \(tool) radius \(FixedDecimal.compact(settings.radiusMM, decimals: 1)) mm, fascia \(FixedDecimal.compact(settings.fasciaCM, decimals: 1)) cm, severe limit \(Int(settings.severeForceN)) N")
        if s.segments.isEmpty {
            lines.append("")
            lines.append("No rolling found: no segment with the foot on the \(tool).")
        }
        let fullCM = settings.fullLengthFraction * settings.fasciaCM
        for (i, seg) in s.segments.enumerated() {
            lines.append("")
            lines.append("Segment \(i + 1): \(seg.foot) foot, \(clock(seg.startS))–\(clock(seg.endS))")
            let timeOK = seg.verdict == .ok
            let timeNote: String
            switch seg.verdict {
            case .under: timeNote = "under 2:00 — roll \(Int((settings.footTimeMinS - seg.activeS).rounded(.up))) s more next time"
            case .ok: timeNote = "within 2–3 min"
            case .over: timeNote = "over 3:00 — switch feet sooner"
            }
            lines.append(row(timeOK, "time on foot", clock(seg.activeS), "2–3 min per foot: \(timeNote)"))
            lines.append(row(nil, "rolled length", "\(FixedDecimal.string(seg.distanceM, decimals: 2)) m", "path of the \(tool) along the sole"))
            let share = seg.strokes > 0 ? Double(seg.fullLengthStrokes) / Double(seg.strokes) : 0
            let fullOK = seg.strokes > 0 && share >= 0.5
            lines.append(row(fullOK, "strokes", "\(seg.strokes), \(seg.fullLengthStrokes) full-length (\(Int((share * 100).rounded())) %)",
                             "whole fascia, heel to ball: strokes ≥ \(FixedDecimal.compact(fullCM, decimals: 1)) cm; median \(FixedDecimal.compact(seg.medianStrokeM * 100, decimals: 1)) cm"))
            if let peak = seg.peakForceN {
                lines.append(row(peak < settings.severeForceN, "peak force", "\(FixedDecimal.compact(peak, decimals: 0)) N", "relief, never severe: below \(Int(settings.severeForceN)) N"))
                lines.append(row(seg.severeEvents == 0, "severe episodes", "\(seg.severeEvents)", "none wanted"))
                lines.append(row(seg.bursts == 0, "bursts", "\(seg.bursts)", "no sharp spikes: build pressure gradually"))
                lines.append(row(nil, "tender-spot holds", "\(seg.tenderHolds)", "at a tender spot pause ~60 s, increasing pressure slowly"))
            } else {
                lines.append(row(nil, "force", "n/a", "no force sensor: pressure, bursts and holds not measured"))
            }
        }
        let feet = Dictionary(grouping: s.segments, by: \.foot).mapValues { $0.reduce(0) { $0 + $1.activeS } }
        if !s.segments.isEmpty {
            lines.append("")
            var next: [String] = []
            for foot in ["left", "right"] {
                let t = feet[foot] ?? 0
                if t < settings.footTimeMinS {
                    next.append("\(foot) foot: \(clock(t)) — roll \(Int((settings.footTimeMinS - t).rounded(.up))) s more")
                } else {
                    next.append("\(foot) foot: \(clock(t)) ✓")
                }
            }
            lines.append("Today: " + next.joined(separator: "; ") + ". Foam-roll the calves too.")
        }
        let shown = s.alerts.filter { $0.kind != .gyroSaturation }
        if !shown.isEmpty {
            lines.append("")
            lines.append("Alerts (\(shown.count)):")
            for a in shown.prefix(20) { lines.append("  \(clock(a.tS))  \(SummaryWords.message(a))") }
            if shown.count > 20 { lines.append("  … \(shown.count - 20) more (see --json)") }
        }
        for w in s.warnings { lines.append("note: \(SummaryWords.text(w))") }
        return lines.joined(separator: "\n")
    }

    /// The value column is 26 wide, enough for "1234, 567 full-length (46 %)" but for the longest counts; a longer
    /// value pushes its guideline right instead of being cut (`padding(toLength:)` truncates: "(36 %)" read "(3").
    private static func row(_ ok: Bool?, _ what: String, _ value: String, _ guideline: String) -> String {
        let mark = ok.map { $0 ? "✓" : "✗" } ?? " "
        let padded = what.padding(toLength: 18, withPad: " ", startingAt: 0)
        let v = value.count < valueColumn ? value.padding(toLength: valueColumn, withPad: " ", startingAt: 0) : value
        return "  \(mark) \(padded) \(v) \(guideline)"
    }

    private static let valueColumn = 26

    private static func clock(_ seconds: Double) -> String { SummaryWords.clock(seconds) }
}
