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
}
