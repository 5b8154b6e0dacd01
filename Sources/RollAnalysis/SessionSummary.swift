/// The result of analysing a session, in the shape of interface v1 §2 (`rollmon replay --json`).
/// The simulator writes its ground truth in this same shape so tests can compare field by field.
public struct SessionSummary: Sendable, Equatable, Codable {
    public var durationS: Double
    public var samples: Int
    public var segments: [SegmentSummary]
    public var alerts: [Alert]
    /// Things the analysis could not do with this input (no force column, gyro saturation, ...), in words.
    public var warnings: [String]
    /// Stretches without force or IMU data, or without a working recording (interface v2 §8), in time order.
    public var outages: [SensorOutage]

    public init(durationS: Double, samples: Int, segments: [SegmentSummary], alerts: [Alert], warnings: [String] = [],
                outages: [SensorOutage] = []) {
        self.durationS = durationS
        self.samples = samples
        self.segments = segments
        self.alerts = alerts
        self.warnings = warnings
        self.outages = outages
    }

    enum CodingKeys: String, CodingKey {
        case durationS = "duration_s", samples, segments, alerts, warnings, outages
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        durationS = try c.decode(Double.self, forKey: .durationS)
        samples = try c.decode(Int.self, forKey: .samples)
        segments = try c.decode([SegmentSummary].self, forKey: .segments)
        alerts = try c.decode([Alert].self, forKey: .alerts)
        warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
        outages = try c.decodeIfPresent([SensorOutage].self, forKey: .outages) ?? []
    }
}

/// The verdict on time spent on one foot against the 2–3 minute guideline.
public enum TimeVerdict: String, Sendable, Codable {
    case under, ok, over
}

/// One continuous bout on one foot.
public struct SegmentSummary: Sendable, Equatable, Codable {
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

    enum CodingKeys: String, CodingKey {
        case foot, startS = "start_s", endS = "end_s", activeS = "active_s", distanceM = "distance_m", strokes
        case fullLengthStrokes = "full_length_strokes", medianStrokeM = "median_stroke_m", peakForceN = "peak_force_n"
        case bursts, severeEvents = "severe_events", tenderHolds = "tender_holds", verdict
    }

    /// As synthesized, except that a missing peak force is written as `"peak_force_n": null` (interface v1 §2 shows
    /// it that way) rather than left out.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(foot, forKey: .foot)
        try c.encode(startS, forKey: .startS)
        try c.encode(endS, forKey: .endS)
        try c.encode(activeS, forKey: .activeS)
        try c.encode(distanceM, forKey: .distanceM)
        try c.encode(strokes, forKey: .strokes)
        try c.encode(fullLengthStrokes, forKey: .fullLengthStrokes)
        try c.encode(medianStrokeM, forKey: .medianStrokeM)
        try c.encode(peakForceN, forKey: .peakForceN)
        try c.encode(bursts, forKey: .bursts)
        try c.encode(severeEvents, forKey: .severeEvents)
        try c.encode(tenderHolds, forKey: .tenderHolds)
        try c.encode(verdict, forKey: .verdict)
    }
}

/// What an alert is about. Raw values are the interface's `kind` strings.
public enum AlertKind: String, Sendable, Codable, CaseIterable {
    case severePressure = "severe_pressure"
    case burst
    case footTimeMet = "foot_time_met"
    case switchFoot = "switch_foot"
    case shortStrokes = "short_strokes"
    case holdComplete = "hold_complete"
    case tenderHoldStarted = "tender_hold_started"
    case gyroSaturation = "gyro_saturation"
    /// Force data ended (sensor unplugged or failing): contact from rolling until they return.
    case forceLost = "force_lost"
    case forceBack = "force_back"
}

/// A timestamped alert (trace time).
public struct Alert: Sendable, Equatable, Codable {
    public var tS: Double
    public var kind: AlertKind
    public var message: String

    public init(tS: Double, kind: AlertKind, message: String) { self.tS = tS; self.kind = kind; self.message = message }

    enum CodingKeys: String, CodingKey { case tS = "t_s", kind, message }
}
