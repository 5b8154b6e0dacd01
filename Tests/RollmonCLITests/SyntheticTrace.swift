import Foundation

/// A rollmon-trace written with known contact: the ball held still under 60 N for exactly the seconds asked per
/// segment, with the foot marker set, 4 s without load between segments (a new segment starts after 3 s). The
/// analysis's `active_s` of each segment is then that many seconds by construction: ground truth that does not come
/// from the rule under test.
struct SyntheticTrace {
    var started: String?
    var tool = "ball"
    var target: String?
    var rateHz = 10.0
    /// (foot marker "R"/"L"/"" , seconds in contact)
    var segments: [(String, Double)]

    func text() -> String {
        var out = "# rollmon-trace 1\n# tool: \(tool)\n"
        if let started { out += "# started: \(started)\n" }
        if let target { out += "# target: \(target)\n" }
        out += "# rate_hz: \(rateHz)\nt,ax,ay,az,gx,gy,gz,force,foot\n"
        var n = 0
        func row(_ force: Int, _ foot: String) {
            out += String(format: "%.6f", Double(n) / rateHz) + ",0,0,9.80665,0,0,0,\(force),\(foot)\n"
            n += 1
        }
        for (foot, seconds) in segments {
            for _ in 0...Int((seconds * rateHz).rounded()) { row(60, foot) }
            for _ in 0..<Int(4 * rateHz) { row(0, "") }
        }
        return out
    }

    @discardableResult
    func write(to path: String) -> String {
        try! Data(text().utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// `history --json` parsed.
struct HistoryJSONView {
    let object: [String: Any]
    init(_ text: String) throws {
        object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }
    var days: [[String: Any]] { object["days"] as! [[String: Any]] }
    func day(_ date: String) -> [String: Any] { days.first { $0["date"] as? String == date } ?? [:] }
    func int(_ key: String) -> Int { object[key] as! Int }
    func double(_ key: String) -> Double { (object[key] as! NSNumber).doubleValue }
}
