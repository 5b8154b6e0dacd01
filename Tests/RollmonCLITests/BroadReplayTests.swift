import Foundation
import TestSupport
import Testing

/// Real IMU recordings with optical ground truth (BROAD: Laidig, Caruso, Cereatti, Seel, Data 6(7) 2021, CC BY 4.0),
/// run the way a user runs them: the built `rollmon replay TRACE --orientation-csv q.csv` on the files exactly as
/// shared (no metadata added, so saturation detection sees them as any unknown recording), scored with the rule of
/// the shared README (`../shared/broad/README.md`, the same as `scripts/score_orientation.py`).
///
/// The five full trials are read from `../shared/broad` relative to the package root (the project's shared folder,
/// which CI places beside the clone). Without it the test is skipped with a message, except when `CI=true`, where it
/// fails. The two committed excerpts (`Fixtures/imu-traces/broad`) always run.
@Suite("BROAD through rollmon replay")
struct BroadReplayTests {
    static let sharedDirectory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/broad")

    /// VQF's per-trial 6D inclination RMSE on these trials (shared README; Laidig & Seel 2023, `vqf` defaults).
    static let trials: [(name: String, vqfDeg: Double)] = [
        ("02_undisturbed_slow_rotation_B", 0.43), ("07_undisturbed_fast_rotation_B", 1.02),
        ("11_undisturbed_slow_translation_B", 0.42), ("16_undisturbed_fast_translation_B", 0.54),
        ("25_disturbed_tapping_B", 0.38),
    ]

    static var sharedTrialsPresent: Bool {
        trials.allSatisfy {
            FileManager.default.fileExists(atPath: sharedDirectory.appendingPathComponent($0.name + ".csv").path)
                && FileManager.default.fileExists(atPath: sharedDirectory.appendingPathComponent($0.name + ".ref.csv").path)
        }
    }
    static var runsInCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Bars (issue 9): mean ≤ 0.56° (VQF's mean), and no trial more than 5 % above VQF's figure for it.
    @Test(.enabled(if: sharedTrialsPresent || runsInCI,
                   "../shared/broad (the five BROAD trials) is not beside the package root: skipped"))
    func fiveTrialsMatchVQF() throws {
        try #require(Self.sharedTrialsPresent, "CI=true but the BROAD trials are missing from \(Self.sharedDirectory.path)")
        var rmses: [Double] = []
        for (name, vqf) in Self.trials {
            let rmse = try Self.replayRMSEDeg(Self.sharedDirectory, name)
            print("BROAD \(name): inclination RMSE \(String(format: "%.3f", rmse))° through rollmon replay (VQF \(vqf)°)")
            #expect(rmse <= 1.05 * vqf, "\(name): \(rmse)° is more than 5 % above VQF's \(vqf)°")
            rmses.append(rmse)
        }
        let mean = rmses.reduce(0, +) / Double(rmses.count)
        print("BROAD mean inclination RMSE \(String(format: "%.4f", mean))° through rollmon replay (VQF 0.56°)")
        #expect(mean <= 0.56, "mean \(mean)°")
    }

    /// The committed excerpts (28 s: ~6 s still, then fast motion). Measured 1.29° and 0.61° (they score only the
    /// first ~22 s of each motion phase, with the estimator started cold 6 s before it); ~35 % headroom.
    @Test func committedExcerptsMeetTheirBars() throws {
        let dir = packageRoot.appendingPathComponent("Fixtures/imu-traces/broad")
        for (name, bar) in [("07_undisturbed_fast_rotation_B_20-48s", 1.75), ("16_undisturbed_fast_translation_B_28-56s", 0.85)] {
            let rmse = try Self.replayRMSEDeg(dir, name)
            print("BROAD excerpt \(name): inclination RMSE \(String(format: "%.3f", rmse))° through rollmon replay")
            #expect(rmse <= bar, "\(name): \(rmse)°")
            #expect(rmse > 0.05, "an excerpt scored implausibly well: is the reference being compared at all?")
        }
    }

    /// Real motion really clipped, by hand: the committed trial-07 excerpt written as an MPU-6050 at ±1000 °/s would
    /// report it (codes of 1/32.8 °/s rounded, clipped at −32768…32767: 493 cells on the 999.0 °/s rail), replayed
    /// through the CLI as any unknown recording. The sensor's axis turns (a hand, not a rolled ball), so rollmon must
    /// neither rebuild along a stale axis nor restart the inclination from the hand's deceleration: it is held to
    /// VQF on the same clipped samples, 12.558° (`scripts/broad_vqf_reference.py` on this file, vqf 2.1.2 defaults;
    /// before the body-fixed-axis evidence rule rollmon scored 15.78°).
    @Test func handHeldClippingIsHeldToVQF() throws {
        let dir = packageRoot.appendingPathComponent("Fixtures/imu-traces/broad")
        let name = "07_undisturbed_fast_rotation_B_20-48s"
        let text = try String(contentsOfFile: dir.appendingPathComponent(name + ".csv").path, encoding: .utf8)
        let codeRadS = (1.0 / 32.8) * (Double.pi / 180)   // MPU-6050 FS_SEL=2: 32.8 LSB/(°/s), datasheet §6.1
        var header: [String]?
        var railCells = 0
        let clipped = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard !line.hasPrefix("#"), !line.isEmpty else { return String(line) }
            guard let names = header else { header = line.split(separator: ",").map(String.init); return String(line) }
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for axis in ["gx", "gy", "gz"] {
                let i = names.firstIndex(of: axis)!
                let code = min(32767, max(-32768, (Double(cells[i])! / codeRadS + 0.5).rounded(.down)))
                if abs(code) >= 32767 { railCells += 1 }
                cells[i] = "\(code * codeRadS)"
            }
            return cells.joined(separator: ",")
        }.joined(separator: "\n")
        #expect(railCells > 400, "the excerpt no longer clips at ±1000 °/s: \(railCells) cells")
        let tmp = TempDir()
        _ = tmp.write("clipped.csv", clipped)
        try FileManager.default.copyItem(atPath: dir.appendingPathComponent(name + ".ref.csv").path, toPath: tmp.path("clipped.ref.csv"))
        let (rmse, run) = try Self.replay(URL(fileURLWithPath: tmp.path("")), "clipped", extraArguments: ["--json"])
        print("BROAD excerpt 07 clipped at ±1000 °/s: inclination RMSE \(String(format: "%.3f", rmse))° (VQF 12.558°)")
        #expect(run.stdout.contains("gyro saturated"), "the clipped samples must still be found and reported")
        #expect(rmse <= 1.05 * 12.558, "\(rmse)° is more than 5 % above VQF's 12.558° on the same clipped data")
    }

