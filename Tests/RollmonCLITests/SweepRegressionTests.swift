import RollSim
import Testing

/// Runs the opt-in seed sweep (`AccuracySeedSweepTests`) found missing a bar, kept in the default suite once their
/// root cause was fixed: each through `rollmon simulate` + `replay --json`, held to every bar (`AccuracyRun.check`).
@Suite("Seed-sweep regressions, through the CLI")
struct SweepRegressionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var preset: SimulationPreset
        var seed: UInt64
        var extra: [String] = []
        /// What went wrong before the fix.
        var was: String
        var testDescription: String { "\(preset.rawValue) seed \(seed) \(extra.joined(separator: " "))" }
    }

    static let cases: [Case] = [
        // After a quick squeeze to 292 N the sealed ball's air cools and reads ≤ 10 N for 0.7 s while the foot still
        // rolls it: the position along the foot stood still in that gap, two full strokes read 101 / 103 mm
        // (truth 135 / 138) and the median, between the full and the partial strokes, fell from 132.9 to 100.5 mm.
        Case(preset: .sealedBall, seed: 16, was: "median stroke 100.5 vs 132.9 mm"),
        // The same cooled air after quick releases from severe squeezes read below the 10 N contact threshold for
        // 0.3–1.1 s at a time while the foot stayed on the ball: segment 2 lost 2.25 s of active time (bar 2 s). The
        // driver now takes the air's heat out of the pressure rise (`SealedAirHeatCompensator`), and the plans draw
        // bursts up to 213 N (were 174): without the heat model this run also raises a false severe alert (7 vs 6).
        Case(preset: .manySevere, seed: 4, extra: ["--force-sensor", "bmp280"], was: "active time 2.25 s short"),
        // A burst to ~200 N heated the air and read over 250 N: one severe alert more than the applied episodes.
        Case(preset: .sealedBall, seed: 5, was: "4 severe alerts vs 3 applied episodes"),
    ]

    @Test(arguments: cases)
    func passesEveryBar(_ c: Case) throws {
        let r = try AccuracyRun(c.preset, seed: c.seed, extra: c.extra)
        print(r.reportLine)
        r.check()
    }
}
