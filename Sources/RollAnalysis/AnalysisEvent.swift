/// What the analysis reports as it goes, for presenters (terminal UI, buzzer, JSON lines).
public enum AnalysisEvent: Sendable, Equatable {
    case alert(Alert)
    /// A segment opened at `tS`; its foot may still be relabelled during its first seconds.
    case segmentStarted(tS: Double)
    case segmentEnded(SegmentSummary)
    case stroke(tS: Double, lengthM: Double, isFullLength: Bool)
}
