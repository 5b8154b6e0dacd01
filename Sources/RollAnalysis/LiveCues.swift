import RollCore

/// What a live presenter must decide from the analysis' state, decided here so every presenter (buzzer, screen,
/// routine) decides it the same way and none of them re-implements an analysis rule.
public struct LiveCues: Sendable, Equatable {
    /// Pressure is severe right now: the latest force reading is at or above the limit (interface §2 "severe").
    /// False without force data, so a severe alarm ends when force data end.
    public var severePressureNow: Bool
    /// The foot the user means by "switch foot" (button, `s` key): the other one than the foot last rolled — the
    /// segment in progress, else the last finished one (the user lifted the foot for longer than the 3 s a segment
    /// outlives lost contact, then pressed) — and before any segment the first foot of the session (interface §2,
    /// `--first-foot`).
    public var nextFoot: Foot

    public init(snapshot: AnalysisSnapshot, settings: AnalysisSettings) {
        severePressureNow = snapshot.forceN.map { $0 >= settings.severeForceN } ?? false
        nextFoot = (snapshot.foot ?? snapshot.lastFinishedFoot)?.opposite ?? settings.firstFoot
    }
}
