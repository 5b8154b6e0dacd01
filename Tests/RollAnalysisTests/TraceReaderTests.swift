import Foundation
import RollAnalysis
import RollCore
import RollSim
import RollTrace
import TestSupport
import Testing

@Suite("Trace reader")
struct TraceReaderTests {
    var header: String { Self.header }

    func readAll(_ path: String) throws -> (TraceReader, [Sample]) {
        let r = try TraceReader(path: path)
        var out: [Sample] = []
        while let s = try r.nextSample() { out.append(s) }
        return (r, out)
    }

    func expectError(_ text: String, line: Int, column: Int, containing words: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        let dir = TempDir()
        let path = dir.write("bad.csv", text)
        do {
            _ = try readAll(path)
            Issue.record("expected an error at \(line):\(column)", sourceLocation: sourceLocation)
        } catch let e as TraceError {
            #expect(e.file == path, sourceLocation: sourceLocation)
            #expect(e.line == line, "\(e)", sourceLocation: sourceLocation)
            #expect(e.column == column, "\(e)", sourceLocation: sourceLocation)
            #expect(e.message.contains(words), "\(e)", sourceLocation: sourceLocation)
            #expect(e.description.hasPrefix("\(path):\(line):\(column): error: "), sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func readsMetadataColumnsAndValues() throws {
        let dir = TempDir()
        let path = dir.write("ok.csv", header + "0.000,0.1,-0.2,9.81,0.01,-0.02,0.03,12.5,L\n0.001,0,0,9.8,0,0,0,,\n")
        let (r, s) = try readAll(path)
        #expect(r.metadata.tool == .ball)
        #expect(r.metadata.radiusMM == 32)
        #expect(r.hasForce && r.hasFoot)
        #expect(s.count == 2)
        #expect(s[0] == Sample(tSeconds: 0, accelMS2: Vector3(0.1, -0.2, 9.81), gyroRadS: Vector3(0.01, -0.02, 0.03), forceN: 12.5, foot: .left))
        #expect(s[1].forceN == nil && s[1].foot == nil)
    }

    @Test func toleratesBOMCRLFReorderedAndExtraColumns() throws {
        let dir = TempDir()
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array("# rollmon-trace 1\r\n# unknown_key: whatever\r\n# plain comment\r\ntemp, gz,gy,gx,az,ay,ax,t ,force\r\n".utf8)
        bytes += Array("21.5,3,2,1,9.8,0.2,0.1,0.5,\r\n21.5,3,2,1,9.8,0.2,0.1,0.75, 40\r\n\r\n".utf8)
        let (r, s) = try readAll(dir.writeBytes("crlf.csv", bytes))
        #expect(s.count == 2)
        #expect(s[0].tSeconds == 0.5 && s[0].gyroRadS == Vector3(1, 2, 3) && s[0].accelMS2 == Vector3(0.1, 0.2, 9.8))
        #expect(s[1].forceN == 40)
        #expect(!r.hasFoot)
        #expect(r.warnings.isEmpty)
    }

    @Test func numbersParseExactlyLikeStrtod() throws {
        let texts = ["0.1", "-0.0031957", "9.80665", "1e-3", "-2.5E+2", "1234.56789012345678", "0.30000000000000004",
                     "+7", "1.", ".5", "1234.5678901234567890123"]
        let dir = TempDir()
        var body = "# rollmon-trace 1\nt,ax,ay,az,gx,gy,gz\n"
        for (i, x) in texts.enumerated() { body += "\(i),\(x),0,0,0,0,0\n" }
        let (_, s) = try readAll(dir.write("n.csv", body))
        for (i, x) in texts.enumerated() { #expect(s[i].accelMS2.x == strtod(x, nil), "\(x)") }
    }

    /// The fast paths (rollmon's own column order and the general one) against strtod, bit for bit, on decimals of
    /// every length the fast paths accept and just beyond (up to 21 digits, fractions up to 20 digits, -0), in every
    /// column including force.
    @Test func randomDecimalsParseBitForBitLikeStrtod() throws {
        var rng = SeededRandom(seed: 0x5eed)
        func decimal() -> String {
            // At most 3 integer digits keeps every value within `PhysicalRange` (gyro ≤ 1000 rad/s); with up to 20
            // fraction digits the lengths still run past the fast paths' 19 digits.
            let intDigits = Int(rng.next() % 4), fracDigits = Int(rng.next() % 21)
            var s = rng.next() % 3 == 0 ? "-" : ""
            s += intDigits == 0 ? "0" : (0..<intDigits).map { _ in String(rng.next() % 10) }.joined()
            if fracDigits > 0 { s += "." + (0..<fracDigits).map { _ in String(rng.next() % 10) }.joined() }
            return s
        }
        for header in ["t,ax,ay,az,gx,gy,gz,force", "force,gz,gy,gx,az,ay,ax,t"] {
            var rows: [[String]] = []
            var body = "# rollmon-trace 1\n\(header)\n"
            for i in 0..<3000 {
                let row = (0..<7).map { _ in decimal() }
                rows.append(row)
                let t = "\(i + 1).5"
                body += (header.hasPrefix("t") ? [t] + row : row.reversed() + [t]).joined(separator: ",") + "\n"
            }
            let dir = TempDir()
            let (_, s) = try readAll(dir.write("r.csv", body))
            try #require(s.count == rows.count)
            for (sample, row) in zip(s, rows) {
                let got = [sample.accelMS2.x, sample.accelMS2.y, sample.accelMS2.z,
                           sample.gyroRadS.x, sample.gyroRadS.y, sample.gyroRadS.z, sample.forceN ?? .nan]
                // Either header: the row's cells are ax ay az gx gy gz force (the second writes them reversed).
                for (g, text) in zip(got, row) {
                    #expect(g.bitPattern == strtod(text, nil).bitPattern, "\(text)")
                }
            }
        }
    }

    @Test func gapsInTimeAreData() throws {
        let dir = TempDir()
        let (_, s) = try readAll(dir.write("gap.csv", header + "0,0,0,9.8,0,0,0,,\n5,0,0,9.8,0,0,0,,\n5.001,0,0,9.8,0,0,0,,\n"))
        #expect(s.map(\.tSeconds) == [0, 5, 5.001])
    }

    @Test func truncatedLastLineIsAWarningNotAnError() throws {
        let dir = TempDir()
        let path = dir.write("cut.csv", header + "0,0,0,9.8,0,0,0,,\n0.001,0,0,9.8,0,0,0,,\n0.002,0,0,9.")
        let (r, s) = try readAll(path)
        #expect(s.count == 2)
        #expect(r.warnings.count == 1)
        #expect(r.warnings.first?.line == 7)
        #expect(r.warnings.first?.description.contains("incomplete") == true)
    }

    @Test func lastLineWithoutNewlineButCompleteIsKept() throws {
        let dir = TempDir()
        let (r, s) = try readAll(dir.write("nonl.csv", header + "0,0,0,9.8,0,0,0,,\n0.001,0,0,9.8,0,0,0,5,R"))
        #expect(s.count == 2 && s[1].foot == .right && s[1].forceN == 5)
        #expect(r.warnings.isEmpty)
    }

    @Test func readsEuRoC() throws {
        let dir = TempDir()
        let text = """
        #timestamp [ns],w_RS_S_x [rad s^-1],w_RS_S_y [rad s^-1],w_RS_S_z [rad s^-1],a_RS_S_x [m s^-2],a_RS_S_y [m s^-2],a_RS_S_z [m s^-2]
        1403636579758555392,-0.099134701513277898,0.14730578886832138,0.02722713633111154,8.1476917083333333,-0.37592158333333331,-2.4026292499999999
        1403636579763555584,-0.099134701513277898,0.14032447186034408,0.029321531433504733,8.033280791666666,-0.40861041666666664,-2.4026292499999999

        """
        let (r, s) = try readAll(dir.write("euroc.csv", text))
        #expect(r.format == .euroc)
        #expect(!r.hasForce)
        #expect(s.count == 2)
        #expect(s[0].tSeconds == 0)
        #expect(abs(s[1].tSeconds - 0.005000192) < 1e-12)
        #expect(s[0].gyroRadS.x == -0.099134701513277898)
        #expect(s[0].accelMS2.x == 8.1476917083333333)
    }

    // MARK: - Malformed input: one clear error naming line and column

    /// One malformed input and where its one error must point: `line:column` and words the message contains.
    struct Malformed: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var line: Int
        var column: Int
        var containing: String
        var testDescription: String { name }
    }

    static let header = "# rollmon-trace 1\n# tool: ball\n# radius_mm: 32\nt,ax,ay,az,gx,gy,gz,force,foot\n"
    static let malformed: [Malformed] = [
        .init(name: "empty file", text: "", line: 1, column: 1, containing: "empty file"),
        .init(name: "wrong magic", text: "t,ax,ay,az,gx,gy,gz\n0,0,0,0,0,0,0\n", line: 1, column: 1, containing: "rollmon-trace 1"),
        .init(name: "no header", text: "# rollmon-trace 1\n# tool: ball\n", line: 3, column: 1, containing: "column header"),
        .init(name: "missing column", text: "# rollmon-trace 1\nt,ax,ay,az,gx,gy\n0,0,0,0,0,0\n", line: 2, column: 1, containing: "gz"),
        .init(name: "duplicate column", text: "# rollmon-trace 1\nt,ax,ay,az,gx,gy,gz,ax\n", line: 2, column: 21, containing: "twice"),
        .init(name: "bad metadata value", text: "# rollmon-trace 1\n# radius_mm: big\nt,ax,ay,az,gx,gy,gz\n", line: 2, column: 14,
              containing: "radius_mm"),
        .init(name: "radius no tool has", text: "# rollmon-trace 1\n# radius_mm: 1e300\nt,ax,ay,az,gx,gy,gz\n", line: 2, column: 14,
              containing: "between 5 and 300"),
        .init(name: "bad tool", text: "# rollmon-trace 1\n# tool: sphere\nt,ax,ay,az,gx,gy,gz\n", line: 2, column: 9,
              containing: "'ball' or 'roller'"),
        .init(name: "text in a number", text: header + "0,0,0,9.8,0,0,0,,\n0.1,0,abc,9.8,0,0,0,,\n", line: 6, column: 7, containing: "'ay'"),
        .init(name: "empty required cell", text: header + "0,0,0,,0,0,0,,\n", line: 5, column: 7, containing: "empty cell"),
        .init(name: "too few fields", text: header + "0,0,0,9.8,0,0,0\n0.1,0,0,9.8,0,0,0,,\n", line: 5, column: 16, containing: "9 fields"),
        .init(name: "too many fields", text: header + "0,0,0,9.8,0,0,0,,,7\n", line: 5, column: 18, containing: "more"),
        .init(name: "time goes backwards", text: header + "1,0,0,9.8,0,0,0,,\n0.5,0,0,9.8,0,0,0,,\n", line: 6, column: 1, containing: "increase"),
        .init(name: "repeated time", text: header + "1,0,0,9.8,0,0,0,,\n1,0,0,9.8,0,0,0,,\n", line: 6, column: 1, containing: "increase"),
        .init(name: "time beyond any clock", text: header + "0,0,0,9.8,0,0,0,,\n1e300,0,0,9.8,0,0,0,,\n", line: 6, column: 1,
              containing: "out of range"),
        .init(name: "first time far before any clock", text: header + "-1e10,0,0,9.8,0,0,0,,\n0,0,0,9.8,0,0,0,,\n", line: 5, column: 1,
              containing: "out of range"),
        .init(name: "gyro beyond any part", text: header + "0,0,0,9.8,1e300,0,0,,\n", line: 5, column: 11, containing: "gx=1e+300 is out of range"),
        .init(name: "accelerometer beyond any part", text: header + "0,0,-2e4,9.8,0,0,0,,\n", line: 5, column: 5, containing: "ay=-20000.0 is out of range"),
        .init(name: "force beyond any sensor", text: header + "0,0,0,9.8,0,0,0,2e5,\n", line: 5, column: 17, containing: "force=200000.0 is out of range"),
        .init(name: "nan is not a number here", text: header + "0,nan,0,9.8,0,0,0,,\n", line: 5, column: 3, containing: "finite"),
        .init(name: "bad foot marker", text: header + "0,0,0,9.8,0,0,0,,X\n", line: 5, column: 18, containing: "foot"),
        .init(name: "bad force", text: header + "0,0,0,9.8,0,0,0,heavy,\n", line: 5, column: 17, containing: "force"),
    ]

    @Test(arguments: malformed) func malformedInputNamesLineAndColumn(_ c: Malformed) {
        expectError(c.text, line: c.line, column: c.column, containing: c.containing)
    }
    /// The widest real parts' full scales still read: ± 4 000 °/s (69.8 rad/s), ± 400 g, 20 kN.
    @Test func realFullScalesAreMeasurements() throws {
        let dir = TempDir()
        let path = dir.write("fs.csv", Self.header + "0,3923,-3923,9.8,69.8,-69.8,349,20000,\n0.001,0,0,9.8,0,0,0,-20000,\n")
        let (_, samples) = try readAll(path)
        #expect(samples.count == 2)
        #expect(samples[0].gyroRadS.z == 349 && samples[1].forceN == -20000)
    }
    /// The live path records canonical samples: a force no sensor can read (a broken calibration scale) is recorded as
    /// no reading, so the recording replays — the reader would refuse the value itself.
    @Test func aLiveForceBeyondAnySensorIsRecordedAsNoReading() throws {
        let dir = TempDir()
        let path = dir.path("live.csv")
        let writer = try TraceWriter(path: path, metadata: TraceMetadata(), hasForce: true, hasFoot: false)
        let raw = [Sample(tSeconds: 0, accelMS2: Vector3(0, 0, 9.8), gyroRadS: .zero, forceN: 120.25),
                   Sample(tSeconds: 0.001, accelMS2: Vector3(0, 0, 9.8), gyroRadS: .zero, forceN: 1.75e6)]
        let canonical = raw.map(TraceWriter.canonical)
        #expect(canonical[0].forceN == 120.25 && canonical[1].forceN == nil)
        canonical.forEach(writer.append)
        try writer.close().get()
        let (_, back) = try readAll(path)
        #expect(back == canonical)
    }
    @Test func binaryGarbage() {
        let dir = TempDir()
        var bytes = Array("# rollmon-trace 1\nt,ax,ay,az,gx,gy,gz\n".utf8)
        bytes += [UInt8](repeating: 0xFF, count: 200_000)
        let path = dir.writeBytes("bin.csv", bytes)
        #expect(throws: TraceError.self) { _ = try readAll(path) }
    }
    @Test func missingFileSaysSo() {
        do { _ = try TraceReader(path: "/nonexistent/trace.csv"); Issue.record("no error") } catch {
            #expect(error.description.contains("No such file"))
        }
    }
}
