import Foundation
import RollAnalysis
import RollSim
import TestSupport
import Testing

/// Sessions drawn right at the definitions' cuts (`--preset nearThresholds`): strokes of 0.78 / 0.82 × fascia
/// (full-length cut 0.8), holds of 19 / 21 s (tender hold at 20 s) and 59 / 61 s (hold complete at 60 s), active
/// times a few seconds either side of 120 / 180 s, force peaks of 244 / 256 N (limit 250 N), bursts of 55 / 65 N
/// (cut 60 N). What is expected there, judged against the applied truth:
/// - with a load cell (±1.5 %, `ForceSensorModel.statedAccuracyFraction`) holds, hold-complete alerts and severe
///   events match the truth exactly; a burst's rise is judged on the 20 ms force level, within ~1 N of the applied
///   rise, so a rise drawn 5 N either side of the 60 N cut goes the right way: bursts meet the issue's F1 ≥ 0.9 on
///   every seed 1–12;
/// - a 0.78 / 0.82 stroke is 2.5 % from the full-length cut (the planner keeps every stroke at least that far), and a
///   single stroke's measured length is off by the gyro's sensitivity error (MPU-6050 ±3 %, σ ≈ 1 %: a bias over the
///   session, −0.8…+0.9 % in seeds 1–6) plus ≲ 0.2 % from the analysis (a few % on a stroke with a 150 ms dropout),
///   so the full-length count meets the same ±max(10 %, 2) as elsewhere, for every seed 1–6 — where the part's
///   sensitivity error is within that margin. The MPU-6050's datasheet allows ±3 % (PS-MPU-6000A-00 rev 3.4 §6.1,
///   "Sensitivity Scale Factor Tolerance"), more than the 2.5 %: on a part off by more (seeds 14 and 19 of the
///   sweep: the simulator's physics says a segment reads 2.6–2.8 % short through the part) every 0.82 stroke reads
///   0.798 × fascia, under the cut, so the full-length count goes the way the sensitivity takes it
///   (`sensitivityBeyondNearCutMargin`, on the truth's statement, not on the analysis' output) and is not judged in
///   that segment; everything else is;
/// - verdicts match wherever the true active time is at least 0.5 s from a cut (the measured active-time error);
/// - with an FSR (±10 %), a peak within its error of the limit may go either way: every severe alert must be a true
///   severe episode or a peak the truth reports within 4 % of the limit.
@Suite("Near the definitions' cuts, through rollmon simulate + replay")
struct NearThresholdCLITests {
    @Test(arguments: [UInt64(1), 2])
    func loadCell(_ seed: UInt64) throws {
        let r = try AccuracyRun(.nearThresholds, seed: seed)
        print(r.reportLine)
        r.check(verdictMarginS: 0.5)
        let holdsDone = { (s: ReplayJSON) in s.alertTimes("hold_complete").count }
        #expect(holdsDone(r.got) == holdsDone(r.truth), "seed \(seed): hold_complete \(holdsDone(r.got)) vs \(holdsDone(r.truth))")
        Self.checkBursts(r, seed: seed)
        // The plan really is near the cuts: both sides of each are in the truth.
        let truthHolds = r.truth.segments.reduce(0) { $0 + $1.tenderHolds }
        #expect(truthHolds >= 2)
        #expect(r.truth.warnings.contains { $0.contains("near the 250 N limit") } || !r.truth.alertTimes("severe_pressure").isEmpty)
    }

