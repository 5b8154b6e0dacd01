import Foundation
import TestSupport
import RollAnalysis
import RollSim
import RollSummary
import RollTrace
import Testing

/// Thirty-minute sessions through the user's path: the simulator writes the trace (an MPU-6050 whose zero-rate
/// offset drifts as the ball warms, `ImuErrorState`; the 6D heading drifts with the unobservable vertical bias), the
/// built `rollmon replay --json` analyses it, and every segment is compared with the simulated physics' truth.
/// Bar (issue 9 item 4): every segment's rolled distance within 3 %; strokes, full-length strokes and median stroke
/// within the accuracy suite's bars.
@Suite("30-minute sessions through rollmon replay")
struct LongSessionReplayTests {
    @Test(arguments: [100.0, 1000.0])
    func everySegmentWithinBars(rateHz: Double) throws {
        var scenario = SimulationScenario(preset: .longSession30min, seed: 1)
        scenario.imuRateHz = rateHz
        scenario.source = "LongSessionReplayTests: longSession30min seed 1 at \(Int(rateHz)) Hz"
        let dir = TempDir()
        let trace = dir.path("long-\(Int(rateHz))Hz.csv")
        var sim = Simulator(scenario: scenario)
        let writer = try TraceWriter(path: trace, metadata: sim.metadata, hasForce: sim.hasForceColumn, hasFoot: scenario.footMarkers)
        while let s = sim.next() { writer.append(s) }
        try writer.close().get()   // a failed write must fail the test, not replay a short trace
        let truth = sim.truth()

        let r = try rollmon(["replay", trace, "--json"])
        try #require(r.status == 0, "\(r.stderr)")
        let got = try SummaryJSON.decode(Data(r.stdout.utf8))
        #expect(truth.durationS >= 1790)
        #expect(got.segments.count == truth.segments.count, "segments \(got.segments.count) vs \(truth.segments.count)")
        var worst = 0.0
        for (k, (a, b)) in zip(got.segments, truth.segments).enumerated() {
            let at = "\(Int(rateHz)) Hz segment \(k + 1) at \(Int(b.startS)) s"
            let err = (a.distanceM - b.distanceM) / b.distanceM
            worst = max(worst, abs(err))
            #expect(abs(err) <= 0.03, "\(at): distance \(a.distanceM) vs \(b.distanceM)")
            #expect(Double(abs(a.strokes - b.strokes)) <= max(0.05 * Double(b.strokes), 2), "\(at): strokes \(a.strokes) vs \(b.strokes)")
            #expect(Double(abs(a.fullLengthStrokes - b.fullLengthStrokes)) <= max(0.10 * Double(b.fullLengthStrokes), 2),
                    "\(at): full-length \(a.fullLengthStrokes) vs \(b.fullLengthStrokes)")
            #expect(abs(a.medianStrokeM - b.medianStrokeM) <= max(0.05 * b.medianStrokeM, 0.005),
                    "\(at): median stroke \(a.medianStrokeM) vs \(b.medianStrokeM)")
            #expect(abs(a.activeS - b.activeS) <= 2, "\(at): active \(a.activeS) vs \(b.activeS)")
        }
        print("30-minute session at \(Int(rateHz)) Hz: \(got.segments.count) segments, worst distance error \(String(format: "%.2f", worst * 100)) %")
    }
}
