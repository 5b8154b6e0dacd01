/// What the buzzer (or LED) signals. Faster, denser pulse trains are heard as more urgent (Edworthy, Loxley &
/// Dennis 1991, "Improving auditory warning design: relationship between warning sound parameters and perceived
/// urgency", Human Factors 33(2)), so the pressure warning is the fastest and repeats until it is over, while the
/// informative cues are short and finite.
public enum IndicatorPattern: Sendable, Equatable, CaseIterable {
    /// Severe pressure: fast beeping (100 ms on / 100 ms off, 5 Hz), repeating until stopped.
    case severe
    /// A burst was detected: a double beep.
    case burst
    /// A milestone (2 min on a foot, 3 min → switch foot, a tender hold complete): one long beep.
    case milestone
    /// A routine's pacing mark (halfway through a hold, the next repetition): one short beep, shorter than a milestone
    /// so start / end and the marks in between are told apart by ear.
    case cue

    /// (on?, duration) steps played once; `repeats` patterns loop over them.
    public var steps: [(on: Bool, seconds: Double)] {
        switch self {
        case .severe: return [(true, 0.100), (false, 0.100)]
        case .burst: return [(true, 0.120), (false, 0.120), (true, 0.120)]
        case .milestone: return [(true, 0.800)]
        case .cue: return [(true, 0.150)]
        }
    }

    public var repeats: Bool { self == .severe }

    /// Higher wins: a pressure warning is never cut short by an informative cue.
    public var priority: Int {
        switch self {
        case .severe: return 2
        case .burst: return 1
        case .milestone, .cue: return 0
        }
    }

    /// Length of one pass through `steps`.
    public var cycleSeconds: Double { steps.reduce(0) { $0 + $1.seconds } }

    /// Whether the output is on `elapsed` seconds into the pattern, or nil once a non-repeating pattern is over.
    public func isOn(elapsedSeconds elapsed: Double) -> Bool? {
        guard elapsed >= 0 else { return false }
        var t = elapsed
        if repeats {
            t = elapsed.truncatingRemainder(dividingBy: cycleSeconds)
        } else if elapsed >= cycleSeconds {
            return nil
        }
        for step in steps {
            if t < step.seconds { return step.on }
            t -= step.seconds
        }
        return false
    }
}
