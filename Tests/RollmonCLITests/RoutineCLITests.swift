import Foundation
import RollAnalysis
import RollTrace
import Testing
import TestSupport

/// `rollmon routine --demo` through the built executable: the user's path.
@Suite struct RoutineCLITests {
    @Test func demoRoutineEndsWithEveryStepAndRecordingsThatReplay() throws {
        let dir = TempDir()
        let r = try rollmon(["routine", "--demo", "--speed", "0", "--json", "--data-dir", dir.path("data")])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["routine"] as? String == "post_run")
        #expect(obj["quit"] as? Bool == false)
        let steps = try #require(obj["steps"] as? [[String: Any]])
        #expect(steps.map { $0["id"] as? String } == ["right_foot", "left_foot", "calves_right", "calves_left",
                                                       "calf_stretch_right", "calf_stretch_left", "sole_stretch"])
        #expect(steps.map { $0["mode"] as? String } == ["measured", "measured", "measured", "measured", "timed", "timed", "timed"])
        #expect(steps.allSatisfy { $0["status"] as? String == "done" })
        // Measured steps: the time comes from the analysis of their own segments, against the 2:00 / 1:00 targets.
        for s in steps.prefix(4) {
            let done = try #require(s["done_s"] as? Double), target = try #require(s["target_s"] as? Double)
            #expect(done >= target && done < target + 20, "\(s)")
            let m = try #require(s["measured"] as? [String: Any])
            #expect((m["strokes"] as? Int ?? 0) > 10)
        }
        #expect(steps[4]["done_s"] as? Double == 90 && steps[4]["repetitions_done"] as? Int == 3)
        // One recording per tool; the calves recording says it worked the calves with the roller, and replays to the
        // calves steps' numbers.
        let calves = try #require(steps[2]["recording"] as? String)
        #expect(steps[0]["recording"] as? String != calves)
        let header = try String(contentsOfFile: calves, encoding: .utf8).prefix(400)
        #expect(header.contains("# tool: roller") && header.contains("# target: calves"))
        let replay = try rollmon(["replay", calves, "--json"])
        #expect(replay.status == 0)
        let segs = try #require((try JSONSerialization.jsonObject(with: Data(replay.stdout.utf8)) as? [String: Any])?["segments"] as? [[String: Any]])
        let replayActive = segs.compactMap { $0["active_s"] as? Double }.reduce(0, +)
        let stepsActive = (steps[2]["done_s"] as! Double) + (steps[3]["done_s"] as! Double)
        #expect(abs(replayActive - stepsActive) < 1.0, "replay \(replayActive) vs steps \(stepsActive)")
        // Saved: today's standing on standard error (stdout is the one JSON object), and the history has the feet
        // and the calves (the calves recording counts in calves_s).
        #expect(r.stderr.contains("Today: "))
        let h = try rollmon(["history", "--json", "--days", "1", "--data-dir", dir.path("data")])
        #expect(h.status == 0, "\(h.stderr)")
        let day = try #require(((try JSONSerialization.jsonObject(with: Data(h.stdout.utf8)) as? [String: Any])?["days"] as? [[String: Any]])?.first)
        #expect(day["sessions"] as? Int == 2)
        #expect(abs((day["right_s"] as? Double ?? 0) - (steps[0]["done_s"] as! Double)) < 0.2)
        #expect(abs((day["left_s"] as? Double ?? 0) - (steps[1]["done_s"] as! Double)) < 0.2)
        #expect(abs((day["calves_s"] as? Double ?? 0) - stepsActive) < 0.2)
        #expect(day["met"] as? Bool == true)
        try expectRoutineInHistoryAndReport(steps, data: dir.path("data"), out: dir.path("report.html"))
    }

    /// The history keeps the routine with every step, timed ones included (`history --json` extension `routines`,
    /// `history` text, `report`), exactly as the routine's own result said.
    private func expectRoutineInHistoryAndReport(_ steps: [[String: Any]], data: String, out: String) throws {
        let h = try rollmon(["history", "--json", "--days", "1", "--data-dir", data])
        let routines = try #require((try JSONSerialization.jsonObject(with: Data(h.stdout.utf8)) as? [String: Any])?["routines"] as? [[String: Any]])
        #expect(routines.count == 1)
        let stored = try #require(routines.first)
        #expect(stored["routine"] as? String == "post_run" && stored["quit"] as? Bool == false && stored["steps_done"] as? Int == 7)
        let storedSteps = try #require(stored["steps"] as? [[String: Any]])
        for key in ["id", "mode", "status"] {
            #expect(storedSteps.map { $0[key] as? String } == steps.map { $0[key] as? String }, "\(key)")
        }
        for key in ["target_s", "done_s"] {
            #expect(storedSteps.map { $0[key] as? Double } == steps.map { $0[key] as? Double }, "\(key)")
        }
        let text = try rollmon(["history", "--days", "1", "--data-dir", data])
        #expect(text.stdout.contains("after the run: 7 of 7 steps done"), "\(text.stdout)")
        #expect(text.stdout.contains("✓ Calf stretch against the wall, left    timed     1:30 of 1:30  done"), "\(text.stdout)")
        let report = try rollmon(["report", "--days", "1", "--data-dir", data, "--out", out])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("<h2>Guided routines</h2>") && html.contains("7 of 7 steps done"))
        #expect(html.contains("<td>Heel-sitting sole stretch</td><td>timed</td><td>1:30</td><td>1:30</td><td>done</td>"))
    }

    /// Each measured step's foot is marked on its first row, as on the sensors: `--first-foot left` once left the
    /// recording to name its feet by alternation from `first_foot: left`, so its replay and the history swapped them
    /// (the right foot's 2:06 counted as the left's).
    @Test func demoRoutineRecordingNamesEachStepsFootWhateverFirstFootSays() throws {
        let dir = TempDir()
        let r = try rollmon(["routine", "--demo", "--speed", "0", "--json", "--first-foot", "left", "--data-dir", dir.path("data")])
        #expect(r.status == 0, "\(r.stderr)")
        let steps = try #require((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["steps"] as? [[String: Any]])
        let feet = try #require(steps[0]["recording"] as? String)
        let replay = try rollmon(["replay", feet, "--json"])
        #expect(replay.status == 0)
        let segs = try #require((try JSONSerialization.jsonObject(with: Data(replay.stdout.utf8)) as? [String: Any])?["segments"] as? [[String: Any]])
        #expect(segs.map { $0["foot"] as? String } == ["right", "left"])
        for (seg, step) in zip(segs, steps.prefix(2)) {
            #expect(abs((seg["active_s"] as! Double) - (step["done_s"] as! Double)) < 0.1, "\(seg) \(step)")
        }
        let h = try rollmon(["history", "--json", "--days", "1", "--data-dir", dir.path("data")])
        let day = try #require(((try JSONSerialization.jsonObject(with: Data(h.stdout.utf8)) as? [String: Any])?["days"] as? [[String: Any]])?.first)
        #expect(abs((day["right_s"] as? Double ?? 0) - (steps[0]["done_s"] as! Double)) < 0.2, "\(day)")
        #expect(abs((day["left_s"] as? Double ?? 0) - (steps[1]["done_s"] as! Double)) < 0.2, "\(day)")
    }

    /// A disk that fills up (a 64 KB tmpfs nearly full, so root only): the routine runs to its end and says which
    /// recordings are incomplete, as `live` and `demo` do; it said only "recorded to …" of files that held nothing.
    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func aFullDiskIsSaidAtTheEndOfTheRoutine() throws {
        let dir = TempDir()
        let small = dir.path("small")
        try onSmallFilesystem(small, kilobytes: 64) {
            try Data(count: 60_000).write(to: URL(fileURLWithPath: small + "/fill"))
            let r = try rollmon(["routine", "--demo", "--speed", "0", "--data-dir", small + "/data"])
            #expect(r.stdout.contains("7 of 7 steps done"), "\(r.stdout)")
            for tool in ["feet", "calves"] {
                let said = r.stderr.split(separator: "\n").contains {
                    $0.hasPrefix("rollmon: the recording is incomplete: ") && $0.hasSuffix("-routine-\(tool).csv: cannot write trace: No space left on device")
                }
                #expect(said, "\(r.stderr)")
            }
            #expect(r.status == 74, "the history cannot be written either: \(r.stderr)")
        }
    }

    @Test func demoRoutinePlainLinesCueEveryTimedStepAndEndWithTheList() throws {
        let dir = TempDir()
        let r = try rollmon(["routine", "--demo", "--speed", "0", "--data-dir", dir.path("data")])
        #expect(r.status == 0, "\(r.stderr)")
        // Not a terminal: one line per cue (start, halfway, end of each hold), then the step list.
        #expect(r.stdout.components(separatedBy: "halfway: Calf stretch against the wall, right").count - 1 == 3)
        #expect(r.stdout.contains("routine over"))
        #expect(r.stdout.contains("7 of 7 steps done"))
        #expect(r.stdout.contains("✓ 7. Heel-sitting sole stretch"))
    }

    @Test func preRunDemoCountsAndMeasuresTheGolfBall() throws {
        let dir = TempDir()
        let r = try rollmon(["routine", "--demo", "--pre-run", "--speed", "0", "--json", "--data-dir", dir.path("data")])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["routine"] as? String == "pre_run")
        let steps = try #require(obj["steps"] as? [[String: Any]])
        #expect(steps.map { $0["id"] as? String } == ["towel_crunch_right", "towel_crunch_left", "toe_lifts", "golf_ball_right", "golf_ball_left"])
        #expect(steps[2]["repetitions"] as? Int == 8 && steps[2]["repetitions_done"] as? Int == 8)
        #expect(steps[3]["mode"] as? String == "measured")
    }

    @Test func badSpeedIsUsage() throws {
        #expect(try rollmon(["routine", "--speed", "-1", "--demo"]).status == 64)
        // The demo simulates its own ball and roller: a tool or radius given for it is said, not silently dropped.
        for flag in [["--radius-mm", "33"], ["--tool", "roller"]] {
            let r = try rollmon(["routine", "--demo", "--speed", "0"] + flag)
            #expect(r.status == 64 && r.stdout.isEmpty, "\(r.stdout)")
            #expect(r.stderr.contains("\(flag[0]) is for the routine on the sensors: --demo simulates its own tools"), "\(r.stderr)")
        }
    }

    /// A recording that cannot be created (here `sessions/` is /proc, where no file can be made; a read-only disk
    /// does the same) is one line and exit 73, as for `demo`; the routine once ended with ArgumentParser's
    /// "Error: …" and exit 1.
    @Test func aRecordingThatCannotBeCreatedIsExit73LikeTheDemo() throws {
        let dir = TempDir()
        let data = dir.path("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: data + "/sessions", withDestinationPath: "/proc")
        for args in [["routine", "--demo", "--speed", "0", "--json"], ["demo", "--speed", "0", "--duration", "2", "--json"]] {
            let r = try rollmon(args + ["--data-dir", data])
            #expect(r.status == 73, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("rollmon: \(data)/sessions/") && r.stderr.contains(": cannot write trace: "), "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(args): \(r.stdout.prefix(80))")
        }
    }

    /// On the sensors, the routine opens them exactly as `live` does: the same one-line error and exit status when
    /// they are missing (here: no I2C bus at all, or a bus number that does not exist), a bad config exit 78, and
    /// nothing recorded or added to the history. (With sensors, `make hil` runs it on the kernel's I2C and GPIO
    /// simulators: rollmon-hil `CLIChecks.routine`.)
    @Test func onTheSensorsItFailsLikeLiveWhenTheyAreMissing() throws {
        let dir = TempDir()
        for flags in [[String](), ["--i2c-bus", "250"], ["--pre-run", "--json"]] {
            let live = try rollmon(["live", "--duration", "1", "--data-dir", dir.path("d")] + flags.filter { $0 != "--pre-run" })
            let routine = try rollmon(["routine", "--data-dir", dir.path("d")] + flags)
            #expect(routine.status == live.status && routine.status == 69, "\(flags): \(routine.status) \(routine.stderr)")
            #expect(routine.stderr == live.stderr && routine.stderr.split(separator: "\n").count == 1, "\(routine.stderr)")
            #expect(routine.stdout.isEmpty)
        }
        let cfg = dir.write("config.toml", "[wiring]\ni2c_bus = \"one\"\n")
        let bad = try rollmon(["routine", "--config", cfg, "--data-dir", dir.path("d")])
        #expect(bad.status == 78 && bad.stderr.hasPrefix("rollmon: \(cfg):2: wiring.i2c_bus"), "\(bad.stderr)")
        let sessions = (try? FileManager.default.contentsOfDirectory(atPath: dir.path("d/sessions"))) ?? []
        #expect(sessions.isEmpty, "\(sessions)")
    }
}
