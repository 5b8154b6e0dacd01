import Foundation
import TestSupport
import Testing

/// `rollmon replay` parses rows on a second thread and hands them over in blocks (`ReadAheadTraceReader`): long
/// traces, many blocks, must come out sample for sample as written, and a bad row or a cut-off last line deep in
/// the file must be reported exactly where it is.
@Suite("rollmon replay reading ahead")
struct ReplayReadAheadTests {
    /// Not a multiple of any block size: the last block is a partial one.
    static let rows = 20_011

    /// A still ball at 1 kHz whose t column counts rows (t = row / 1000, 6 decimals); on `badRow` gx is not a number;
    /// `cutLastLine` adds a last row cut off mid-number.
    static func trace(rows: Int, badRow: Int? = nil, cutLastLine: Bool = false) -> String {
        var out = "# rollmon-trace 1\n# tool: ball\n# rate_hz: 1000\nt,ax,ay,az,gx,gy,gz,force,foot\n"
        for n in 0..<rows {
            let gx = n == badRow ? "0.0o1" : "0.001"
            out += String(format: "%.6f", Double(n) / 1000) + ",0.01,-0.02,9.80665,\(gx),-0.002,0.003,\(n % 7 == 0 ? "12.5" : ""),\n"
        }
        if cutLastLine { out += "20.011000,0.01,-0." }
        return out
    }

    @Test func everyRowComesOutOnceAndInOrder() throws {
        let dir = TempDir()
        let path = dir.write("long.csv", Self.trace(rows: Self.rows))
        let q = dir.path("q.csv")
        let r = try rollmon(["replay", path, "--json", "--orientation-csv", q])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(obj["samples"] as? Int == Self.rows)
        let times = try String(contentsOfFile: q, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { Double($0.split(separator: ",")[0])! }
        #expect(times.count == Self.rows)
        let outOfPlace = times.enumerated().first { abs($0.element - Double($0.offset) / 1000) > 1e-9 }
        #expect(outOfPlace == nil, "row \(outOfPlace?.offset ?? -1) has t=\(outOfPlace?.element ?? 0)")
    }

    @Test func aBadRowDeepInTheFileIsReportedWhereItIs() throws {
        let dir = TempDir()
        let badRow = 17_321
        let path = dir.write("bad.csv", Self.trace(rows: Self.rows, badRow: badRow))
        // Four header lines, then row n on line n + 5; gx starts after "17.321000,0.01,-0.02,9.80665,".
        try expectReplayRefuses(path, stderr: "\(path):\(badRow + 5):30: error: expected a finite number for 'gx', found '0.0o1'\n")
    }

    @Test func aLastLineCutShortAfterManyBlocksIsAWarning() throws {
        let dir = TempDir()
        let path = dir.write("cut.csv", Self.trace(rows: Self.rows, cutLastLine: true))
        let r = try rollmon(["replay", path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("\(path):\(Self.rows + 5): warning: last line is incomplete"), "\(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(obj["samples"] as? Int == Self.rows)
        let warnings = (obj["warnings"] as? [String]) ?? []
        #expect(warnings.contains { $0.contains("last line is incomplete") }, "\(warnings)")
    }
}
