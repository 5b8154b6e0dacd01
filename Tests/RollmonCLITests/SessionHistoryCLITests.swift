import Foundation
import GRDB
import Testing
import TestSupport

/// `live`/`demo` and the history: saved at the end, recovered after a kill -9, never taken while still recording.
@Suite("Sessions into the history, end to end")
struct SessionHistoryCLITests {
    static let fixture = packageRoot.appendingPathComponent("Fixtures/imu-traces/demo-session.csv").path

    func sessionRows(_ data: String) throws -> [(recording: String, recovered: Bool)] {
        let db = try DatabaseQueue(path: data + "/history.sqlite")
        defer { try? db.close() }
        return try db.read { db in
            try Row.fetchAll(db, sql: "SELECT recording, recovered FROM session ORDER BY id").map { ($0[0], $0[1]) }
        }
    }

    @Test func demoSavesTheSessionAndEndsWithTodaysStanding() throws {
        let dir = TempDir()
        let data = dir.path("data")
        let r = try rollmon(["demo", "--fixture", Self.fixture, "--speed", "0", "--duration", "60", "--data-dir", data])
        #expect(r.status == 0, "\(r.stderr)")
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("Today: right "), "\(last)")
        #expect(last.contains(", left ") && last.contains("; streak "), "\(last)")
        let rows = try sessionRows(data)
        #expect(rows.count == 1 && rows[0].recording.hasPrefix("sessions/") && !rows[0].recovered)
        // No lock sidecar is left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: data + "/sessions")
        #expect(names.count == 1 && names[0].hasSuffix(".csv"), "\(names)")
        // With --json the standing goes to standard error: standard output stays one JSON object.
        let j = try rollmon(["demo", "--fixture", Self.fixture, "--speed", "0", "--duration", "20", "--json", "--data-dir", data])
        #expect(j.status == 0)
        #expect((try? JSONSerialization.jsonObject(with: Data(j.stdout.utf8))) != nil)
        #expect(j.stderr.contains("Today: right "))
        #expect(try sessionRows(data).count == 2)
    }

    @Test func aRecordingLeftByAKilledSessionIsRecoveredButNotOneStillRecording() throws {
        let dir = TempDir()
        let data = dir.path("data")
        let p = Process()
        p.executableURL = rollmonExecutable()
        p.arguments = ["demo", "--fixture", Self.fixture, "--speed", "1", "--data-dir", data]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = Pipe()
        try p.run()
        // Wait until the recording has rows on disk (flushed every 0.5 s).
        var recording: String?
        for _ in 0..<200 {
            if let name = (try? FileManager.default.contentsOfDirectory(atPath: data + "/sessions"))?.first(where: { $0.hasSuffix(".csv") }),
               let size = try? FileManager.default.attributesOfItem(atPath: data + "/sessions/" + name)[.size] as? Int, size > 20_000 {
                recording = name
                break
            }
            usleep(50_000)
        }
        #expect(recording != nil)
        // While it records, another rollmon leaves it alone.
        let during = try rollmon(["history", "--json", "--days", "1", "--data-dir", data])
        #expect(during.status == 0, "\(during.stderr)")
        #expect(!during.stderr.contains("recovered"))
        #expect(try HistoryJSONView(during.stdout).days[0]["sessions"] as? Int == 0)
        // `history add` of it waits for its end too: it once stored the first seconds, and the session's own add the
        // whole, so the day had two sessions and the time counted twice.
        let path = data + "/sessions/" + (recording ?? "?")
        let add = try rollmon(["history", "add", path, "--data-dir", data])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout == "still being recorded: \(path); it joins the history (as sessions/\(recording ?? "?")) when its session ends\n",
                "\(add.stdout)")
        let afterAdd = try rollmon(["history", "--json", "--days", "1", "--data-dir", data])
        #expect(try HistoryJSONView(afterAdd.stdout).days[0]["sessions"] as? Int == 0)
        usleep(1_500_000)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        let after = try rollmon(["history", "--json", "--days", "1", "--data-dir", data])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stderr.contains("recovered sessions/\(recording ?? "?")"), "\(after.stderr)")
        #expect(try HistoryJSONView(after.stdout).days[0]["sessions"] as? Int == 1)
        let rows = try sessionRows(data)
        #expect(rows.count == 1 && rows[0].recovered)
        // The recording itself is kept as it was; only the dead process's lock sidecar is gone.
        let names = try FileManager.default.contentsOfDirectory(atPath: data + "/sessions")
        #expect(names == [recording ?? "?"], "\(names)")
        // Found once: the next opening does not add it again.
        let again = try rollmon(["history", "--json", "--days", "1", "--data-dir", data])
        #expect(!again.stderr.contains("recovered"))
        #expect(try sessionRows(data).count == 1)
    }
}
