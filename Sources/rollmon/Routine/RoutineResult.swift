import RollAnalysis
import RollHistory
import RollRoutine
import RollTrace

/// A finished routine: the stepper's results plus, for measured steps, the analysis of their segments.
struct RoutineResult {
    struct Step {
        var result: StepResult
        /// The step's own summary (its segments only); nil for timed and counted steps.
        var summary: SessionSummary?
        /// The recording that holds the step's samples.
        var recording: String?
    }
    var plan: RoutinePlan
    var started: String
    var steps: [Step]
    var quit: Bool
    /// What could not be written to the recordings (a full disk), once each: said at the end, as `live` says it.
    var recordingFailures: [String] = []

    /// Interface §7 `--json` (keys in README "rollmon routine"): one object, a `steps` list in plan order.
    func json() -> String {
        func num(_ v: Double) -> String { FixedDecimal.string(v, decimals: 1) }
        func str(_ s: String) -> String {
            var o = "\""
            for c in s.unicodeScalars {
                switch c {
                case "\"": o += "\\\""
                case "\\": o += "\\\\"
                case _ where c.value < 0x20: o += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16)
                default: o.unicodeScalars.append(c)
                }
            }
            return o + "\""
        }
        var lines: [String] = []
        for s in steps {
            let r = s.result
            var reps = "null"
            if case .timed(_, let n, _) = r.step.kind { reps = "\(n)" }
            if case .counted(let n, _) = r.step.kind { reps = "\(n)" }
            var fields = ["\"id\": \(str(r.step.id))", "\"name\": \(str(r.step.name))", "\"mode\": \(str(Self.mode(r.step)))",
                          "\"target_s\": \(num(r.step.targetS))", "\"done_s\": \(num(r.doneS))",
                          "\"repetitions\": \(reps)", "\"repetitions_done\": \(r.repetitionsDone.map(String.init) ?? "null")",
                          "\"status\": \(str(r.outcome.rawValue))"]
            if let m = s.summary {
                let segs = m.segments
                fields.append("\"measured\": {\"segments\": \(segs.count), \"distance_m\": \(FixedDecimal.string(segs.reduce(0) { $0 + $1.distanceM }, decimals: 3)), "
                    + "\"strokes\": \(segs.reduce(0) { $0 + $1.strokes }), \"full_length_strokes\": \(segs.reduce(0) { $0 + $1.fullLengthStrokes }), "
                    + "\"severe_events\": \(segs.reduce(0) { $0 + $1.severeEvents }), \"bursts\": \(segs.reduce(0) { $0 + $1.bursts }), "
                    + "\"tender_holds\": \(segs.reduce(0) { $0 + $1.tenderHolds })}")
            } else {
                fields.append("\"measured\": null")
            }
            fields.append("\"recording\": \(s.recording.map(str) ?? "null")")
            lines.append("    {" + fields.joined(separator: ", ") + "}")
        }
        let done = steps.filter { $0.result.outcome == .done }.count
        return "{\"routine\": \(str(plan.kind.rawValue)), \"started\": \(str(started)), \"quit\": \(quit), "
            + "\"steps_done\": \(done), \"steps_total\": \(steps.count), \"steps\": [\n" + lines.joined(separator: ",\n") + "\n]}"
    }

    /// The end summary: every step, what was asked and what was done.
    func text() -> String {
        var out = ["Routine (\(plan.kind == .postRun ? "after the run" : "before the run")), \(steps.filter { $0.result.outcome == .done }.count) of \(steps.count) steps done\(quit ? " (ended early)" : "")", ""]
        for (i, s) in steps.enumerated() {
            let r = s.result
            let mark = r.outcome == .done ? "✓" : r.outcome == .partial ? "½" : "✗"
            var line = "\(mark) \(i + 1). \(r.step.name.padding(toLength: 38, withPad: " ", startingAt: 0)) \(Self.mode(r.step).padding(toLength: 9, withPad: " ", startingAt: 0))"
            line += "\(RoutineScreen.clock(r.doneS)) of \(RoutineScreen.clock(r.step.targetS))  \(r.outcome.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))"
            if let n = r.repetitionsDone, case .timed(_, let reps, _) = r.step.kind { line += "\(n) of \(reps) holds" }
            if let n = r.repetitionsDone, case .counted(let reps, _) = r.step.kind { line += "\(n) of \(reps)" }
            if let segs = s.summary?.segments, !segs.isEmpty {
                line += "\(segs.reduce(0) { $0 + $1.strokes }) strokes (\(segs.reduce(0) { $0 + $1.fullLengthStrokes }) full)"
                let severe = segs.reduce(0) { $0 + $1.severeEvents }
                if severe > 0 { line += ", \(severe) severe" }
            }
            out.append(line)
        }
        let recs = Set(steps.compactMap(\.recording)).sorted()
        if !recs.isEmpty { out.append(""); out += recs.map { "recorded to \($0)" } }
        return out.joined(separator: "\n")
    }

    /// What the history keeps of it (every step; the measured ones name their recording).
    var record: RoutineRecord {
        RoutineRecord(kind: plan.kind.rawValue, started: started, quit: quit, steps: steps.map { s in
            RoutineRecord.Step(id: s.result.step.id, name: s.result.step.name, mode: Self.mode(s.result.step), targetS: s.result.step.targetS,
                               doneS: s.result.doneS, status: s.result.outcome.rawValue, recording: s.recording)
        })
    }

    static func mode(_ step: RoutineStep) -> String {
        switch step.kind {
        case .measured: return "measured"
        case .timed: return "timed"
        case .counted: return "counted"
        }
    }
}
