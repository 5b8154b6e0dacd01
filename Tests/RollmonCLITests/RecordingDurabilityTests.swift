import Foundation
import TestSupport
import Testing

/// What is on disk when rollmon dies without warning (kill -9, power cut): at most about a second lost, and a
/// valid trace that replays.
@Suite("Recording survives kill -9")
struct RecordingDurabilityTests {
    @Test func aKilledDemoLeavesAReplayableTraceMissingAtMostASecond() throws {
        let dir = TempDir()
        let rec = dir.path("killed.csv")
        let p = Process()
        p.executableURL = rollmonExecutable()
        // Real time, so the session's clock and the wall clock agree: the chips start at 0 s, the fixture at 1 s.
        p.arguments = ["demo", "--speed", "1", "--json", "--record", rec,
                       "--fixture", packageRoot.appendingPathComponent("Fixtures/imu-traces/demo-session.csv").path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until rows reach the file, then let it record for a few seconds more.
        let deadline = Date().addingTimeInterval(60)
        while (try? Data(contentsOf: URL(fileURLWithPath: rec)).count) ?? 0 < 2000, Date() < deadline { usleep(50_000) }
        let recordingSince = Date()
        usleep(4_000_000)
        kill(p.processIdentifier, SIGKILL)
        let killedAfterS = Date().timeIntervalSince(recordingSince)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)

        let replay = try rollmon(["replay", rec, "--json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(replay.stdout.utf8)) as! [String: Any]
        let duration = obj["duration_s"] as! Double
        // Rows were reaching the file at `recordingSince`; the kill came `killedAfterS` later. Flushed every 0.5 s,
        // so at most ~1 s of it may be missing.
        #expect(duration >= killedAfterS - 1.0, "replayed \(duration) s of a session killed \(killedAfterS) s after rows first reached the file")
    }

    /// A power cut in a recording's first moments leaves it cut inside its header (the rows had not started). Such a
    /// file holds no samples: `replay` says that (not "radius_mm must be between 5 and 300, found '3'" for a cut
    /// `31.5`), and `history` passes over it as over an empty file instead of repeating an error on every command;
    /// a recording cut inside a row is recovered as before.
    @Test func aRecordingCutInsideItsHeaderIsSaidToHoldNoSamplesAndHistoryPassesOverIt() throws {
        let dir = TempDir()
        let trace = try Data(contentsOf: URL(fileURLWithPath: packageRoot.appendingPathComponent("Fixtures/imu-traces/demo-session.csv").path))
        let text = String(decoding: trace.prefix(4000), as: UTF8.self)
        func offset(after marker: String) -> Int { text.utf8.distance(from: text.startIndex, to: text.range(of: marker)!.upperBound) }
        let headerEnd = offset(after: "t,ax,ay,az,gx,gy,gz,force,foot\n")
        let cuts: [(name: String, bytes: Int)] = [
            ("magic", 5),                                   // "# rol"
            ("metadata", offset(after: "# radius_mm: 3")),  // "31.5" cut to "3"
            ("header", offset(after: "t,ax,a")),
        ]
        let sessions = dir.path("data/sessions")
        try FileManager.default.createDirectory(atPath: sessions, withIntermediateDirectories: true)
        for (k, cut) in cuts.enumerated() {
            let path = "\(sessions)/2026-12-01T07-0\(k)-00.csv"
            try trace.prefix(cut.bytes).write(to: URL(fileURLWithPath: path))
            let r = try rollmon(["replay", path])
            #expect(r.status == 65)
            #expect(r.stderr.contains("before the first row (recording cut short?): it holds no samples"), "\(cut.name): \(r.stderr)")
            #expect(!r.stderr.contains("must be"), "\(r.stderr)")
        }
        // One cut inside its third row: recovered, with the cut said as a warning.
        let rowCut = "\(sessions)/2026-12-01T08-00-00.csv"
        var started = Data("# rollmon-trace 1\n# started: 2026-12-01T08:00:00Z\n".utf8)
        started.append(trace.dropFirst(18).prefix(headerEnd - 18 + 150))
        try started.write(to: URL(fileURLWithPath: rowCut))
        for _ in 0..<2 {
            let h = try rollmon(["history", "--data-dir", dir.path("data"), "--today", "2026-12-01", "--days", "1"])
            #expect(h.status == 0, "\(h.stderr)")
            #expect(!h.stderr.contains("07-0"), "\(h.stderr)")
        }
        let json = try rollmon(["history", "--data-dir", dir.path("data"), "--today", "2026-12-01", "--days", "1", "--json"])
        let days = (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any])["days"] as! [[String: Any]]
        #expect(days.first?["sessions"] as? Int == 1)
    }
}