    /// Bursts drawn 55 / 65 N against the 60 N cut, judged against the applied force: the issue's F1 ≥ 0.9 on every
    /// seed. The rule is applied to the force level (the 20 ms mean of the readings, `ForceLevel`): on raw readings the
    /// window's lowest and the peak are extremes of noisy samples, so rises drawn 2–4 % under the cut counted (seed 2:
    /// tp 7, fp 2, F1 0.875; 16 false of 89 over seeds 1–12). Not exact: a rise within ~1 N of the cut (the part's
    /// gain error and the averaged noise) may still go either way.
    /// The same seeds carry the force bars too: peaks of 256 N cross the limit slowly (30–45 N/s), so a residual gain
    /// error of the calibrated load cell moves the crossing most there; with the calibration simulated on the part
    /// (`LoadCellChain`: a 5 kg mass good to ±0.5 %) every severe alert is within one sample + 50 ms (before: the
    /// part drew a ±1 % gain, seeds 6 and 8 were 56–79 ms late).
    @Test(arguments: [UInt64(3), 4, 5, 6, 7, 8, 9, 10, 11, 12])
    func forceAtTheCuts(_ seed: UInt64) throws {
        let r = try AccuracyRun(.nearThresholds, seed: seed)
        print(r.reportLine)
        r.checkForce()
        Self.checkBursts(r, seed: seed)
    }

