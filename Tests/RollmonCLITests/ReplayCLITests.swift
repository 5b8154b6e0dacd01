import Foundation
import RollCore
import TestSupport
import Testing

@Suite("rollmon replay, end to end")
struct ReplayCLITests {
    static let broadExcerpt: String = {
        let dir = packageRoot.appendingPathComponent("Fixtures/imu-traces/broad")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        let trace = files.filter { $0.hasSuffix(".csv") && !$0.hasSuffix(".ref.csv") }.sorted().first ?? "missing.csv"
        return dir.appendingPathComponent(trace).path
    }()

    @Test func malformedTraceNamesLineAndColumnAndExits65() throws {
        let dir = TempDir()
        let path = dir.write("bad.csv", "# rollmon-trace 1\nt,ax,ay,az,gx,gy,gz\n0,0,0,9.8,0,0,0\n0.01,0,0,9.8,zero,0,0\n")
        try expectReplayRefuses(path, stderr: "\(path):4:14: error: expected a finite number for 'gx', found 'zero'\n")
    }

    /// A time beyond any clock (here 1e300 s after the start) once crashed the text summary's m:ss formatting.
    @Test(arguments: ["t,ax,ay,az,gx,gy,gz,force", "t,gx,gy,gz,ax,ay,az,force"])
    func aTimeBeyondAnyClockIsRefusedNotACrash(_ header: String) throws {
        let dir = TempDir()
        let path = dir.write("far.csv", "# rollmon-trace 1\n\(header)\n0,0,0,9.8,0,0,0,20\n1e300,0,0,9.8,0,0,0,20\n")
        let r = try rollmon(["replay", path])
        #expect(r.status == 65)
        #expect(r.stderr.hasPrefix("\(path):4:1: error: t=1e+300 s is out of range"), "\(r.stderr)")
    }

    /// A gyro value no part can read (1e300 rad/s) once went through the analysis as inf − inf and printed
    /// `"distance_m": nan`, which is not JSON.
    @Test func aValueNoPartCanReadIsRefusedNotNaN() throws {
        let dir = TempDir()
        var text = "# rollmon-trace 1\nt,ax,ay,az,gx,gy,gz,force\n"
        for i in 0..<500 { text += "\(Double(i) / 1000),0,0,9.8,\(i == 300 ? "1e300" : "3"),0,0,50\n" }
        let path = dir.write("spike.csv", text)
        try expectReplayRefuses(path, stderr: "\(path):303:13: error: gx=1e+300 is out of range: beyond any gyroscope's range (at most 1000 rad/s)\n")
    }

    /// rollmon's own metadata keys are checked as the interface's are (§2: N 20–5 000 N from metadata, else 65): a
    /// value rollmon could not use was ignored without a word (`severe_n: 10` replayed with the 250 N default).
    @Test func rollmonsOwnMetadataKeysAreCheckedLikeTheInterfaces() throws {
        let dir = TempDir()
        let rows = "t,ax,ay,az,gx,gy,gz,force\n0,0,0,9.8,0,0,0,12\n0.01,0,0,9.8,0,0,0,12\n"
        let refused: [(line: String, column: Int, message: String)] = [
            ("severe_n: 10", 13, "metadata 'severe_n' must be a number between 20 and 5000 (newtons), found '10'"),
            ("severe_n: abc", 13, "metadata 'severe_n' must be a number between 20 and 5000 (newtons), found 'abc'"),
            ("gyro_range_dps: 0", 19, "metadata 'gyro_range_dps' must be a positive number (degrees per second, the gyro's full scale), found '0'"),
            ("gyro_lsb_per_dps: -16.4", 21, "metadata 'gyro_lsb_per_dps' must be a positive number (the gyro's counts per degree per second), found '-16.4'"),
            ("gyro_bias_rad_s: nan,0,0", 20, "metadata 'gyro_bias_rad_s' must be three numbers x,y,z in rad/s (each at most 1000), found 'nan,0,0'"),
            ("gyro_bias_rad_s: 0.1,0.2", 20, "metadata 'gyro_bias_rad_s' must be three numbers x,y,z in rad/s (each at most 1000), found '0.1,0.2'"),
            ("first_foot: both", 15, "metadata 'first_foot' must be 'right' or 'left', found 'both'"),
        ]
        for bad in refused {
            let path = dir.write("bad.csv", "# rollmon-trace 1\n# \(bad.line)\n" + rows)
            let r = try rollmon(["replay", path, "--json"])
            #expect(r.status == 65, "\(bad.line): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(bad.line)")
            #expect(r.stderr == "\(path):2:\(bad.column): error: \(bad.message)\n", "\(bad.line): \(r.stderr)")
        }
        let good = dir.write("good.csv", "# rollmon-trace 1\n# severe_n: 20\n# gyro_range_dps: 2000\n# gyro_lsb_per_dps: 16.4\n"
                             + "# gyro_bias_rad_s: 0.031, -0.012, 0.007\n# first_foot: Left\n" + rows)
        let r = try rollmon(["replay", good, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"foot\": \"left\""), "\(r.stdout)")
    }