    /// An unclipped recording stays unclipped: no saturation warning on any BROAD file (they reach 25 rad/s and
    /// repeat values above 4 rad/s, but never at a real part's rail).
    @Test func noSaturationIsSeenOnUnclippedRecordings() throws {
        let dir = packageRoot.appendingPathComponent("Fixtures/imu-traces/broad")
        var files = ["07_undisturbed_fast_rotation_B_20-48s", "16_undisturbed_fast_translation_B_28-56s"].map { dir.appendingPathComponent($0 + ".csv") }
        if Self.sharedTrialsPresent { files += Self.trials.map { Self.sharedDirectory.appendingPathComponent($0.name + ".csv") } }
        for f in files {
            let r = try rollmon(["replay", f.path, "--json"])
            #expect(r.status == 0, "\(f.lastPathComponent): \(r.stderr)")
            #expect(!r.stdout.contains("gyro saturated"), "\(f.lastPathComponent): a rail was claimed on an unclipped recording")
        }
    }

    // MARK: - Replay and score

    /// `rollmon replay DIR/NAME.csv --orientation-csv …`, scored against DIR/NAME.ref.csv.
    static func replayRMSEDeg(_ dir: URL, _ name: String) throws -> Double {
        try replay(dir, name).rmseDeg
    }

    /// The same with `extraArguments` (e.g. `--json`) on the same run; also returns what rollmon printed.
    static func replay(_ dir: URL, _ name: String, extraArguments: [String] = []) throws -> (rmseDeg: Double, run: RunResult) {
        let tmp = TempDir()
        let out = tmp.path("q.csv")
        let r = try rollmon(["replay", dir.appendingPathComponent(name + ".csv").path, "--orientation-csv", out] + extraArguments)
        try #require(r.status == 0, "rollmon replay \(name): \(r.stderr)")
        let rmse = try BroadScore.inclinationRMSEDeg(estimate: NumericCSV(path: out),
                                                     reference: NumericCSV(path: dir.appendingPathComponent(name + ".ref.csv").path))
        return (rmse, r)
    }
}