    static func checkBursts(_ r: AccuracyRun, seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation) {
        let b = r.burstCounts()
        let f1 = 2 * Double(b.tp) / Double(max(1, 2 * b.tp + b.fp + b.fn))
        #expect(b.tp >= 4, "seed \(seed): too few bursts to judge (\(b.tp))", sourceLocation: sourceLocation)
        #expect(f1 >= 0.9, "seed \(seed): bursts tp \(b.tp) fp \(b.fp) fn \(b.fn) (F1 \(f1)); truth: \(r.truth.warnings)",
                sourceLocation: sourceLocation)
    }

    /// The planner keeps every stroke at least 2.5 % of its length from the full-length cut (0.78 / 0.82 × fascia).
    /// A gyro whose sensitivity is off by more than that moves those strokes across the cut, and no per-stroke
    /// analysis can tell (the error is a fixed scale on every rate). How far this part's sensitivity scales a
    /// segment's rolled length is physics the simulator knows: it integrates the true rate and the rate through the
    /// part's scale and cross-axis errors alone (noise-free) over the segment, about the axes it was rolled on, and
    /// states the ratio in the truth (`SessionWarning.simulatedGyroSensitivity`). Where that factor is off by more
    /// than 2.5 % − 0.3 % (the analysis' own share, measured ≲ 0.2 %), the count is the part's, not the analysis'.
    /// Returns the factor − 1 when it is beyond, else nil; nil too when the truth states none (an error, reported).
    static func sensitivityBeyondNearCutMargin(_ truth: ReplayJSON, segment k: Int,
                                               sourceLocation: SourceLocation = #_sourceLocation) -> Double? {
        guard let factor = lengthFactor(truth, segment: k) else {
            Issue.record("the truth states no gyro sensitivity factor for segment \(k)", sourceLocation: sourceLocation)
            return nil
        }
        return abs(factor - 1) > 0.025 - 0.003 ? factor - 1 : nil
    }

    /// The simulator's "… makes segment K read × F its rolled length" (SummaryWords) for 1-based segment `k`.
    static func lengthFactor(_ truth: ReplayJSON, segment k: Int) -> Double? {
        let prefix = "truth: the gyro's sensitivity alone makes segment \(k) read × "
        guard let line = truth.warnings.first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return Double(line.dropFirst(prefix.count).prefix { $0 != " " })
    }

    /// The bars of a near-threshold run (verdicts ≥ 0.5 s from a cut), split into those judged and the full-length
    /// misses expected in segments rolled on a part beyond the margin (with that part's length error there).
    static func misses(_ r: AccuracyRun) -> (judged: [AccuracyRun.Miss], expected: [(miss: AccuracyRun.Miss, lengthError: Double)]) {
        var judged = r.misses(verdictMarginS: 0.5)
        var expected: [(miss: AccuracyRun.Miss, lengthError: Double)] = []
        for k in r.truth.segments.indices {
            guard let error = sensitivityBeyondNearCutMargin(r.truth, segment: k + 1) else { continue }
            let at = "\(r.label) segment \(k + 1):"
            let isExpected = { (m: AccuracyRun.Miss) in m.metric == "full-length" && m.message.hasPrefix(at) }
            expected += judged.filter(isExpected).map { ($0, error) }
            judged.removeAll(where: isExpected)
        }
        return (judged, expected)
    }

    /// Seed 14 draws an MPU-6050 whose sensitivity makes segment 2 read 2.64 % short (the simulator's physics), beyond
    /// the margin: there every 0.82 stroke reads under the cut (full-length 3 vs 40), as stated above; every other
    /// bar holds.
    @Test func aGyroBeyondTheMarginTakesTheNearCutStrokesAcross() throws {
        let r = try AccuracyRun(.nearThresholds, seed: 14)
        print(r.reportLine)
        let (judged, expected) = Self.misses(r)
        for miss in judged { Issue.record(Comment(rawValue: miss.message)) }
        // The truth's factor is physics, the measured distance the analysis': they agree within its own share.
        for (k, (a, b)) in zip(r.got.segments, r.truth.segments).enumerated() {
            let factor = try #require(Self.lengthFactor(r.truth, segment: k + 1))
            #expect(abs(a.distanceM / b.distanceM - factor) < 0.003, "segment \(k + 1): measured \(a.distanceM / b.distanceM) vs part \(factor)")
        }
        #expect(expected.contains { $0.miss.message.contains("segment 2:") && $0.lengthError < -0.022 },
                "seed 14 segment 2: the part was expected beyond the margin: \(expected.map(\.miss.message))")
    }

    /// More seeds for what was rolled (seeds 1 and 2 are checked in full by `loadCell`).
    @Test(arguments: [UInt64(3), 4, 5, 6])
    func strokesAtTheFullLengthCut(_ seed: UInt64) throws {
        let r = try AccuracyRun(.nearThresholds, seed: seed)
        print(r.reportLine)
        try #require(r.got.segments.count == r.truth.segments.count)
        for (k, (a, b)) in zip(r.got.segments, r.truth.segments).enumerated() {
            #expect(Self.sensitivityBeyondNearCutMargin(r.truth, segment: k + 1) == nil,
                    "seed \(seed) segment \(k + 1): sensitivity beyond the margin")
            AccuracyRun.checkRolling(a, b, at: "seed \(seed) segment \(k + 1)", sourceLocation: #_sourceLocation)
        }
    }

    @Test(arguments: [UInt64(1), 2])
    func fsrNearTheLimitGoesEitherWayWithinItsError(_ seed: UInt64) throws {
        let r = try AccuracyRun(.nearThresholds, seed: seed, extra: ["--force-sensor", "fsr_860"])
        print(r.reportLine)
        let nearPeaks = r.truth.warnings.compactMap(Self.nearLimitPeakTime)
        let truthSevere = r.truth.alertTimes("severe_pressure")
        for g in r.got.alertTimes("severe_pressure") {
            let explained = truthSevere.contains { abs(g - $0) < 2 } || nearPeaks.contains { g - $0 > -1 && g - $0 < 3 }
            #expect(explained, "seed \(seed): severe alert at \(g) matches no true episode \(truthSevere) nor near-limit peak \(nearPeaks)")
        }
        // Strokes, distance and time do not depend on the force sensor's accuracy beyond contact.
        for (a, b) in zip(r.got.segments, r.truth.segments) {
            #expect(abs(a.distanceM - b.distanceM) <= 0.03 * b.distanceM)
            #expect(abs(a.activeS - b.activeS) <= 2)
        }
    }

    /// The time of a truth warning "force peaked at P N at T s (near the 250 N limit)".
    static func nearLimitPeakTime(_ warning: String) -> Double? {
        guard warning.contains("near the 250 N limit"), let at = warning.range(of: " N at ") else { return nil }
        let rest = warning[at.upperBound...]
        return Double(rest.prefix { $0 != " " })
    }
}
