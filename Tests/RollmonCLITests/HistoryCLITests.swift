import Foundation
import GRDB
import Testing
import TestSupport

/// `rollmon history` through the built executable, on sessions written with known per-foot totals on chosen dates.
@Suite("rollmon history, end to end")
struct HistoryCLITests {
    /// Central European time: a session at 00:30 UTC is 01:30 local.
    static let env: [String: String] = ["TZ": "Europe/Berlin", "PATH": "/usr/bin:/bin"]

    func add(_ dir: TempDir, _ name: String, _ trace: SyntheticTrace) throws {
        let r = try rollmon(["history", "add", "--data-dir", dir.path("data"), trace.write(to: dir.path(name))], environment: Self.env)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func streaksAcrossAPausedWeekALateNightSessionOneFootAndCalves() throws {
        let dir = TempDir()
        try add(dir, "a.csv", SyntheticTrace(started: "2026-12-01T07:00:00Z", segments: [("R", 130), ("L", 125)]))
        try add(dir, "b.csv", SyntheticTrace(started: "2026-12-02T07:00:00Z", segments: [("R", 150), ("L", 140)]))
        let pause = try rollmon(["history", "pause", "--data-dir", dir.path("data"), "--from", "2026-12-03", "--to", "2026-12-09",
                                 "--reason", "sprained ankle"], environment: Self.env)
        #expect(pause.status == 0, "\(pause.stderr)")
        try add(dir, "c.csv", SyntheticTrace(started: "2026-12-10T07:00:00Z", segments: [("R", 121), ("L", 121)]))
        // 01:30 local on the 11th: counts for the 10th.
        try add(dir, "d.csv", SyntheticTrace(started: "2026-12-11T00:30:00Z", segments: [("R", 60)]))
        try add(dir, "e.csv", SyntheticTrace(started: "2026-12-11T17:00:00Z", segments: [("L", 130), ("R", 124)]))
        // A ball session marked as calves counts for neither foot.
        try add(dir, "f.csv", SyntheticTrace(started: "2026-12-11T17:30:00Z", target: "calves", segments: [("R", 40)]))
        // Today: the right foot only, and the calves with the roller (target defaults to calves for a roller).
        try add(dir, "g.csv", SyntheticTrace(started: "2026-12-12T08:00:00Z", segments: [("R", 125)]))
        try add(dir, "h.csv", SyntheticTrace(started: "2026-12-12T08:10:00Z", tool: "roller", segments: [("L", 75), ("R", 75)]))

        let r = try rollmon(["history", "--json", "--data-dir", dir.path("data"), "--today", "2026-12-12"], environment: Self.env)
        #expect(r.status == 0, "\(r.stderr)")
        // Keys, order and number format exactly as interface v2 §5.
        #expect(r.stdout.hasPrefix("""
            {"today": "2026-12-12", "day_starts_at": "04:00", "streak_days": 4, "best_streak_days": 4, \
            "adherence_7d": 0.667, "adherence_30d": 0.174, "days": [{"date": "2026-12-12", "sessions": 2, \
            "right_s": 125.0, "left_s": 0.0, "calves_s": 150.0, "met": false, "paused": false, "severe_events": 0, \
            "bursts": 0, "tender_holds": 
            """), "\(r.stdout)")
        let h = try HistoryJSONView(r.stdout)
        #expect(h.days.count == 30)
        let tenth = h.day("2026-12-10")
        #expect(tenth["sessions"] as? Int == 2)
        #expect(tenth["right_s"] as? Double == 181.0 && tenth["left_s"] as? Double == 121.0 && tenth["met"] as? Bool == true)
        let eleventh = h.day("2026-12-11")
        #expect(eleventh["right_s"] as? Double == 124.0 && eleventh["left_s"] as? Double == 130.0)
        #expect(eleventh["calves_s"] as? Double == 40.0 && eleventh["met"] as? Bool == true)
        #expect(h.day("2026-12-05")["paused"] as? Bool == true)
        #expect(h.day("2026-12-02")["met"] as? Bool == true && h.day("2026-12-02")["paused"] as? Bool == false)
        #expect(h.days.first?["date"] as? String == "2026-12-12" && h.days.last?["date"] as? String == "2026-11-13")

        let text = try rollmon(["history", "--data-dir", dir.path("data"), "--today", "2026-12-12", "--days", "14"], environment: Self.env)
        #expect(text.status == 0)
        #expect(text.stdout.contains("Streak 4 days (best 4 days)"), "\(text.stdout)")
        #expect(text.stdout.contains("Dec 7  ‖   ‖   ‖   ✓   ✓   ½"), "\(text.stdout)")
        #expect(text.stdout.contains("Today: roll the left foot 2:00 more to keep the 4 days streak going."), "\(text.stdout)")

        // With the day starting at midnight the 01:30 session is the 11th's.
        let cfg = dir.write("config.toml", "[history]\nday_starts_at = \"00:00\"\n")
        let midnight = try HistoryJSONView(try rollmon(["history", "--json", "--config", cfg, "--data-dir", dir.path("data"),
                                                        "--today", "2026-12-12", "--days", "3"], environment: Self.env).stdout)
        #expect(midnight.day("2026-12-10")["right_s"] as? Double == 121.0)
        #expect(midnight.day("2026-12-11")["right_s"] as? Double == 184.0)
        #expect(midnight.days.count == 3)
    }

    @Test func aBadDayStartInTheConfigIsOneLineAndExit78() throws {
        let dir = TempDir()
        let cfg = dir.write("config.toml", "[history]\nday_starts_at = \"25:00\"\n")
        let r = try rollmon(["history", "--config", cfg, "--data-dir", dir.path("data")], environment: Self.env)
        #expect(r.status == 78)
        #expect(r.stderr.contains("history.day_starts_at") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    /// A window is 1 day to a hundred years, for `history` and `report` alike (one option group); beyond it is a
    /// usage error at once, not minutes spent building days (`--days 100000000` did that).
    @Test func theWindowIsOneDayToAHundredYears() throws {
        let dir = TempDir()
        for command in [["history"], ["history", "--json"], ["report", "--out", dir.path("r.html")]] {
            for days in ["0", "36601", "100000000"] {
                let r = try rollmon(command + ["--days", days, "--data-dir", dir.path("data")], environment: Self.env)
                #expect(r.status == 64 && r.stderr.contains("--days must be 1 to 36600"), "\(command) \(days): \(r.stderr)")
            }
        }
        let longest = try rollmon(["history", "--json", "--days", "36600", "--today", "2026-12-01", "--data-dir", dir.path("data")],
                                  environment: Self.env)
        #expect(longest.status == 0, "\(longest.stderr)")
        #expect(longest.stdout.components(separatedBy: "\"date\": ").count - 1 == 36_600)
        #expect(!FileManager.default.fileExists(atPath: dir.path("r.html")))
    }

    /// Every date is YYYY-MM-DD with a four-digit year 0001–9999: `--today 0999-01-01` was printed "999-01-01",
    /// `--today +999-01-01` parsed as the year 999, and a window reaching before the year 1 printed "-100-10-21".
    @Test func datesAreFourDigitYearsAndTheWindowStaysInThem() throws {
        let dir = TempDir()
        let early = try rollmon(["history", "--json", "--days", "2", "--today", "0999-01-01", "--data-dir", dir.path("data")],
                                environment: Self.env)
        #expect(early.status == 0, "\(early.stderr)")
        #expect(early.stdout.hasPrefix("{\"today\": \"0999-01-01\""), "\(early.stdout.prefix(60))")
        #expect(early.stdout.contains("\"date\": \"0998-12-31\""), "\(early.stdout.prefix(300))")
        for today in ["0000-01-01", "+999-01-01", " 999-01-01", "2026-1a-01", "10000-01-01"] {
            let r = try rollmon(["history", "--today", today, "--data-dir", dir.path("data")], environment: Self.env)
            #expect(r.status == 64 && r.stderr.contains("is not a date YYYY-MM-DD"), "\(today): \(r.stderr)")
        }
        let pause = try rollmon(["history", "pause", "--from", "0000-12-31", "--to", "0001-01-01", "--data-dir", dir.path("data")],
                                environment: Self.env)
        #expect(pause.status == 64 && pause.stderr.contains("is not a date YYYY-MM-DD"), "\(pause.stderr)")
        for command in [["history", "--json"], ["report", "--out", dir.path("r.html")]] {
            let r = try rollmon(command + ["--days", "2", "--today", "0001-01-01", "--data-dir", dir.path("data")],
                                environment: Self.env)
            #expect(r.status == 64 && r.stderr.contains("reaches before 0001-01-01"), "\(command): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(r.stdout.prefix(80))")
        }
        let first = try rollmon(["history", "--json", "--days", "1", "--today", "0001-01-01", "--data-dir", dir.path("data")],
                                environment: Self.env)
        #expect(first.status == 0 && first.stdout.hasPrefix("{\"today\": \"0001-01-01\""), "\(first.stderr)")
    }

    @Test func addRefusesATraceWithoutStartedSaysTheFixAndStoresTheSameContentOnce() throws {
        let dir = TempDir()
        let trace = SyntheticTrace(started: nil, segments: [("R", 125), ("L", 125)]).write(to: dir.path("nostart.csv"))
        let refused = try rollmon(["history", "add", "--data-dir", dir.path("data"), trace], environment: Self.env)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("has no 'started' time") && refused.stderr.contains("--started"), "\(refused.stderr)")
        // A day that never was is refused, not filed under some other day.
        for bad in ["99999-01-01T00:00:00Z", "2026-02-30T09:00:00Z", "2026-12-05T09:00:00+25:00"] {
            let r = try rollmon(["history", "add", "--data-dir", dir.path("data"), trace, "--started", bad], environment: Self.env)
            #expect(r.status == 64 && r.stderr.contains("is not an ISO-8601 time"), "\(bad): \(r.status) \(r.stderr)")
        }
        let ok = try rollmon(["history", "add", "--data-dir", dir.path("data"), trace, "--started", "2026-12-05T09:00:00+01:00"], environment: Self.env)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("added "))
        // The same bytes under another name: stored once.
        try FileManager.default.copyItem(atPath: trace, toPath: dir.path("copy.csv"))
        let again = try rollmon(["history", "add", "--data-dir", dir.path("data"), dir.path("copy.csv"), trace], environment: Self.env)
        #expect(again.status == 0)
        #expect(again.stdout.components(separatedBy: "already in the history").count == 3, "\(again.stdout)")
        let h = try HistoryJSONView(try rollmon(["history", "--json", "--data-dir", dir.path("data"), "--today", "2026-12-05"], environment: Self.env).stdout)
        #expect(h.day("2026-12-05")["sessions"] as? Int == 1)
        #expect(h.day("2026-12-05")["met"] as? Bool == true)
        let missing = try rollmon(["history", "add", "--data-dir", dir.path("data"), dir.path("nope.csv")], environment: Self.env)
        #expect(missing.status == 66)
    }

    /// A v1 data directory (committed, written by rollmon at schema v1) is migrated in place and its sessions are
    /// re-indexed from their recordings; the user's pause is kept.
    @Test func migratesAVersion1DatabaseFromTheFixture() throws {
        let dir = TempDir()
        let data = dir.path("data")
        try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("Fixtures/history-v1").path, toPath: data)
        let r = try rollmon(["history", "--json", "--data-dir", data, "--today", "2026-11-25", "--days", "6"], environment: Self.env)
        #expect(r.status == 0, "\(r.stderr)")
        let h = try HistoryJSONView(r.stdout)
        #expect(h.day("2026-11-20")["met"] as? Bool == true && h.day("2026-11-20")["right_s"] as? Double == 125.0)
        #expect(h.day("2026-11-21")["left_s"] as? Double == 60.0 && h.day("2026-11-21")["met"] as? Bool == false)
        #expect(h.day("2026-11-23")["paused"] as? Bool == true && h.day("2026-11-24")["paused"] as? Bool == true)
        let db = try DatabaseQueue(path: data + "/history.sqlite")
        let (migrations, marked, zones, sessions) = try db.read { db in
            (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM session WHERE needs_reindex = 1"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM segment_zone"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM session"))
        }
        #expect(migrations == ["routine-steps", "v1", "v2", "v3-shoes"])
        #expect(marked == 0)
        #expect(zones == 40)   // 4 segments × 10 zones
        #expect(sessions == 2)
    }
}

/// A database rollmon cannot use: one line, exit 74, the file left exactly as it was.
@Suite("rollmon history: unusable databases")
struct HistoryBadDatabaseTests {
    func seeded() throws -> TempDir {
        let dir = TempDir()
        let t = SyntheticTrace(started: "2026-12-05T07:00:00Z", segments: [("R", 125), ("L", 125)]).write(to: dir.path("a.csv"))
        let r = try rollmon(["history", "add", "--data-dir", dir.path("data"), t])
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    func expectRefused(_ r: RunResult, _ words: String) {
        #expect(r.status == 74, "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains(words), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func aCorruptFileIsRefusedAndLeftUntouched() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path("data"), withIntermediateDirectories: true)
        let junk = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        try junk.write(to: URL(fileURLWithPath: dir.path("data/history.sqlite")))
        for args in [["history"], ["history", "--json"], ["history", "pause", "--from", "2026-12-01", "--to", "2026-12-02"],
                     ["report", "--out", dir.path("r.html")]] {
            expectRefused(try rollmon(args + ["--data-dir", dir.path("data")]), "cannot be read as a history database")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("data/history.sqlite"))) == junk)
    }

    @Test func aFileFromANewerRollmonIsRefusedAndLeftUntouched() throws {
        let dir = try seeded()
        let path = dir.path("data/history.sqlite")
        let db = try DatabaseQueue(path: path)
        try db.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9')") }
        try db.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        expectRefused(try rollmon(["history", "--data-dir", dir.path("data")]), "written by a newer rollmon (schema v9")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aDatabaseLockedTooLongStopsAWriterButNotAReader() throws {
        let dir = try seeded()
        let db = try DatabaseQueue(path: dir.path("data/history.sqlite"))
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? db.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                release.wait()
                try db.execute(sql: "ROLLBACK")
            }
        }
        holder.start()
        locked.wait()
        // A reader shares the directory (WAL): it answers while the other process writes.
        let read = try rollmon(["history", "--json", "--data-dir", dir.path("data"), "--today", "2026-12-05", "--days", "1"])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("\"met\": true"))
        // A writer waits the busy timeout (5 s), then gives up with one line.
        let write = try rollmon(["history", "pause", "--data-dir", dir.path("data"), "--from", "2026-12-06", "--to", "2026-12-07"])
        release.signal()
        expectRefused(write, "stayed locked by another process for 5 s")
    }
}
