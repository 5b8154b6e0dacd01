/// What the user does: `n` or the button (next / skip), `p` (pause / resume), `q` (quit, keep what was done).
public enum RoutineInput: Sendable, Equatable { case next, pause, quit }

/// A moment the buzzer / LED marks (interface §7: timed steps cue start, halfway and end).
public struct RoutineCue: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case stepStart, halfway, holdEnd, pace, stepEnd, routineEnd
    }
    public var kind: Kind
    public var stepIndex: Int
    /// Routine time of the cue (the time passed in, not a clock read here).
    public var tS: Double
    public init(kind: Kind, stepIndex: Int, tS: Double) {
        self.kind = kind
        self.stepIndex = stepIndex
        self.tS = tS
    }
}

/// How a step ended.
public enum StepOutcome: String, Sendable { case done, partial, skipped }

/// One step's result: what was asked, what was done.
public struct StepResult: Sendable, Equatable {
    public var step: RoutineStep
    /// Seconds done: measured time on the body part, hold time completed, or repetition time completed.
    public var doneS: Double
    /// Repetitions (holds or counts) completed; nil for a measured step.
    public var repetitionsDone: Int?
    public var outcome: StepOutcome
}

/// Where the routine is: for the screen.
public struct RoutineStatus: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Measured: time so far against the target.
        case rolling(activeS: Double)
        /// Timed: hold `repetition` of `of`, `remainingS` to go.
        case hold(repetition: Int, of: Int, remainingS: Double)
        case rest(beforeRepetition: Int, of: Int, remainingS: Double)
        /// Counted: doing number `current` of `of` ("3 of 8"); `beatInS` to the next pace cue.
        case count(current: Int, of: Int, beatInS: Double)
        case finished
    }
    public var stepIndex: Int
    public var stepCount: Int
    public var step: RoutineStep?
    public var next: RoutineStep?
    public var phase: Phase
    public var paused: Bool
    /// Time the current step has run (pauses excluded).
    public var stepElapsedS: Double
}

/// The routine as a state machine driven by (time, input), like the analysis: no clocks, no I/O. The caller passes
/// the routine time with every call (virtual in tests and the demo, the monotonic clock live) and reports the measured
/// time of a measured step from the analysis.
public struct RoutineStepper: Sendable {
    public let plan: RoutinePlan
    public private(set) var results: [StepResult] = []
    public private(set) var paused = false
    private var index = 0
    private var lastS: Double
    /// Time the current step has run, pauses excluded.
    private var elapsedS = 0.0
    private var measuredS = 0.0
    private var quit = false
    /// Elapsed time is summed from many time steps; sums of decimal steps miss the exact end by ~1e-14 s (a step
    /// ends, and counts as done, within this of its target).
    private static let timeEpsilonS = 1e-9

    /// Starts the first step at `startS`; the returned cues are the first step's start.
    public init(plan: RoutinePlan, startS: Double) {
        self.plan = plan
        lastS = startS
    }

    public var isFinished: Bool { quit || index >= plan.steps.count }
    /// The user quit before the last step ended.
    public var endedEarly: Bool { quit }
    public var currentIndex: Int { index }
    public var current: RoutineStep? { isFinished ? nil : plan.steps[index] }

    /// The cue of the first step's start (call once, when the screen is ready).
    public func startCues() -> [RoutineCue] {
        isFinished ? [] : [RoutineCue(kind: .stepStart, stepIndex: 0, tS: lastS)]
    }

    /// The analysis' time on the body part for the measured step in progress (its segments so far).
    public mutating func reportMeasured(activeS: Double) {
        if current?.isMeasured == true { measuredS = activeS }
    }

    /// Time passes to `tS`: holds, rests and counts move on; a timed or counted step ends by itself.
    public mutating func advance(toS tS: Double) -> [RoutineCue] {
        var cues: [RoutineCue] = []
        var dt = max(0, tS - lastS)
        lastS = max(lastS, tS)
        guard !paused else { return [] }
        while dt > 0, let step = current {
            let before = elapsedS
            guard let duration = step.plannedDurationS else { elapsedS += dt; break }
            let taken = min(dt, duration - before)
            elapsedS = before + taken
            dt -= taken
            cues += crossings(step, from: before, to: elapsedS, stepStartS: tS - dt - elapsedS)
            if elapsedS >= duration - Self.timeEpsilonS { cues += endStep(atS: tS - dt) }
        }
        return cues
    }

