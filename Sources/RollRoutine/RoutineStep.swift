import RollCore

/// One step of a guided routine, as planned (the stepper decides when it starts and ends).
public struct RoutineStep: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Rolled with the instrumented tool: the live analysis measures it. `targetS` is the time on the body part
        /// that counts as done; the step runs until the user (or the demo) moves on.
        case measured(tool: Tool, foot: Foot?, targetS: Double)
        /// Held `repetitions` times for `holdS` each, with `restS` between holds; ends by itself after the last hold.
        case timed(holdS: Double, repetitions: Int, restS: Double)
        /// Counted exercise: `count` repetitions, one every `paceS` (the steady pace cue); ends after the last one.
        case counted(count: Int, paceS: Double)
    }

    /// Stable identifier for JSON and the history (`right_foot`, `calf_stretch_left`, …).
    public var id: String
    /// What the screen calls it.
    public var name: String
    /// How to do it, one short line.
    public var how: String
    public var kind: Kind

    public init(id: String, name: String, how: String, kind: Kind) {
        self.id = id
        self.name = name
        self.how = how
        self.kind = kind
    }

    public var isMeasured: Bool { if case .measured = kind { return true } else { return false } }

    /// The time this step asks for: the measured target, all holds (rests not counted), or all repetitions.
    public var targetS: Double {
        switch kind {
        case .measured(_, _, let t): return t
        case .timed(let hold, let reps, _): return hold * Double(reps)
        case .counted(let count, let pace): return Double(count) * pace
        }
    }

    /// Wall time the step runs by itself (holds and rests); nil for a measured step.
    public var plannedDurationS: Double? {
        switch kind {
        case .measured: return nil
        case .timed(let hold, let reps, let rest): return hold * Double(reps) + rest * Double(max(0, reps - 1))
        case .counted(let count, let pace): return Double(count) * pace
        }
    }
}
