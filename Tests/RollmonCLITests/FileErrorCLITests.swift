import Foundation
import Testing
import TestSupport

/// Files the user names that cannot be used: one line with the system's reason and the documented exit status, no
/// half-written file left behind.
@Suite("File errors, end to end")
struct FileErrorCLITests {
    @Test func aDataDirectoryThatIsAFileSaysSo() throws {
        let dir = TempDir()
        let file = dir.write("afile", "not a directory\n")
        let r = try rollmon(["history", "--data-dir", file])
        #expect(r.status == 74, "\(r.stderr)")
        #expect(r.stderr.contains("cannot create the data directory: Not a directory"), "\(r.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "not a directory\n")
    }

    /// `--data-dir ""` (a script's unset variable) is a usage error on every command that takes it; it silently
    /// meant the default directory, the user's own history (here `$ROLLMON_DATA_DIR`, which must stay untouched).
    @Test func anEmptyDataDirectoryIsAUsageErrorNotTheDefault() throws {
        let dir = TempDir()
        var env = ProcessInfo.processInfo.environment
        env["ROLLMON_DATA_DIR"] = dir.path("default")
        for args in [["history"], ["history", "--json"], ["shoes"], ["demo", "--speed", "0", "--duration", "1"],
                     ["report", "--out", dir.path("r.html")], ["routine", "--demo", "--speed", "0"]] {
            let r = try rollmon(args + ["--data-dir", ""], environment: env)
            #expect(r.status == 64, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("Error: --data-dir needs a directory"), "\(args): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path("default")))
        #expect(!FileManager.default.fileExists(atPath: dir.path("r.html")))
        // The same for an empty `--record` (it was "rollmon: : cannot write trace: No such file or directory").
        for command in ["demo", "live"] {
            let r = try rollmon([command, "--speed", "0", "--duration", "1", "--record", ""].filter { command == "demo" || ($0 != "--speed" && $0 != "0") },
                                environment: env)
            #expect(r.status == 64, "\(command): \(r.stderr)")
            #expect(r.stderr.hasPrefix("Error: --record needs a file name"), "\(command): \(r.stderr)")
        }
    }

    @Test func aReportIntoAMissingFolderSaysWhyAndLeavesNothing() throws {
        let dir = TempDir()
        let out = dir.path("no/such/folder/r.html")
        let r = try rollmon(["report", "--data-dir", dir.path("data"), "--out", out])
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr == "rollmon: cannot write \(out): No such file or directory\n", "\(r.stderr)")
    }

    @Test func aReportReplacesAnOldOneWhole() throws {
        let dir = TempDir()
        let out = dir.write("r.html", "old\n")
        let r = try rollmon(["report", "--data-dir", dir.path("data"), "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") || html.hasPrefix("<!doctype html>"), "\(html.prefix(40))")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains(".tmp") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test func aRecordingNeverReplacesAFile() throws {
        let dir = TempDir()
        let old = dir.write("old.csv", "yesterday's session\n")
        let r = try rollmon(["demo", "--speed", "0", "--duration", "2", "--json", "--record", old])
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains("\(old): cannot write trace: the file exists"), "\(r.stderr)")
        #expect(try String(contentsOfFile: old, encoding: .utf8) == "yesterday's session\n")
    }

