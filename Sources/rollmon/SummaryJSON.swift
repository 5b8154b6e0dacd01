import RollAnalysis
import RollTrace

/// `rollmon replay --json` (interface v1 §2): one JSON object, keys in the interface's order, numbers rounded to
/// what the sensors can resolve (times to the millisecond, lengths to the millimetre, forces to 0.1 N) and printed the
/// same way on every machine, so identical input gives byte-identical output.
enum SummaryJSON {
    static func render(_ s: SessionSummary, extra: [(String, String)] = []) -> String {
        var out = "{\n"
        out += "  \"duration_s\": \(num(s.durationS, 3)), \"samples\": \(s.samples),\n"
        out += "  \"segments\": ["
        for (i, seg) in s.segments.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    { \"foot\": \(str(seg.foot)), \"start_s\": \(num(seg.startS, 3)), \"end_s\": \(num(seg.endS, 3)),"
            out += " \"active_s\": \(num(seg.activeS, 3)), \"distance_m\": \(num(seg.distanceM, 3)),"
            out += " \"strokes\": \(seg.strokes), \"full_length_strokes\": \(seg.fullLengthStrokes),"
            out += " \"median_stroke_m\": \(num(seg.medianStrokeM, 4)),"
            out += " \"peak_force_n\": \(seg.peakForceN.map { num($0, 1) } ?? "null"),"
            out += " \"bursts\": \(seg.bursts), \"severe_events\": \(seg.severeEvents), \"tender_holds\": \(seg.tenderHolds),"
            out += " \"verdict\": \(str(seg.verdict.rawValue)) }"
        }
        out += s.segments.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"alerts\": ["
        for (i, a) in s.alerts.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    { \"t_s\": \(num(a.tS, 3)), \"kind\": \(str(a.kind.rawValue)), \"message\": \(str(a.message)) }"
        }
        out += s.alerts.isEmpty ? "],\n" : "\n  ],\n"
        for (k, v) in extra { out += "  \(str(k)): \(v),\n" }
        out += "  \"outages\": [" + s.outages.map { o in
            "{ \"sensor\": \(str(o.sensor.rawValue)), \"from_s\": \(num(o.fromS, 3)), \"to_s\": \(o.toS.map { num($0, 3) } ?? "null") }"
        }.joined(separator: ", ") + "],\n"
        out += "  \"warnings\": [" + s.warnings.map(str).joined(separator: ", ") + "]\n"
        out += "}"
        return out
    }

    static func num(_ v: Double, _ decimals: Int) -> String { FixedDecimal.compact(v, decimals: decimals) }

    static func str(_ s: String) -> String {
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
