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
