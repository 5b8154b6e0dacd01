import RollAnalysis

/// A session summary as it is written down (interface v1 §2): alerts and warnings in words, every key spelled once
/// (the `CodingKeys` below). New top-level fields (e.g. `outages`, interface v2 §8) are added here and to
/// `SummaryJSON.render`.
public struct SummaryRecord: Sendable, Equatable, Codable {
    public var durationS: Double
    public var samples: Int
    public var segments: [SegmentSummary]
    public var alerts: [AlertRecord]
    /// Interface v2 §8: stretches without force or IMU data, or without a working recording.
    public var outages: [SensorOutage]
    public var warnings: [String]

    public init(_ s: SessionSummary, voice: SummaryWords.Voice) {
        durationS = s.durationS
        samples = s.samples
        segments = s.segments
        alerts = s.alerts.map { AlertRecord(tS: $0.tS, kind: $0.kind.rawValue, message: SummaryWords.message($0, voice: voice)) }
        outages = s.outages
        warnings = s.warnings.map(SummaryWords.text)
    }

    enum CodingKeys: String, CodingKey {
        case durationS = "duration_s", samples, segments, alerts, outages, warnings
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        durationS = try c.decode(Double.self, forKey: .durationS)
        samples = try c.decode(Int.self, forKey: .samples)
        segments = try c.decode([SegmentRecord].self, forKey: .segments).map(\.segment)
        alerts = try c.decode([AlertRecord].self, forKey: .alerts)
        outages = try c.decodeIfPresent([OutageRecord].self, forKey: .outages)?.map(\.outage) ?? []
        warnings = try c.decode([String].self, forKey: .warnings)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(durationS, forKey: .durationS)
        try c.encode(samples, forKey: .samples)
        try c.encode(segments.map(SegmentRecord.init), forKey: .segments)
        try c.encode(alerts, forKey: .alerts)
        // Only when there are any, so the simulator's truth files (which never have outages) keep their bytes.
        if !outages.isEmpty { try c.encode(outages.map(OutageRecord.init), forKey: .outages) }
        try c.encode(warnings, forKey: .warnings)
    }
}

/// The wire form of a `SensorOutage` (interface v2 §8): `{"sensor": "force"|"imu"|"recording", "from_s": ..,
/// "to_s": ..|null}`, `null` while it lasted to the end.
struct OutageRecord: Codable {
    var outage: SensorOutage

    init(_ outage: SensorOutage) { self.outage = outage }

    enum CodingKeys: String, CodingKey { case sensor, fromS = "from_s", toS = "to_s" }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .sensor)
        guard let sensor = SensorOutage.Sensor(rawValue: name) else {
            throw DecodingError.dataCorruptedError(forKey: .sensor, in: c, debugDescription: "unknown sensor '\(name)'")
        }
        outage = SensorOutage(sensor: sensor, fromS: try c.decode(Double.self, forKey: .fromS),
                              toS: try c.decodeIfPresent(Double.self, forKey: .toS))
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(outage.sensor.rawValue, forKey: .sensor)
        try c.encode(outage.fromS, forKey: .fromS)
        try c.encode(outage.toS, forKey: .toS)
    }
}

/// One alert as written: its time, its interface `kind` and the words for it.
public struct AlertRecord: Sendable, Equatable, Codable {
    public var tS: Double
    public var kind: String
    public var message: String

    public init(tS: Double, kind: String, message: String) { self.tS = tS; self.kind = kind; self.message = message }

    enum CodingKeys: String, CodingKey { case tS = "t_s", kind, message }
}

/// The wire form of a `SegmentSummary`: a missing peak force is written as `"peak_force_n": null` (interface v1 §2
/// shows it that way), not left out.
struct SegmentRecord: Codable {
    var segment: SegmentSummary

    init(_ segment: SegmentSummary) { self.segment = segment }

    enum CodingKeys: String, CodingKey {
        case foot, startS = "start_s", endS = "end_s", activeS = "active_s", distanceM = "distance_m", strokes
        case fullLengthStrokes = "full_length_strokes", medianStrokeM = "median_stroke_m", peakForceN = "peak_force_n"
        case bursts, severeEvents = "severe_events", tenderHolds = "tender_holds", verdict
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let verdictWord = try c.decode(String.self, forKey: .verdict)
        guard let verdict = TimeVerdict(rawValue: verdictWord) else {
            throw DecodingError.dataCorruptedError(forKey: .verdict, in: c, debugDescription: "unknown verdict '\(verdictWord)'")
        }
        segment = SegmentSummary(
            foot: try c.decode(String.self, forKey: .foot), startS: try c.decode(Double.self, forKey: .startS),
            endS: try c.decode(Double.self, forKey: .endS), activeS: try c.decode(Double.self, forKey: .activeS),
            distanceM: try c.decode(Double.self, forKey: .distanceM), strokes: try c.decode(Int.self, forKey: .strokes),
            fullLengthStrokes: try c.decode(Int.self, forKey: .fullLengthStrokes),
            medianStrokeM: try c.decode(Double.self, forKey: .medianStrokeM),
            peakForceN: try c.decodeIfPresent(Double.self, forKey: .peakForceN),
            bursts: try c.decode(Int.self, forKey: .bursts), severeEvents: try c.decode(Int.self, forKey: .severeEvents),
            tenderHolds: try c.decode(Int.self, forKey: .tenderHolds), verdict: verdict)
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(segment.foot, forKey: .foot)
        try c.encode(segment.startS, forKey: .startS)
        try c.encode(segment.endS, forKey: .endS)
        try c.encode(segment.activeS, forKey: .activeS)
        try c.encode(segment.distanceM, forKey: .distanceM)
        try c.encode(segment.strokes, forKey: .strokes)
        try c.encode(segment.fullLengthStrokes, forKey: .fullLengthStrokes)
        try c.encode(segment.medianStrokeM, forKey: .medianStrokeM)
        try c.encode(segment.peakForceN, forKey: .peakForceN)
        try c.encode(segment.bursts, forKey: .bursts)
        try c.encode(segment.severeEvents, forKey: .severeEvents)
        try c.encode(segment.tenderHolds, forKey: .tenderHolds)
        try c.encode(segment.verdict.rawValue, forKey: .verdict)
    }
}