    @Test func theOrientationOutputCannotBeTheTraceItself() throws {
        let dir = TempDir()
        let trace = dir.write("t.csv", "# rollmon-trace 1\nt,ax,ay,az,gx,gy,gz\n0,0,0,9.8,0,0,0\n0.01,0,0,9.8,0,0,0\n")
        let before = try String(contentsOfFile: trace, encoding: .utf8)
        let r = try rollmon(["replay", trace, "--orientation-csv", dir.path("./t.csv")])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("is the trace being replayed"), "\(r.stderr)")
        #expect(try String(contentsOfFile: trace, encoding: .utf8) == before)
    }

    /// `replay - < t.csv --orientation-csv /dev/stdin`: the output is the trace on standard input; it once truncated t.csv.
    @Test func theOrientationOutputCannotBeTheTraceOnStandardInput() throws {
        let dir = TempDir()
        let trace = dir.write("t.csv", "# rollmon-trace 1\nt,ax,ay,az,gx,gy,gz\n0,0,0,9.8,0,0,0\n0.01,0,0,9.8,0,0,0\n")
        let before = try String(contentsOfFile: trace, encoding: .utf8)
        let input = try #require(FileHandle(forReadingAtPath: trace))
        let r = try rollmon(["replay", "-", "--orientation-csv", "/dev/stdin"], stdinFrom: input)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("is the trace being replayed"), "\(r.stderr)")
        #expect(try String(contentsOfFile: trace, encoding: .utf8) == before)
    }

    /// The orientation file is written whole or not at all: a replay that a malformed row ends (exit 65) leaves an
    /// earlier file of that name as it was and no half-written one (it was truncated to nothing, then half filled).
    @Test func aFailedReplayLeavesTheOrientationFileAsItWas() throws {
        let dir = TempDir()
        let rows = (0..<300).map { "\(Double($0) * 0.01),0,0,9.8,0,0,0\n" }.joined()
        let bad = dir.write("bad.csv", "# rollmon-trace 1\nt,ax,ay,az,gx,gy,gz\n" + rows + "3.5,nan,0,9.8,0,0,0\n")
        let good = dir.write("good.csv", "# rollmon-trace 1\nt,ax,ay,az,gx,gy,gz\n" + rows)
        let q = dir.write("q.csv", "t,qw,qx,qy,qz\nyesterday's orientation\n")
        let r = try rollmon(["replay", bad, "--orientation-csv", q, "--json"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stdout.isEmpty, "\(r.stdout.prefix(80))")
        #expect(try String(contentsOfFile: q, encoding: .utf8) == "t,qw,qx,qy,qz\nyesterday's orientation\n")
        let ok = try rollmon(["replay", good, "--orientation-csv", q, "--json"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try String(contentsOfFile: q, encoding: .utf8).split(separator: "\n").count == 301)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains(".tmp") }
        #expect(left.isEmpty, "\(left)")
    }

    /// Nothing recorded is overwritten: an output file that holds a trace (rollmon-trace 1 or EuRoC) is refused with
    /// exit 73 and left as it was. `report --session s.csv --out s.csv` once replaced the recording with the page,
    /// `simulate --out` a recording with a simulation, each with exit 0. A simulation may be simulated again.
    @Test func noOutputReplacesARecording() throws {
        let dir = TempDir()
        let recorded = "# rollmon-trace 1\n# started: 2026-12-01T07:30:00Z\nt,ax,ay,az,gx,gy,gz,force\n0,0,0,9.8,0,0,0,12\n0.01,0,0,9.8,0,0,0,12\n"
        let rec = dir.write("rec.csv", recorded)
        let euroc = dir.write("euroc.csv", "\u{FEFF}#timestamp [ns],w_RS_S_x [rad s^-1],w_RS_S_y [rad s^-1],w_RS_S_z [rad s^-1],"
                              + "a_RS_S_x [m s^-2],a_RS_S_y [m s^-2],a_RS_S_z [m s^-2]\r\n0,0,0,0,0,0,9.8\r\n")
        let eurocBefore = try String(contentsOfFile: euroc, encoding: .utf8)
        let data = dir.path("data")
        let attempts: [(args: [String], flag: String, file: String)] = [
            (["report", "--session", rec, "--out", rec, "--data-dir", data], "--out", rec),
            (["report", "--out", dir.path("r.html"), "--csv", rec, "--data-dir", data], "--csv", rec),
            (["replay", rec, "--orientation-csv", euroc], "--orientation-csv", euroc),
            (["simulate", "--out", rec, "--truth", dir.path("truth.json")], "--out", rec),
            (["simulate", "--out", dir.path("s.csv"), "--truth", euroc], "--truth", euroc),
        ]
        for a in attempts {
            let r = try rollmon(a.args)
            #expect(r.status == 73, "\(a.args): \(r.stderr)")
            #expect(r.stderr == "rollmon: \(a.flag) \(a.file) holds a recorded trace; rollmon never writes over one (choose another file)\n",
                    "\(a.args): \(r.stderr)")
            #expect(try String(contentsOfFile: rec, encoding: .utf8) == recorded, "\(a.args)")
            #expect(try String(contentsOfFile: euroc, encoding: .utf8) == eurocBefore, "\(a.args)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path("r.html")))
        #expect(!FileManager.default.fileExists(atPath: dir.path("s.csv")))
        for _ in 0..<2 {
            let again = try rollmon(["simulate", "--out", dir.path("sim.csv"), "--truth", dir.path("sim.json")])
            #expect(again.status == 0, "\(again.stderr)")
        }
        let same = try rollmon(["simulate", "--out", dir.path("x.csv"), "--truth", dir.path("./x.csv")])
        #expect(same.status == 64, "\(same.stderr)")
        #expect(same.stderr == "rollmon: --out and --truth name the same file (\(dir.path("./x.csv"))); give each its own\n", "\(same.stderr)")
        let twice = try rollmon(["report", "--out", dir.path("r.html"), "--csv", dir.path("r.html"), "--data-dir", data])
        #expect(twice.status == 64 && twice.stderr.contains("--out and --csv name the same file"), "\(twice.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("x.csv")))
    }

    /// A FIFO among the recordings (someone's `mkfifo sessions/x.csv`) is said and skipped: opening it to index it
    /// waited for a writer for ever, so every command that opens the history hung. A watchdog opens the FIFO for
    /// writing after 60 s, so a regression fails here instead of hanging the suite.
    @Test func aFIFOAmongTheRecordingsIsSaidNotWaitedOn() throws {
        let dir = TempDir()
        let sessions = dir.path("data/sessions")
        try FileManager.default.createDirectory(atPath: sessions, withIntermediateDirectories: true)
        let fifo = sessions + "/fifo.csv"
        #expect(mkfifo(fifo, 0o644) == 0)
        final class Done: @unchecked Sendable { var value = false; let lock = NSLock() }
        let done = Done()
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) {
            done.lock.lock(); defer { done.lock.unlock() }
            if !done.value { let fd = open(fifo, O_WRONLY | O_NONBLOCK); if fd >= 0 { close(fd) } }
        }
        defer { done.lock.lock(); done.value = true; done.lock.unlock() }
        let r = try rollmon(["history", "--json", "--data-dir", dir.path("data")])
        #expect(r.status == 0, "\(r.stderr)")
        // A required line: should the FIFO have been opened after all, `history add` below would wait on it again.
        try #require(r.stderr.contains("\(fifo): cannot read: not a regular file"), "\(r.stderr)")
        #expect(r.stdout.hasPrefix("{\"today\""), "\(r.stdout.prefix(60))")
        let add = try rollmon(["history", "add", fifo, "--started", "2026-12-01T07:30:00Z", "--data-dir", dir.path("data")])
        #expect(add.status == 66, "\(add.stderr)")
        #expect(add.stderr.hasSuffix("rollmon: \(fifo): cannot read: not a regular file (a FIFO, device or socket is no recording the history can read again)\n"),
                "\(add.stderr)")
    }

    /// A full disk (Linux's /dev/full answers every write with ENOSPC): exit 74 with the reason, never exit 0 and a
    /// short file; and a device is written in place, never replaced by a regular file (it once was, as root).
    static let fullDevice = "/dev/full"
    static var fullDeviceIsThere: Bool {
        var info = stat()
        return stat(fullDevice, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR
    }

    @Test(.enabled(if: fullDeviceIsThere, "no /dev/full character device here"))
    func aFullDiskIsAnIOErrorForEveryOutput() throws {
        let trace = packageRoot.appendingPathComponent("Fixtures/imu-traces/demo-session.csv").path
        let dir = TempDir()
        let orientation = try rollmon(["replay", trace, "--orientation-csv", Self.fullDevice, "--json"])
        #expect(orientation.status == 74, "\(orientation.stderr)")
        #expect(orientation.stderr == "rollmon: cannot write /dev/full: No space left on device\n", "\(orientation.stderr)")
        let report = try rollmon(["report", "--data-dir", dir.path("data"), "--out", Self.fullDevice])
        #expect(report.status == 74, "\(report.stderr)")
        #expect(report.stderr == "rollmon: cannot write /dev/full: No space left on device\n", "\(report.stderr)")
        let truth = try rollmon(["simulate", "--out", dir.path("s.csv"), "--truth", Self.fullDevice])
        #expect(truth.status == 73, "\(truth.stderr)")
        #expect(truth.stderr == "rollmon simulate: /dev/full: cannot write truth: No space left on device\n", "\(truth.stderr)")
        #expect(Self.fullDeviceIsThere, "the device node was replaced")
        // Standard output on the full device, as `> /dev/full` in a shell.
        for args in [["replay", trace, "--json"], ["replay", trace], ["history", "--json", "--data-dir", dir.path("data")]] {
            let full = try #require(FileHandle(forWritingAtPath: Self.fullDevice))
            let r = try rollmon(args, stdoutTo: full)
            #expect(r.status == 74, "\(args): \(r.stderr)")
            #expect(r.stderr.hasSuffix("rollmon: cannot write standard output: No space left on device\n"), "\(args): \(r.stderr)")
        }
    }

    /// A report through a symbolic link replaces the file it names and keeps the link.
    @Test func aReportThroughALinkKeepsTheLink() throws {
        let dir = TempDir()
        let link = dir.path("latest.html")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.html")
        let r = try rollmon(["report", "--data-dir", dir.path("data"), "--out", link])
        #expect(r.status == 0, "\(r.stderr)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == "real.html")
        #expect(try String(contentsOfFile: dir.path("real.html"), encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    }
}