    @Test func missingTraceExits66() throws {
        let r = try rollmon(["replay", "/nonexistent/x.csv"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("No such file"))
    }

    @Test func aDirectoryIsSaidToBeOne() throws {
        let dir = TempDir()
        let r = try rollmon(["replay", dir.path("."), "--json"])
        #expect(r.status == 66)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("cannot open trace: Is a directory"), "\(r.stderr)")
    }

    @Test func jsonIsTheInterfaceShapeAndByteIdenticalAcrossRuns() throws {
        let a = try rollmon(["replay", Self.broadExcerpt, "--json"])
        let b = try rollmon(["replay", Self.broadExcerpt, "--json"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        let obj = try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as! [String: Any]
        #expect(obj["duration_s"] is Double || obj["duration_s"] is Int)
        #expect((obj["samples"] as? Int ?? 0) > 1000)
        #expect(obj["segments"] is [Any])
        #expect(obj["alerts"] is [Any])
        for seg in obj["segments"] as! [[String: Any]] {
            for key in ["foot", "start_s", "end_s", "active_s", "distance_m", "strokes", "full_length_strokes",
                        "median_stroke_m", "peak_force_n", "bursts", "severe_events", "tender_holds", "verdict"] {
                #expect(seg[key] != nil, "missing \(key)")
            }
            #expect(seg["peak_force_n"] is NSNull)   // BROAD has no force column
        }
    }

    @Test func orientationCSVHasOneRowPerSample() throws {
        let dir = TempDir()
        let out = dir.path("q.csv")
        let r = try rollmon(["replay", Self.broadExcerpt, "--orientation-csv", out, "--json"])
        #expect(r.status == 0)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "t,qw,qx,qy,qz")
        #expect(lines.count - 1 == obj["samples"] as! Int)
        for line in lines.dropFirst().prefix(1000) {
            let q = line.split(separator: ",").dropFirst().map { Double($0)! }
            let norm = q.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-6)
        }
    }

    /// A sensor that starts on its side (gravity along x, or along −z: upside down) is reported at its attitude from
    /// the first row, as VQF initialises from its first sample: before, the rows of the first 20 ms block read level
    /// (identity), 90° and 180° off. Truth: the still sensor's gravity, which every row must turn to world up.
    @Test(arguments: [(9.80665, 0.0, 0.0), (0.0, -6.934, -6.934), (0.0, 0.0, -9.80665)])
    func theFirstRowsAlreadyHaveTheSensorsAttitude(_ gravity: (Double, Double, Double)) throws {
        let dir = TempDir()
        var text = "# rollmon-trace 1\n# tool: ball\n# rate_hz: 500\nt,ax,ay,az,gx,gy,gz\n"
        for k in 0..<500 { text += String(format: "%.4f,%.5f,%.5f,%.5f,0,0,0\n", Double(k) / 500, gravity.0, gravity.1, gravity.2) }
        let trace = dir.path("side.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: trace))
        let out = dir.path("q.csv")
        let r = try rollmon(["replay", trace, "--orientation-csv", out])
        try #require(r.status == 0, "\(r.stderr)")
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == 500)
        let g = Vector3(gravity.0, gravity.1, gravity.2).normalized
        for (k, line) in rows.enumerated() {
            let c = line.split(separator: ",").dropFirst().map { Double($0)! }
            let up = Quaternion(w: c[0], x: c[1], y: c[2], z: c[3]).rotate(g)
            #expect(up.z > cos(0.5 * Double.pi / 180), "row \(k): gravity turned to \(up), not up")
        }
    }

    /// The force reading on a segment's first row counts for that segment: a foot stamped down at 300 N raises the
    /// severe alert and is the segment's peak and severe episode (before, the reading was taken before the contact
    /// rule opened the segment: a lone 300 N row gave the alert with `severe_events: 0` and `peak_force_n: 0`, and
    /// the first row of a later segment went to the one before). Truth: the rows as written.
    struct StampCase: Sendable, CustomTestStringConvertible {
        var name: String
        /// (t s, force N) rows of a still ball.
        var rows: [(Double, Double)]
        /// Per segment: (peak N, severe episodes).
        var segments: [(Double, Int)]
        var testDescription: String { name }
    }
    static let stampCases: [StampCase] = {
        let threeSeconds: [(Double, Double)] = (0...30).map { (Double($0) / 10, 300) }
        let later: [(Double, Double)] = (0...20).map { (10 + Double($0) / 10, 300) }
        return [StampCase(name: "one row at 300 N", rows: [(0, 300)], segments: [(300, 1)]),
                StampCase(name: "3 s at 300 N from the first row", rows: threeSeconds, segments: [(300, 1)]),
                StampCase(name: "12 N, then 10 s later 300 N", rows: [(0, 12)] + later, segments: [(12, 0), (300, 1)])]
    }()

    @Test(arguments: stampCases)
    func aSegmentsFirstRowCountsForIt(_ c: StampCase) throws {
        let (name, rows, expected) = (c.name, c.rows, c.segments)
        let dir = TempDir()
        var text = "# rollmon-trace 1\n# tool: ball\n# rate_hz: 10\nt,ax,ay,az,gx,gy,gz,force\n"
        for (t, f) in rows { text += String(format: "%.3f,0,0,9.80665,0,0,0,%.1f\n", t, f) }
        let trace = dir.path("stamp.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: trace))
        let r = try rollmon(["replay", trace, "--json"])
        try #require(r.status == 0, "\(name): \(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let segments = obj["segments"] as! [[String: Any]]
        try #require(segments.count == expected.count, "\(name): \(segments)")
        for (seg, (peak, severe)) in zip(segments, expected) {
            #expect(seg["peak_force_n"] as? Double == peak, "\(name): \(seg)")
            #expect(seg["severe_events"] as? Int == severe, "\(name): \(seg)")
        }
        let alerts = (obj["alerts"] as! [[String: Any]]).filter { $0["kind"] as? String == "severe_pressure" }
        #expect(alerts.count == expected.reduce(0) { $0 + $1.1 }, "\(name): \(alerts)")
    }

    /// Lost reads too short to be an outage are said in the summary, counted from the rows' spacing alone: the count
    /// is the simulator's own count of the rows it dropped (its truth: lost reads of 1 to 30 rows), within one for
    /// a jittered clock. A trace without drops says nothing.
    @Test(arguments: [("cheapNoisy", 1), ("cheapNoisy", 2), ("rate100Hz", 3), ("heavySpin", 1), ("clean", 1)])
    func shortGapsOfLostReadsAreSaidAndCounted(_ preset: String, _ seed: Int) throws {
        let dir = TempDir()
        let (trace, truth) = (dir.path("t.csv"), dir.path("truth.json"))
        let sim = try rollmon(["simulate", "--preset", preset, "--seed", String(seed), "--out", trace, "--truth", truth])
        try #require(sim.status == 0, "\(sim.stderr)")
        let truthObj = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: truth))) as! [String: Any]
        let dropped = (truthObj["warnings"] as! [String]).compactMap { w in
            w.hasSuffix(" rows dropped") ? Int(w.split(separator: " ")[0]) : nil
        }.first
        let r = try rollmon(["replay", trace, "--json"])
        try #require(r.status == 0, "\(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let said = (obj["warnings"] as! [String]).filter { $0.hasPrefix("IMU: ") && $0.contains(" missing in ") }
        guard let dropped else {
            #expect(said.isEmpty, "\(said)")
            return
        }
        try #require(said.count == 1, "\(preset) \(seed): \(obj["warnings"] ?? "")")
        let counted = Int(said[0].split(separator: " ")[1]) ?? -1
        #expect(abs(counted - dropped) <= 1, "\(preset) \(seed): truth \(dropped) rows dropped; \(said[0])")
        #expect(said[0].hasSuffix("short gaps (under 0.20 s each); the rate across them was interpolated"), "\(said[0])")
    }

