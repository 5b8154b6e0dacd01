import Foundation
import Testing
import TestSupport

/// `rollmon report` through the executable, and its page in a real browser.
@Suite("rollmon report, end to end")
struct ReportCLITests {
    static let fixture = packageRoot.appendingPathComponent("Fixtures/imu-traces/ball-many-severe.csv").path

    /// A data directory with a few days of sessions (known totals) and a pause.
    func history(_ dir: TempDir) throws -> String {
        let data = dir.path("data")
        for (k, day) in ["2026-12-01", "2026-12-02", "2026-12-04", "2026-12-05"].enumerated() {
            let t = SyntheticTrace(started: "\(day)T07:00:00Z", segments: [("R", 120 + Double(k) * 10), ("L", 100 + Double(k) * 15)])
            #expect(try rollmon(["history", "add", "--data-dir", data, t.write(to: dir.path("\(day).csv"))]).status == 0)
        }
        #expect(try rollmon(["history", "pause", "--data-dir", data, "--from", "2026-12-06", "--to", "2026-12-07"]).status == 0)
        return data
    }

    @Test func writesOneSelfContainedPageAndTheDayRowsAsCSV() throws {
        let dir = TempDir()
        let data = try history(dir)
        let r = try rollmon(["report", "--data-dir", data, "--session", Self.fixture, "--today", "2026-12-08", "--days", "14",
                             "--out", dir.path("r.html"), "--csv", dir.path("r.csv")])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: dir.path("r.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<figure").count - 1 == 7)
        #expect(html.components(separatedBy: "<svg").count - 1 == 7)
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"))
        #expect(html.contains("<meta name=\"viewport\""))
        // The fixture's severe moments are all marked.
        let replay = try JSONSerialization.jsonObject(with: Data(try rollmon(["replay", Self.fixture, "--json"]).stdout.utf8)) as! [String: Any]
        let alerts = replay["alerts"] as! [[String: Any]]
        let severe = alerts.filter { $0["kind"] as? String == "severe_pressure" }.count
        let bursts = alerts.filter { $0["kind"] as? String == "burst" }.count
        #expect(severe > 0)
        #expect(html.components(separatedBy: "class=\"mark severe\"").count - 1 == severe)
        #expect(html.components(separatedBy: "class=\"mark burst\"").count - 1 == bursts)
        let csv = try String(contentsOfFile: dir.path("r.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 15)
        #expect(csv[0] == "date,sessions,right_s,left_s,calves_s,met,paused,severe_events,bursts,tender_holds")
        #expect(csv.contains("2026-12-05,1,150.0,145.0,0.0,true,false,0,0,2"), "\(csv)")
        #expect(csv.contains("2026-12-01,1,120.0,100.0,0.0,false,false,0,0,2"))
        #expect(csv.contains { $0.hasPrefix("2026-12-07,0,") && $0.contains(",false,true,") })
    }

    @Test func latestSessionByDefaultAndAFreshDirectoryStillGivesAPage() throws {
        let dir = TempDir()
        let empty = try rollmon(["report", "--data-dir", dir.path("fresh"), "--out", dir.path("e.html")])
        #expect(empty.status == 0, "\(empty.stderr)")
        let emptyPage = try String(contentsOfFile: dir.path("e.html"), encoding: .utf8)
        #expect(emptyPage.contains("No session in the history yet"))
        // Nothing rolled: no left share (it once said "left 50 %" of 0:00 + 0:00).
        #expect(emptyPage.contains("balance: right <b>0:00</b>, left <b>0:00</b></li>"))
        #expect(!emptyPage.contains("%)</li>"))
        let data = try history(dir)
        let r = try rollmon(["report", "--data-dir", data, "--today", "2026-12-08", "--out", dir.path("r.html")])
        #expect(r.status == 0, "\(r.stderr)")
        let page = try String(contentsOfFile: dir.path("r.html"), encoding: .utf8)
        #expect(page.contains("2026-12-05.csv"))
        // 30 days to 2026-12-08 hold right 120+130+140+150 s, left 100+115+130+145 s: left 490 / 1030 = 48 %.
        #expect(page.contains("balance: right <b>9:00</b>, left <b>8:10</b> (left 48 %)</li>"), "\(page)")
    }

    /// Counts read as words: a one-day window is "the last 1 day", one hold "1 tender hold" (the page said "1 days"
    /// and "hold(s)").
    @Test func aOneDayWindowAndOneHoldAreSingular() throws {
        let dir = TempDir()
        let data = try history(dir)
        let r = try rollmon(["report", "--data-dir", data, "--today", "2026-12-05", "--days", "1", "--out", dir.path("r.html")])
        #expect(r.status == 0, "\(r.stderr)")
        let page = try String(contentsOfFile: dir.path("r.html"), encoding: .utf8)
        #expect(page.contains("<h2>The last 1 day</h2>") && page.contains("last 1 day · a day starts"), "\(page)")
        // No "segment(s)"-style plurals (the axis unit "time (s)" is seconds).
        #expect(page.range(of: "[a-z]\\(s\\)", options: .regularExpression) == nil, "\(page)")
        #expect(!page.contains(" 1 days") && !page.contains(" 1 tender holds"), "\(page)")
    }

    /// A force sensor that stopped answering for 20 s: the force line stops at the outage and starts again after it,
    /// the stretch is shaded and the caption says it (the line was drawn straight across it, as a steady rise).
    @Test func aForceOutageIsAGapInTheForceLineAndSaid() throws {
        let dir = TempDir()
        let rec = dir.path("s.csv")
        let demo = try rollmon(["demo", "--speed", "0", "--duration", "90", "--fault", "force-unplug@30:20", "--json",
                                "--record", rec, "--data-dir", dir.path("data")])
        #expect(demo.status == 0, "\(demo.stderr)")
        let outages = (try JSONSerialization.jsonObject(with: Data(demo.stdout.utf8)) as! [String: Any])["outages"] as! [[String: Any]]
        #expect(outages.count == 1 && outages[0]["sensor"] as? String == "force", "\(outages)")
        #expect(try rollmon(["report", "--data-dir", dir.path("data"), "--session", rec, "--out", dir.path("r.html")]).status == 0)
        let html = try String(contentsOfFile: dir.path("r.html"), encoding: .utf8)
        let force = try #require(html.components(separatedBy: "<figure").first { $0.contains("Force over time") })
        #expect(force.components(separatedBy: "class=\"force\"").count - 1 == 2, "one line before the outage, one after")
        #expect(force.components(separatedBy: "class=\"outage\"").count - 1 == 1)
        #expect(force.contains(/no force readings 0:(29|30)–0:(50|51) \(sensor outage\)\./), "\(force)")
        // Without an outage: one line, nothing shaded.
        #expect(try rollmon(["report", "--data-dir", dir.path("data"), "--session", Self.fixture, "--out", dir.path("f.html")]).status == 0)
        let plain = try String(contentsOfFile: dir.path("f.html"), encoding: .utf8)
        #expect(plain.components(separatedBy: "class=\"force\"").count - 1 == 1 && !plain.contains("class=\"outage\""))
    }

    static var chromium: String? {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in ["/usr/bin", "/usr/local/bin", "/snap/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }
    /// In CI a missing browser is a failure (scripts/install-deps.sh installs it), elsewhere a skip.
    static var mustRun: Bool { chromium != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    @Test(.enabled(if: ReportCLITests.mustRun, "chromium not installed (scripts/install-deps.sh installs it)"))
    func rendersInARealBrowserToAPictureThatIsNotBlank() throws {
        let browser = try #require(Self.chromium, "chromium is not installed: run scripts/install-deps.sh")
        let dir = TempDir()
        let data = try history(dir)
        #expect(try rollmon(["report", "--data-dir", data, "--session", Self.fixture, "--today", "2026-12-08",
                             "--out", dir.path("r.html")]).status == 0)
        let png = dir.path("r.png")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: browser)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=420,2400",
                       "--user-data-dir=\(dir.path("profile"))", "--screenshot=\(png)", "file://\(dir.path("r.html"))"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(90)
        while p.isRunning && Date() < deadline { usleep(100_000) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: png))
        let stats = try pngStats(png)
        #expect(stats.width == 420 && stats.height == 2400, "\(stats)")
        // A blank page is one colour; the report has charts in many colours over a good part of the page.
        #expect(stats.colours > 50, "\(stats)")
        #expect(stats.nonBackgroundFraction > 0.05, "\(stats)")
    }

    /// Decodes the PNG (python3's zlib: Foundation has no image decoder on Linux) and counts colours.
    func pngStats(_ path: String) throws -> (width: Int, height: Int, colours: Int, nonBackgroundFraction: Double) {
        let script = #"""
        import sys, zlib, struct, collections
        d = open(sys.argv[1], 'rb').read()
        assert d[:8] == b'\x89PNG\r\n\x1a\n'
        pos, idat = 8, b''
        while pos < len(d):
            n, = struct.unpack('>I', d[pos:pos+4]); kind = d[pos+4:pos+8]; body = d[pos+8:pos+8+n]; pos += 12 + n
            if kind == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
            elif kind == b'IDAT': idat += body
        bpp = {2: 3, 6: 4}[ctype]; raw = zlib.decompress(idat); stride = w * bpp
        prev = bytearray(stride); counts = collections.Counter(); i = 0
        for y in range(h):
            f = raw[i]; line = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
            for x in range(stride):
                a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            counts.update(bytes(line[k:k+3]) for k in range(0, stride, bpp)); prev = line
        top = counts.most_common(1)[0][1]
        print(w, h, len(counts), 1 - top / (w * h))
        """#
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let f = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard f.count == 4 else { throw CocoaError(.fileReadCorruptFile) }
        return (Int(f[0])!, Int(f[1])!, Int(f[2])!, Double(f[3])!)
    }
}
