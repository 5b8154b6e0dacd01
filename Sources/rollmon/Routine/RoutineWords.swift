import RollRoutine
import RollTrace

/// What the demo and the live routine share around the stepper: the keys (interface §7: `n` next / skip, `p` pause,
/// `q` quit) and the plain line each cue prints when standard output is not a terminal.
enum RoutineWords {
    /// The routine input a key means, nil for any other key. Space moves on too (the same key as the live foot switch).
    static func input(forKey key: Character) -> RoutineInput? {
        switch key {
        case "n", " ": return .next
        case "p": return .pause
        case "q": return .quit
        default: return nil
        }
    }

    /// `[12.5] halfway: Calf stretch against the wall, right`: one line per cue, for logs and pipes.
    static func cueLine(_ c: RoutineCue, plan: RoutinePlan) -> String {
        let name = c.stepIndex < plan.steps.count ? plan.steps[c.stepIndex].name : ""
        let text: String
        switch c.kind {
        case .stepStart: text = "start: \(name)"
        case .halfway: text = "halfway: \(name)"
        case .holdEnd: text = "hold over, rest: \(name)"
        case .pace: text = "next one: \(name)"
        case .stepEnd: text = "end: \(name)"
        case .routineEnd: text = "routine over"
        }
        return "[\(FixedDecimal.string(c.tS, decimals: 1))] \(text)"
    }
}