    /// The user's input at `tS` (time is advanced to `tS` first).
    public mutating func handle(_ input: RoutineInput, atS tS: Double) -> [RoutineCue] {
        var cues = advance(toS: tS)
        guard !isFinished else { return cues }
        switch input {
        case .pause: paused.toggle()
        case .next: paused = false; cues += endStep(atS: tS)
        case .quit:
            paused = false
            results.append(result(for: plan.steps[index]))
            for step in plan.steps.dropFirst(index + 1) { results.append(StepResult(step: step, doneS: 0, repetitionsDone: step.isMeasured ? nil : 0, outcome: .skipped)) }
            quit = true
            index = plan.steps.count
            cues.append(RoutineCue(kind: .routineEnd, stepIndex: plan.steps.count - 1, tS: tS))
        }
        return cues
    }

    public var status: RoutineStatus {
        let step = current
        let nextStep = isFinished || index + 1 >= plan.steps.count ? nil : plan.steps[index + 1]
        var phase = RoutineStatus.Phase.finished
        if let step {
            switch step.kind {
            case .measured: phase = .rolling(activeS: measuredS)
            case .timed(let hold, let reps, let rest):
                let cycle = hold + rest
                let rep = min(reps - 1, Int(elapsedS / cycle))
                let inCycle = elapsedS - Double(rep) * cycle
                phase = inCycle < hold ? .hold(repetition: rep + 1, of: reps, remainingS: hold - inCycle)
                    : .rest(beforeRepetition: rep + 2, of: reps, remainingS: cycle - inCycle)
            case .counted(let count, let pace):
                let done = min(count - 1, Int(elapsedS / pace))
                phase = .count(current: done + 1, of: count, beatInS: Double(done + 1) * pace - elapsedS)
            }
        }
        return RoutineStatus(stepIndex: min(index, plan.steps.count - 1), stepCount: plan.steps.count, step: step, next: nextStep,
                             phase: phase, paused: paused, stepElapsedS: elapsedS)
    }

    // MARK: - Steps

    private mutating func endStep(atS tS: Double) -> [RoutineCue] {
        let step = plan.steps[index]
        results.append(result(for: step))
        var cues = [RoutineCue(kind: .stepEnd, stepIndex: index, tS: tS)]
        index += 1
        elapsedS = 0
        measuredS = 0
        if isFinished { cues.append(RoutineCue(kind: .routineEnd, stepIndex: index - 1, tS: tS)) }
        else { cues.append(RoutineCue(kind: .stepStart, stepIndex: index, tS: tS)) }
        return cues
    }

    private func result(for step: RoutineStep) -> StepResult {
        let (doneS, reps) = done(step)
        let outcome: StepOutcome = doneS >= step.targetS - Self.timeEpsilonS ? .done : doneS > 0 ? .partial : .skipped
        return StepResult(step: step, doneS: doneS, repetitionsDone: reps, outcome: outcome)
    }

    /// Seconds done and repetitions completed, from the elapsed time (holds count, rests do not).
    private func done(_ step: RoutineStep) -> (Double, Int?) {
        switch step.kind {
        case .measured: return (measuredS, nil)
        case .timed(let hold, let reps, let rest):
            let cycle = hold + rest
            let full = min(reps, Int((elapsedS + rest) / cycle + 1e-9))
            let partialHold = min(hold, max(0, elapsedS - Double(full) * cycle))
            return (Double(full) * hold + (full < reps ? partialHold : 0), full)
        case .counted(let count, let pace):
            let full = min(count, Int(elapsedS / pace + 1e-9))
            return (min(elapsedS, Double(count) * pace), full)
        }
    }

    /// Cues between two elapsed times of a timed or counted step (`stepStartS`: routine time at elapsed 0).
    private func crossings(_ step: RoutineStep, from a: Double, to b: Double, stepStartS: Double) -> [RoutineCue] {
        var cues: [RoutineCue] = []
        func add(_ kind: RoutineCue.Kind, at e: Double) { if e > a && e <= b { cues.append(RoutineCue(kind: kind, stepIndex: index, tS: stepStartS + e)) } }
        switch step.kind {
        case .measured: break
        case .timed(let hold, let reps, let rest):
            for r in 0..<reps {
                let start = Double(r) * (hold + rest)
                if r > 0 { add(.stepStart, at: start) }
                add(.halfway, at: start + hold / 2)
                if r < reps - 1 { add(.holdEnd, at: start + hold) }
            }
        case .counted(let count, let pace):
            for r in 1..<max(1, count) { add(.pace, at: Double(r) * pace) }
        }
        return cues.sorted { $0.tS < $1.tS }
    }
}
