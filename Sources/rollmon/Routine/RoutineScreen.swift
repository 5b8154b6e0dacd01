import RollAnalysis
import RollRoutine
import RollTrace

/// The routine's screen: where the user is, what comes next, a countdown for timed steps and the live rolling
/// figures for measured ones. Pure: state in, lines out.
enum RoutineScreen {
    static func clock(_ s: Double) -> String {
        let whole = Int(max(0, s).rounded(.down))
        return "\(whole / 60):" + (whole % 60 < 10 ? "0" : "") + "\(whole % 60)"
    }

    static func bar(_ fraction: Double, width: Int) -> String {
        let n = Int((min(1, max(0, fraction)) * Double(width)).rounded())
        return "[" + String(repeating: "█", count: n) + String(repeating: "░", count: width - n) + "]"
    }

    static func render(title: String, plan: RoutinePlan, status: RoutineStatus, results: [StepResult], snapshot: AnalysisSnapshot?,
                       note: String?, width: Int, height: Int) -> [String] {
        var lines = [" \(title) ─ step \(status.stepIndex + 1) of \(status.stepCount)", ""]
        // The whole plan, with ✓ / ½ / ✗ for what is behind and ▶ for now.
        for (i, step) in plan.steps.enumerated() {
            let mark: String
            if i < results.count { mark = results[i].outcome == .done ? "✓" : results[i].outcome == .partial ? "½" : "✗" }
            else if i == status.stepIndex && status.step != nil { mark = "▶" } else { mark = " " }
            lines.append("  \(mark) \(i + 1). \(step.name)")
        }
        lines.append("")
        guard let step = status.step else { lines.append(" Routine finished."); return lines }
        lines.append(" Now: \(step.name)\(status.paused ? "   ‖ PAUSED" : "")")
        lines.append("      \(step.how)")
        lines.append("")
        switch status.phase {
        case .rolling(let activeS):
            lines.append(" Time on it   \(clock(activeS)) \(bar(activeS / step.targetS, width: 40)) \(clock(step.targetS))"
                         + (activeS >= step.targetS ? "  done, [n] next" : "  \(clock(step.targetS - activeS)) to go"))
            if let s = snapshot {
                let force = s.forceN.map { "\(Int($0.rounded())) N" } ?? "n/a"
                lines.append(" Rolled       \(FixedDecimal.string(s.segmentDistanceM, decimals: 2)) m, \(s.strokes) strokes (\(s.fullLengthStrokes) full length), force \(force)")
            }
        case .hold(let rep, let of, let remaining):
            lines.append(" HOLD \(rep) of \(of)   \(clock(remaining.rounded(.up))) left")
            if case .timed(let hold, _, _) = step.kind { lines.append("              \(bar(1 - remaining / hold, width: 40))") }
        case .rest(let before, let of, let remaining):
            lines.append(" Rest — hold \(before) of \(of) in \(clock(remaining.rounded(.up)))")
        case .count(let current, let of, let beat):
            lines.append(" \(current) of \(of)   next in \(Int(beat.rounded(.up))) s   (steady: one every \(countPace(step)) s)")
            lines.append("              \(bar(Double(current - 1) / Double(of), width: 40))")
        case .finished: break
        }
        lines.append("")
        lines.append(" Next: \(status.next?.name ?? "end of the routine")")
        if let note { lines.append(" \(note)") }
        while lines.count < height - 1 { lines.append("") }
        lines = Array(lines.prefix(max(1, height - 1)))
        lines.append(" [n] next / skip (or the button)  [p] pause  [q] quit and save")
        return lines
    }

    private static func countPace(_ step: RoutineStep) -> String {
        if case .counted(_, let pace) = step.kind { return FixedDecimal.compact(pace, decimals: 1) }
        return "-"
    }
}