/// The shared README's score: q_err = q_est ⊗ q_ref⁻¹, inclination error = 2·acos(√(q_err.w² + q_err.z²)); RMSE
/// over rows with movement = 1 and a valid (finite) reference. Rows match by order; their times must agree.
enum BroadScore {
    struct Mismatch: Error, CustomStringConvertible { let description: String }

    static func inclinationRMSEDeg(estimate est: NumericCSV, reference ref: NumericCSV) throws -> Double {
        let t = try est.column("t"), w1 = try est.column("qw"), x1 = try est.column("qx")
        let y1 = try est.column("qy"), z1 = try est.column("qz")
        let rt = try ref.column("t"), w2 = try ref.column("qw"), x2 = try ref.column("qx")
        let y2 = try ref.column("qy"), z2 = try ref.column("qz"), movement = try ref.column("movement")
        guard t.count == rt.count else { throw Mismatch(description: "\(t.count) estimate rows for \(rt.count) reference rows") }
        var sum = 0.0, n = 0
        for i in t.indices {
            guard abs(t[i] - rt[i]) <= 1e-5 else { throw Mismatch(description: "row \(i): t \(t[i]) vs \(rt[i])") }
            guard movement[i] == 1, w2[i].isFinite, x2[i].isFinite, y2[i].isFinite, z2[i].isFinite else { continue }
            // q_err = q_est ⊗ conj(q_ref): only its w and z components are needed.
            let (bx, by, bz) = (-x2[i], -y2[i], -z2[i])
            let w = w1[i] * w2[i] - x1[i] * bx - y1[i] * by - z1[i] * bz
            let z = w1[i] * bz + x1[i] * by - y1[i] * bx + z1[i] * w2[i]
            let e = 2 * acos(min(1, (w * w + z * z).squareRoot())) * 180 / Double.pi
            sum += e * e
            n += 1
        }
        guard n > 1000 else { throw Mismatch(description: "only \(n) scored rows") }
        return (sum / Double(n)).squareRoot()
    }
}

/// A numeric CSV: `#` comment lines, one header line, then numeric rows (`nan` and empty cells read as NaN).
/// Parsed with strtod in one pass so 50 000-row files load quickly even in a debug build.
struct NumericCSV {
    let header: [String]
    let values: [Double]  // row-major

    struct MissingColumn: Error { let name: String }

    init(path: String) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.append(0)  // strtod needs a terminator
        var header: [String] = []
        var values: [Double] = []
        values.reserveCapacity(bytes.count / 8)
        bytes.withUnsafeMutableBufferPointer { buf in
            let start = UnsafeMutableRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self)
            let end = start + (buf.count - 1)
            var p = start
            func endOfLine(_ q: UnsafeMutablePointer<CChar>) -> UnsafeMutablePointer<CChar> {
                var q = q
                while q < end && q.pointee != 10 { q += 1 }
                return q
            }
            while p < end && p.pointee == 35 { p = endOfLine(p) + 1 }  // '#' lines
            let headerEnd = endOfLine(p)
            header = String(decoding: UnsafeRawBufferPointer(start: p, count: headerEnd - p), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map(String.init)
            p = headerEnd + 1
            while p < end {
                if p.pointee == 10 || p.pointee == 13 || p.pointee == 35 { p = endOfLine(p) + 1; continue }
                for _ in header.indices {
                    if p >= end || p.pointee == 44 || p.pointee == 10 || p.pointee == 13 {
                        values.append(.nan)  // empty cell
                    } else {
                        var q: UnsafeMutablePointer<CChar>? = nil
                        let v = strtod(p, &q)
                        values.append(q == p ? .nan : v)
                        p = q ?? p
                    }
                    if p < end && p.pointee == 44 { p += 1 }
                }
                p = endOfLine(p) + 1
            }
        }
        self.header = header
        self.values = values
    }

    func column(_ name: String) throws -> [Double] {
        guard let c = header.firstIndex(of: name) else { throw MissingColumn(name: name) }
        return stride(from: c, to: values.count, by: header.count).map { values[$0] }
    }
}
