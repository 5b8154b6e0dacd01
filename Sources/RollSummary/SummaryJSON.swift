import Foundation
import RollAnalysis
import RollTrace

/// The summary's one JSON codec (interface v1 §2): the keys, the `null` rule and the field order are written here
/// once, in `SummaryRecord`, for both layouts — `rollmon replay --json` / `live` / `demo` (`render`) and the
/// simulator's truth file (`truth`) — and for reading either back (`decode`).
public enum SummaryJSON {
    /// Interface v1 §2: one object, keys in the interface's order, numbers rounded to what the sensors can resolve
    /// (times to the millisecond, lengths to the millimetre, forces to 0.1 N) and printed the same way on every
    /// machine, so identical input gives byte-identical output. `extra` adds top-level fields (key, JSON text)
    /// before `outages` (interface v2 §8) and `warnings`.
    public static func render(_ summary: SessionSummary, extra: [(String, String)] = []) -> String {
        render(SummaryRecord(summary, voice: .coaching), extra: extra)
    }

    public static func render(_ r: SummaryRecord, extra: [(String, String)] = []) -> String {
        typealias K = SummaryRecord.CodingKeys
        typealias S = SegmentRecord.CodingKeys
        typealias A = AlertRecord.CodingKeys
        typealias O = OutageRecord.CodingKeys
        var out = "{\n"
        out += "  \(key(K.durationS)): \(num(r.durationS, 3)), \(key(K.samples)): \(r.samples),\n"
        out += "  \(key(K.segments)): ["
        for (i, seg) in r.segments.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    { \(key(S.foot)): \(str(seg.foot)), \(key(S.startS)): \(num(seg.startS, 3)), \(key(S.endS)): \(num(seg.endS, 3)),"
            out += " \(key(S.activeS)): \(num(seg.activeS, 3)), \(key(S.distanceM)): \(num(seg.distanceM, 3)),"
            out += " \(key(S.strokes)): \(seg.strokes), \(key(S.fullLengthStrokes)): \(seg.fullLengthStrokes),"
            out += " \(key(S.medianStrokeM)): \(num(seg.medianStrokeM, 4)),"
            out += " \(key(S.peakForceN)): \(seg.peakForceN.map { num($0, 1) } ?? "null"),"
            out += " \(key(S.bursts)): \(seg.bursts), \(key(S.severeEvents)): \(seg.severeEvents), \(key(S.tenderHolds)): \(seg.tenderHolds),"
            out += " \(key(S.verdict)): \(str(seg.verdict.rawValue)) }"
        }
        out += r.segments.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \(key(K.alerts)): ["
        for (i, a) in r.alerts.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    { \(key(A.tS)): \(num(a.tS, 3)), \(key(A.kind)): \(str(a.kind)), \(key(A.message)): \(str(a.message)) }"
        }
        out += r.alerts.isEmpty ? "],\n" : "\n  ],\n"
        for (k, v) in extra { out += "  \(str(k)): \(v),\n" }
        out += "  \(key(K.outages)): [" + r.outages.map { o in
            "{ \(key(O.sensor)): \(str(o.sensor.rawValue)), \(key(O.fromS)): \(num(o.fromS, 3)), \(key(O.toS)): \(o.toS.map { num($0, 3) } ?? "null") }"
        }.joined(separator: ", ") + "],\n"
        out += "  \(key(K.warnings)): [" + r.warnings.map(str).joined(separator: ", ") + "]\n"
        out += "}"
        return out
    }

    /// The simulator's truth file: the same record at full precision, keys sorted, so a seed always gives the same
    /// bytes.
    public static func truth(_ summary: SessionSummary) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var data = try encoder.encode(SummaryRecord(summary, voice: .truth))
        data.append(0x0A)
        return data
    }

    /// Reads either layout back (unknown fields are ignored, so newer files still read).
    public static func decode(_ data: Data) throws -> SummaryRecord {
        try JSONDecoder().decode(SummaryRecord.self, from: data)
    }

    static func key(_ k: some CodingKey) -> String { str(k.stringValue) }

    static func num(_ v: Double, _ decimals: Int) -> String { FixedDecimal.compact(v, decimals: decimals) }

    /// A JSON string literal (RFC 8259 §7).
    public static func str(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
