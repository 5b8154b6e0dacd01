import Foundation
import RollTrace
import TestSupport
import Testing

/// The live path end to end on the simulated chips (real drivers, model I2C bus and GPIO chip), faster than real time.
@Suite("rollmon demo / live path, end to end")
struct LiveDemoTests {
    static let fixture = packageRoot.appendingPathComponent("Fixtures/imu-traces/ball-many-severe.csv").path

    @Test func liveSummaryEqualsReplayOfItsRecordingAndSevereDrivesTheBuzzer() throws {
        let dir = TempDir()
        let rec = dir.path("session.csv")
        let live = try rollmon(["demo", "--fixture", Self.fixture, "--speed", "0", "--json", "--record", rec, "--stats"])
        #expect(live.status == 0, "\(live.stderr)")
        let replay = try rollmon(["replay", rec, "--json"])
        #expect(replay.status == 0)
        #expect(live.stdout == replay.stdout)
        let obj = try JSONSerialization.jsonObject(with: Data(live.stdout.utf8)) as! [String: Any]
        let alerts = obj["alerts"] as! [[String: Any]]
        let severe = alerts.filter { $0["kind"] as? String == "severe_pressure" }.count
        #expect(severe >= 2)
        // The stats line counts the severe alerts after which the buzzer GPIO line went high within 50 ms.
        let stats = live.stderr.split(separator: "\n").first { $0.hasPrefix("stats:") }.map(String.init) ?? ""
        #expect(stats.contains("severe_alerts=\(severe) buzzer_high_within_50ms=\(severe)"), "\(stats)")
        // The recording is a valid trace with force and foot columns.
        let head = try String(contentsOfFile: rec, encoding: .utf8).prefix(2000)
        #expect(head.hasPrefix("# rollmon-trace 1\n"))
        #expect(head.contains("t,ax,ay,az,gx,gy,gz,force,foot"))
    }

