/// The result of analysing a session, in the shape of interface v1 §2 (`rollmon replay --json`), as data: numbers,
/// typed alerts and typed warnings. Words and the wire format are the presenters' (module RollSummary).
/// The simulator builds its ground truth in this same shape so tests can compare field by field.
public struct SessionSummary: Sendable, Equatable {
    public var durationS: Double
    public var samples: Int
    public var segments: [SegmentSummary]
    public var alerts: [Alert]
    /// Things the analysis could not do with this input (no force column, gyro saturation, an outage, ...).
    public var warnings: [SessionWarning]
    /// Stretches without force or IMU data, or without a working recording (interface v2 §8), in time order.
    public var outages: [SensorOutage]

    public init(durationS: Double, samples: Int, segments: [SegmentSummary], alerts: [Alert],
                warnings: [SessionWarning] = [], outages: [SensorOutage] = []) {
        self.durationS = durationS
        self.samples = samples
        self.segments = segments
        self.alerts = alerts
        self.warnings = warnings
        self.outages = outages
    }
}

/// The verdict on time spent on one foot against the 2–3 minute guideline. Raw values are the interface's words.
public enum TimeVerdict: String, Sendable {
    case under, ok, over
}

/// One continuous bout on one foot.
public struct SegmentSummary: Sendable, Equatable {
    /// "left", "right" or "unknown".
    public var foot: String
    public var startS: Double
    public var endS: Double
    public var activeS: Double
    public var distanceM: Double
    public var strokes: Int
    public var fullLengthStrokes: Int
    public var medianStrokeM: Double
    /// nil without a force sensor.
    public var peakForceN: Double?
    public var bursts: Int
    public var severeEvents: Int
    public var tenderHolds: Int
    public var verdict: TimeVerdict

    public init(foot: String, startS: Double, endS: Double, activeS: Double, distanceM: Double, strokes: Int,
                fullLengthStrokes: Int, medianStrokeM: Double, peakForceN: Double?, bursts: Int, severeEvents: Int,
                tenderHolds: Int, verdict: TimeVerdict) {
        self.foot = foot; self.startS = startS; self.endS = endS; self.activeS = activeS
        self.distanceM = distanceM; self.strokes = strokes; self.fullLengthStrokes = fullLengthStrokes
        self.medianStrokeM = medianStrokeM; self.peakForceN = peakForceN; self.bursts = bursts
        self.severeEvents = severeEvents; self.tenderHolds = tenderHolds; self.verdict = verdict
    }
}
