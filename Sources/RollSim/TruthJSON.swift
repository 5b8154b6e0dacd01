import Foundation
import RollAnalysis

/// The truth file's JSON: the `SessionSummary` shape with interface v1's snake_case keys, except that a missing
/// peak force is written as `"peak_force_n": null` (as the interface shows) instead of being left out, which is what
/// the synthesized encoder would do. Full precision, sorted keys: byte-identical per seed.
enum TruthJSON {
    static func encode(_ summary: SessionSummary) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var data = try encoder.encode(Document(summary: summary))
        data.append(0x0A)
        return data
    }

    private struct Document: Encodable {
        let summary: SessionSummary
        enum Key: String, CodingKey { case durationS = "duration_s", samples, segments, alerts, warnings }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(summary.durationS, forKey: .durationS)
            try c.encode(summary.samples, forKey: .samples)
            try c.encode(summary.segments.map(Segment.init), forKey: .segments)
            try c.encode(summary.alerts, forKey: .alerts)
            try c.encode(summary.warnings, forKey: .warnings)
        }
    }

    private struct Segment: Encodable {
        let s: SegmentSummary
        init(_ s: SegmentSummary) { self.s = s }
        enum Key: String, CodingKey {
            case foot, startS = "start_s", endS = "end_s", activeS = "active_s", distanceM = "distance_m", strokes
            case fullLengthStrokes = "full_length_strokes", medianStrokeM = "median_stroke_m"
            case peakForceN = "peak_force_n", bursts, severeEvents = "severe_events", tenderHolds = "tender_holds"
            case verdict
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(s.foot, forKey: .foot)
            try c.encode(s.startS, forKey: .startS)
            try c.encode(s.endS, forKey: .endS)
            try c.encode(s.activeS, forKey: .activeS)
            try c.encode(s.distanceM, forKey: .distanceM)
            try c.encode(s.strokes, forKey: .strokes)
            try c.encode(s.fullLengthStrokes, forKey: .fullLengthStrokes)
            try c.encode(s.medianStrokeM, forKey: .medianStrokeM)
            if let f = s.peakForceN { try c.encode(f, forKey: .peakForceN) } else { try c.encodeNil(forKey: .peakForceN) }
            try c.encode(s.bursts, forKey: .bursts)
            try c.encode(s.severeEvents, forKey: .severeEvents)
            try c.encode(s.tenderHolds, forKey: .tenderHolds)
            try c.encode(s.verdict, forKey: .verdict)
        }
    }
}