    /// On an 80 × 24 terminal (the default size of most) every label right of a bar is whole: the bars were sized for
    /// 90 columns and the terminal's edge cut "limit 250 N" to "limit 250", the stroke share and the hold's advice.
    @Test func barLabelsAreWholeOnAnEightyColumnTerminal() throws {
        let dir = TempDir()
        let fixture = packageRoot.appendingPathComponent("Fixtures/imu-traces/demo-session.csv").path
        let r = try rollmonInTerminal(["demo", "--fixture", fixture, "--speed", "20", "--duration", "70",
                                       "--record", dir.path("s.csv")], columns: 80, rows: 24,
                                      environment: ["NO_COLOR": "1", "PATH": "/usr/bin:/bin", "TERM": "xterm"])
        #expect(r.status == 0, "\(r.stderr)")
        // Each screen line ends with "erase to the end of the line"; drop the other escape sequences.
        let lines = r.stdout.components(separatedBy: "\u{1B}[K").map {
            $0.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[A-Za-z]", with: "", options: .regularExpression)
                .trimmingCharacters(in: .newlines)
        }
        func bars(_ name: String) -> [String] { lines.filter { $0.hasPrefix(name) && $0.contains("] ") } }
        let force = bars(" Force now"), time = bars(" Time on foot"), stroke = bars(" Last stroke"), hold = bars(" Tender spot")
        #expect(!force.isEmpty && !time.isEmpty && !stroke.isEmpty && !hold.isEmpty, "\(lines.suffix(30))")
        for l in force + time + stroke + hold { #expect(l.count <= 80, "\(l)") }
        for l in force { #expect(l.hasSuffix("] limit 250 N") || l.hasSuffix("] EASE OFF"), "\(l)") }
        for l in time { #expect(l.contains(/\] (2:00 in \d+:\d\d|2:00 ✓ — up to 3:00|3:00 reached — switch foot)$/), "\(l)") }
        for l in stroke { #expect(l.contains(/\] full-length \d+ % \(\d+\/\d+\)$/), "\(l)") }
        for l in hold { #expect(l.contains(/\] (hold \d+:\d\d more, press slowly|hold complete — roll on)$/), "\(l)") }
    }

    /// A terminal that cannot move its cursor (`TERM=dumb`: an Emacs shell buffer, a serial console) gets the plain
    /// lines, not the screen's escape sequences (they came out as garbage), and its keys still work: `q` ends it.
    @Test func aDumbTerminalGetsPlainLinesAndItsKeysStillWork() throws {
        let dir = TempDir()
        let r = try rollmonInTerminal(["demo", "--fixture", Self.fixture, "--speed", "1", "--record", dir.path("s.csv")],
                                      columns: 80, rows: 24, environment: ["TERM": "dumb", "PATH": "/usr/bin:/bin"],
                                      typing: (afterS: 4, keys: "q"))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("\u{1B}"), "\(r.stdout.prefix(300))")
        #expect(r.stdout.contains("] status: foot"))
        #expect(r.stdout.contains("Replay it any time"))
        let replay = try JSONSerialization.jsonObject(with: Data(try rollmon(["replay", dir.path("s.csv"), "--json"]).stdout.utf8)) as! [String: Any]
        #expect((replay["duration_s"] as! Double) < 30, "q ended the session")
    }

    @Test func nonTerminalOutputIsPlainTimestampedLines() throws {
        let dir = TempDir()
        let r = try rollmon(["demo", "--fixture", Self.fixture, "--speed", "0", "--duration", "40", "--record", dir.path("s.csv")],
                            environment: ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("\u{1B}["))
        #expect(r.stdout.contains("] status: foot"))
    }

    @Test func calibrateOnSimulatedSensorsWritesTheConfig() throws {
        let dir = TempDir()
        let cfg = dir.path("config.toml")
        let r = try rollmon(["calibrate", "--demo", "--known-kg", "5", "--config", cfg])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: cfg, encoding: .utf8)
        #expect(text.contains("personal_severe_n"))
        // The scripted user presses 160 ± 8 N; the limit is that press (90th percentile) plus 20 %.
        let line = text.split(separator: "\n").first { $0.contains("personal_severe_n") }!
        let value = Double(line.split(separator: "=")[1].trimmingCharacters(in: .whitespaces))!
        #expect(value > 185 && value < 205, "\(value)")
    }

    /// Step 5 measures the fascia on the simulated user's strokes (RollSim's scripted heel-to-ball rolls: their length
    /// is the truth, printed by the demo) and keeps it per user with the severe limit; the routine then uses both.
    @Test func calibrateLearnsTheFasciaPerUserAndTheRoutineUsesIt() throws {
        let dir = TempDir()
        let cfg = dir.path("config.toml")
        let r = try rollmon(["calibrate", "--demo", "--known-kg", "5", "--config", cfg, "--user", "anna"])
        #expect(r.status == 0, "\(r.stderr)")
        let truthLine = try #require(r.stdout.split(separator: "\n").first { $0.contains("the simulated user strokes") })
        let truthCM = try #require(Double(truthLine.split(separator: "strokes ")[1].split(separator: " ")[0]))
        // The second user calibrates too: each keeps their own section.
        #expect(try rollmon(["calibrate", "--demo", "--known-kg", "5", "--config", cfg, "--user", "ben"]).status == 0)
        let text = try String(contentsOfFile: cfg, encoding: .utf8)
        func learned(_ user: String, _ key: String) throws -> Double {
            let section = try #require(text.components(separatedBy: "[user.\(user)]").dropFirst().first)
            let line = try #require(section.split(separator: "\n").first { $0.hasPrefix(key + " ") })
            return try #require(Double(line.split(separator: "=")[1].trimmingCharacters(in: .whitespaces)))
        }
        let fascia = try learned("anna", "fascia_cm"), severe = try learned("anna", "personal_severe_n")
        #expect(abs(fascia - truthCM) <= 1.0, "measured \(fascia) cm, the simulated strokes were \(truthCM) cm")
        #expect(try learned("ben", "fascia_cm") == fascia)
        #expect(severe > 185 && severe < 205)
        // The routine for anna records (and analyses) with her fascia and limit.
        let routine = try rollmon(["routine", "--demo", "--pre-run", "--speed", "0", "--json", "--config", cfg, "--user", "anna",
                                   "--data-dir", dir.path("data")])
        #expect(routine.status == 0, "\(routine.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(routine.stdout.utf8)) as? [String: Any])
        let steps = try #require(obj["steps"] as? [[String: Any]])
        let recording = try #require(steps.compactMap { $0["recording"] as? String }.first)
        let header = try String(contentsOfFile: recording, encoding: .utf8).prefix(600)
        #expect(header.contains("# fascia_cm: \(FixedDecimal.compact(fascia, decimals: 3))"), "\(header)")
        #expect(header.contains("# severe_n: \(FixedDecimal.compact(severe, decimals: 3))"), "\(header)")
    }
}

@Suite("Committed fixtures against their truth")
struct FixtureTruthTests {
    @Test(arguments: ["demo-session", "roller-calf-noforce", "ball-many-severe"])
    func fixture(_ name: String) throws {
        let dir = packageRoot.appendingPathComponent("Fixtures/imu-traces")
        let r = try rollmon(["replay", dir.appendingPathComponent("\(name).csv").path, "--json"])
        #expect(r.status == 0)
        let got = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("\(name).truth.json"))) as! [String: Any]
        let gs = got["segments"] as! [[String: Any]], ts = truth["segments"] as! [[String: Any]]
        #expect(gs.count == ts.count)
        for (a, b) in zip(gs, ts) {
            let da = a["distance_m"] as! Double, db = b["distance_m"] as! Double
            #expect(abs(da - db) <= 0.03 * db, "\(name): distance \(da) vs \(db)")
            let sa = a["strokes"] as! Int, sb = b["strokes"] as! Int
            #expect(Double(abs(sa - sb)) <= max(0.05 * Double(sb), 2), "\(name): strokes \(sa) vs \(sb)")
            #expect(a["foot"] as? String == b["foot"] as? String)
            #expect(a["verdict"] as? String == b["verdict"] as? String)
            #expect(a["severe_events"] as? Int == b["severe_events"] as? Int)
        }
    }
}
