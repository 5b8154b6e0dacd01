import RollAnalysis
import RollCore
import RollRoutine
import SensorIO

/// What the buzzer / LED does, driven on the reading thread so an alert reaches it before anything waits on the
/// screen: one pattern per alert kind, and the severe pattern ends when the analysis says pressure is no longer severe.
/// Output failures come back as values (the first one is shown; the session goes on without the buzzer).
struct BuzzerPolicy {
    let indicator: IndicatorOutput?

    /// The pattern an alert plays, nil for alerts that are only shown.
    static func pattern(for kind: AlertKind) -> IndicatorPattern? {
        switch kind {
        case .severePressure: return .severe
        case .burst: return .burst
        case .footTimeMet, .switchFoot, .holdComplete: return .milestone
        default: return nil
        }
    }

    /// A routine's cue (interface §7: timed steps cue start, halfway and end): a long beep where a step or hold starts
    /// or ends, a short one for the marks in between.
    static func pattern(for cue: RoutineCue.Kind) -> IndicatorPattern {
        switch cue {
        case .stepStart, .holdEnd, .stepEnd, .routineEnd: return .milestone
        case .halfway, .pace: return .cue
        }
    }

    /// Plays a routine cue; an output failure comes back as a value.
    func play(_ cue: RoutineCue) -> Error? { attempt { try indicator?.play(Self.pattern(for: cue.kind)) } }

    func configure() -> Error? { attempt { try indicator?.configure() } }

    /// Plays the alert's pattern. Returns whether it drives the buzzer at all, and any output failure.
    func react(to alert: Alert) -> (sounds: Bool, failure: Error?) {
        guard let pattern = Self.pattern(for: alert.kind) else { return (false, nil) }
        return (true, attempt { try indicator?.play(pattern) })
    }

    /// Once per batch: end the severe pattern when the analysis says so, and advance the pattern in progress.
    func update(_ cues: LiveCues) -> Error? {
        if !cues.severePressureNow, indicator?.playing == .severe, let e = attempt({ try indicator?.stop(.severe) }) { return e }
        return attempt { try indicator?.tick() }
    }

    func finish() -> Error? {
        defer { indicator?.release() }
        return attempt { try indicator?.stop() }
    }

    private func attempt(_ body: () throws -> Void) -> Error? {
        do { try body(); return nil } catch { return error }
    }
}