    @Test func flagsOverrideMetadata() throws {
        // A simulated ball session with force (contact from force): the BROAD excerpts are a sensor turned in the
        // hand, which the no-force contact rule rightly does not count as rolling.
        let session = packageRoot.appendingPathComponent("Fixtures/imu-traces/demo-session.csv").path
        let a = try rollmon(["replay", session, "--json", "--radius-mm", "20"])
        let b = try rollmon(["replay", session, "--json", "--radius-mm", "40"])
        func total(_ r: RunResult) throws -> Double {
            let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            return (obj["segments"] as! [[String: Any]]).reduce(0) { $0 + ($1["distance_m"] as! Double) }
        }
        let da = try total(a), db = try total(b)
        #expect(da > 0.5)
        // Twice the radius, twice the length (contact may begin a sample earlier on the bigger ball).
        #expect(abs(db / da - 2) < 0.05)
    }

    @Test func humanSummaryNamesTheGuidelines() throws {
        let r = try rollmon(["replay", Self.broadExcerpt])
        #expect(r.status == 0)
        #expect(r.stdout.contains("2–3 min per foot"))
        #expect(r.stdout.contains("no force sensor"))
    }

    /// Every stroke figure in the text summary is whole: the value column once cut "125, 45 full-length (36 %)" to
    /// "… (3", which reads as 3 %. The share shown is the JSON's full-length / strokes.
    @Test func strokeSharesAreNotCutInTheTextSummary() throws {
        let fixture = packageRoot.appendingPathComponent("Fixtures/imu-traces/demo-session.csv").path
        let text = try rollmon(["replay", fixture])
        #expect(text.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(try rollmon(["replay", fixture, "--json"]).stdout.utf8)) as! [String: Any]
        let segments = json["segments"] as! [[String: Any]]
        let rows = text.stdout.split(separator: "\n").filter { $0.contains(" strokes  ") }
        #expect(rows.count == segments.count && segments.count >= 2)
        for (row, seg) in zip(rows, segments) {
            let strokes = seg["strokes"] as! Int, full = seg["full_length_strokes"] as! Int
            let share = Int((Double(full) / Double(strokes) * 100).rounded())
            #expect(row.contains("\(strokes), \(full) full-length (\(share) %) "), "\(row)")
        }
    }

    @Test func readsStandardInput() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.broadExcerpt))
        let a = try rollmon(["replay", "-", "--json"], stdin: data)
        let b = try rollmon(["replay", Self.broadExcerpt, "--json"])
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
    }

    @Test func badFlagValueIsAUsageError() throws {
        let r = try rollmon(["replay", Self.broadExcerpt, "--radius-mm", "-3"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("radius"))
    }
}
