import Foundation
import TestSupport
import RollAnalysis
import RollSim
import RollSummary
import RollTrace
import Testing

/// A session that clips the gyro (MPU-6050 at ±500 °/s: fast strokes and spins pass its 500.26 °/s rail), replayed
/// by the built `rollmon replay --json` twice: as recorded (the chip's range and sensitivity in the metadata) and as an
/// unknown recording (those keys and the part name removed), where the rail must be found in the data. Both must
/// see the saturation and keep every segment within the accuracy bars against the simulated physics.
@Suite("Saturated sessions through rollmon replay")
struct SaturationReplayTests {
    /// `wobbleMM`: sideways scatter of the stroke ends, so strokes run at changing angles across the foot.
    @Test(arguments: [(UInt64(1), 6.0), (UInt64(2), 6.0), (UInt64(3), 25.0)])
    func clippedRatesAreRebuiltWithOrWithoutMetadata(seed: UInt64, wobbleMM: Double) throws {
        var scenario = SimulationScenario(preset: .saturation, seed: seed)
        scenario.lateralWobbleMM = wobbleMM
        scenario.source = "SaturationReplayTests: saturation seed \(seed), lateral wobble \(wobbleMM) mm"
        var sim = Simulator(scenario: scenario)
        let dir = TempDir()
        let known = dir.path("known.csv"), unknown = dir.path("unknown.csv")
        var stripped = sim.metadata
        stripped.imu = nil
        stripped.entries.removeAll { $0.key == "gyro_range_dps" || $0.key == "gyro_lsb_per_dps" || $0.key == "imu" }
        let a = try TraceWriter(path: known, metadata: sim.metadata, hasForce: sim.hasForceColumn, hasFoot: false)
        let b = try TraceWriter(path: unknown, metadata: stripped, hasForce: sim.hasForceColumn, hasFoot: false)
        while let s = sim.next() { a.append(s); b.append(s) }
        try a.close(); try b.close()
        let truth = sim.truth()
        for (label, path) in [("with metadata", known), ("without metadata", unknown)] {
            let r = try rollmon(["replay", path, "--json"])
            try #require(r.status == 0, "\(r.stderr)")
            let got = try SummaryJSON.decode(Data(r.stdout.utf8))
            let at = "seed \(seed) wobble \(wobbleMM) mm \(label)"
            #expect(got.warnings.contains { $0.contains("gyro saturated") }, "\(at): saturation not reported")
            #expect(got.segments.count == truth.segments.count, "\(at): segments")
            for (k, (g, t)) in zip(got.segments, truth.segments).enumerated() {
                #expect(abs(g.distanceM - t.distanceM) <= 0.03 * t.distanceM, "\(at) segment \(k + 1): distance \(g.distanceM) vs \(t.distanceM)")
                #expect(Double(abs(g.strokes - t.strokes)) <= max(0.05 * Double(t.strokes), 2), "\(at) segment \(k + 1): strokes \(g.strokes) vs \(t.strokes)")
                #expect(Double(abs(g.fullLengthStrokes - t.fullLengthStrokes)) <= max(0.10 * Double(t.fullLengthStrokes), 2),
                        "\(at) segment \(k + 1): full-length \(g.fullLengthStrokes) vs \(t.fullLengthStrokes)")
                #expect(abs(g.medianStrokeM - t.medianStrokeM) <= max(0.05 * t.medianStrokeM, 0.005),
                        "\(at) segment \(k + 1): median \(g.medianStrokeM) vs \(t.medianStrokeM)")
            }
        }
    }
}
