import RollCore

/// The running totals of the segment in progress.
struct SegmentAccumulator: Sendable {
    var startS: Double
    var lastContactS: Double
    var activeS = 0.0
    var distanceM = 0.0
    var strokes: StrokeTracker
    var peakForceN: Double?
    var bursts = 0
    var severeEvents = 0
    var tenderHolds = 0
    /// The foot fixed by the marker in effect `markerGraceS` after the start; nil until then (or when none).
    var markerFoot: Foot?
    var labelFixed = false
    var footTimeMetAlerted = false
    var switchFootAlerted = false
    /// Contact samples whose status is pending (no force: a still spell that may turn out to be a bridged gap).
    var pendingActiveS = 0.0
    var pendingDistanceM = 0.0

    init(startS: Double, settings: AnalysisSettings) {
        self.startS = startS
        lastContactS = startS
        strokes = StrokeTracker(minStrokeM: settings.minStrokeM,
                                fullLengthM: settings.fullLengthFraction * settings.fasciaM,
                                hysteresisM: settings.reversalHysteresisM)
    }

    func summary(foot: Foot, hasForce: Bool, settings: AnalysisSettings) -> SegmentSummary {
        let verdict: TimeVerdict = activeS < settings.footTimeMinS ? .under : (activeS > settings.footTimeMaxS ? .over : .ok)
        return SegmentSummary(
            foot: foot.rawValue, startS: startS, endS: lastContactS, activeS: activeS, distanceM: distanceM,
            strokes: strokes.strokes, fullLengthStrokes: strokes.fullLengthStrokes,
            medianStrokeM: strokes.histogram.medianM,
            peakForceN: hasForce ? (peakForceN ?? 0) : nil,
            bursts: bursts, severeEvents: severeEvents, tenderHolds: tenderHolds, verdict: verdict)
    }
}
