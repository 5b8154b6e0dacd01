import RollAnalysis
import RollSim
import RollTrace
import Testing

/// The analysis against ground truth from the physical simulator, scenario by scenario, with the bars:
/// distance within 3 %, strokes within max(5 %, 2), full-length strokes within max(10 %, 2), active time within 2 s,
/// segment boundaries within 1.5 s, every severe episode alerted on its first sample, verdicts equal; bursts F1 ≥ 0.9.
@Suite("Accuracy on simulated sessions")
struct SimulatedAccuracyTests {
    struct Run: Sendable {
        var got: SessionSummary
        var truth: SessionSummary
        var forceRateHz: Double?
    }

    /// Simulates and analyses in one stream: no trace is ever held in memory.
    static func run(_ preset: SimulationPreset, seed: UInt64, tweak: (inout SimulationScenario) -> Void = { _ in }) -> Run {
        var scenario = SimulationScenario(preset: preset, seed: seed)
        tweak(&scenario)
        var sim = Simulator(scenario: scenario)
        let settings = SettingsResolution.resolve(metadata: sim.metadata.analysisChoices)
        var analyzer = RollAnalyzer(settings: settings, hasForceSensor: sim.hasForceColumn)
        while let s = sim.next() { analyzer.process(s) }
        return Run(got: analyzer.finish(), truth: sim.truth())
    }

    static func check(_ r: Run, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let got = r.got, truth = r.truth
        #expect(got.segments.count == truth.segments.count, "\(label): segments \(got.segments.count) vs \(truth.segments.count)", sourceLocation: sourceLocation)
        for (k, (a, b)) in zip(got.segments, truth.segments).enumerated() {
            let at = "\(label) segment \(k + 1)"
            #expect(a.foot == b.foot, "\(at): foot \(a.foot) vs \(b.foot)", sourceLocation: sourceLocation)
            #expect(abs(a.startS - b.startS) <= 1.5, "\(at): start \(a.startS) vs \(b.startS)", sourceLocation: sourceLocation)
            #expect(abs(a.endS - b.endS) <= 1.5, "\(at): end \(a.endS) vs \(b.endS)", sourceLocation: sourceLocation)
            #expect(abs(a.activeS - b.activeS) <= 2, "\(at): active \(a.activeS) vs \(b.activeS)", sourceLocation: sourceLocation)
            #expect(abs(a.distanceM - b.distanceM) <= 0.03 * b.distanceM, "\(at): distance \(a.distanceM) vs \(b.distanceM)", sourceLocation: sourceLocation)
            #expect(Double(abs(a.strokes - b.strokes)) <= max(0.05 * Double(b.strokes), 2), "\(at): strokes \(a.strokes) vs \(b.strokes)", sourceLocation: sourceLocation)
            #expect(Double(abs(a.fullLengthStrokes - b.fullLengthStrokes)) <= max(0.10 * Double(b.fullLengthStrokes), 2),
                    "\(at): full-length \(a.fullLengthStrokes) vs \(b.fullLengthStrokes)", sourceLocation: sourceLocation)
            #expect(a.verdict == b.verdict, "\(at): verdict \(a.verdict) vs \(b.verdict)", sourceLocation: sourceLocation)
            #expect(a.severeEvents == b.severeEvents, "\(at): severe \(a.severeEvents) vs \(b.severeEvents)", sourceLocation: sourceLocation)
            #expect(a.tenderHolds == b.tenderHolds, "\(at): holds \(a.tenderHolds) vs \(b.tenderHolds)", sourceLocation: sourceLocation)
            #expect((a.peakForceN == nil) == (b.peakForceN == nil), sourceLocation: sourceLocation)
        }
        // Every severe episode alerted on its first sample at or above the limit (the same trace row).
        let severeGot = got.alerts.filter { $0.kind == .severePressure }.map(\.tS)
        let severeTruth = truth.alerts.filter { $0.kind == .severePressure }.map(\.tS)
        #expect(severeGot.count == severeTruth.count, "\(label): severe alerts \(severeGot) vs \(severeTruth)", sourceLocation: sourceLocation)
        for (g, t) in zip(severeGot, severeTruth) {
            #expect(abs(g - t) < 1e-6, "\(label): severe alert at \(g), first sample at \(t)", sourceLocation: sourceLocation)
        }
    }

    /// Bursts matched one to one within the definition's window (alert at onset or confirmation, ≤ 1.5 s later).
    static func burstCounts(_ r: Run) -> (tp: Int, fp: Int, fn: Int) {
        var truth = r.truth.alerts.filter { $0.kind == .burst }.map(\.tS)
        var tp = 0, fp = 0
        for g in r.got.alerts.filter({ $0.kind == .burst }).map(\.tS) {
            if let k = truth.firstIndex(where: { abs($0 - g) <= 1.75 }) { truth.remove(at: k); tp += 1 } else { fp += 1 }
        }
        return (tp, fp, truth.count)
    }

    static let presets: [SimulationPreset] = [.clean, .cheapNoisy, .offCentre, .rate100Hz, .rate1kHz, .footMarkers,
                                               .rollerCalf, .heavySpin, .saturation, .shortStrokesOnly, .manySevere]

    @Test(arguments: presets)
    func scenario(_ preset: SimulationPreset) {
        Self.check(Self.run(preset, seed: 1), "\(preset) seed 1")
    }

    /// Other seeds: other foot headings, mountings, stroke plans and noise draws.
    @Test(arguments: [SimulationPreset.cheapNoisy, .offCentre, .footMarkers, .saturation, .manySevere])
    func otherSeeds(_ preset: SimulationPreset) {
        for seed: UInt64 in [2, 11] { Self.check(Self.run(preset, seed: seed), "\(preset) seed \(seed)") }
    }

    @Test func burstsF1AcrossScenarios() {
        var tp = 0, fp = 0, fn = 0
        for preset in [SimulationPreset.manySevere, .clean, .cheapNoisy, .rollerCalf] {
            for seed: UInt64 in [3, 4] {
                let c = Self.burstCounts(Self.run(preset, seed: seed))
                tp += c.tp; fp += c.fp; fn += c.fn
            }
        }
        let f1 = 2 * Double(tp) / Double(2 * tp + fp + fn)
        #expect(tp >= 10, "too few bursts to judge: \(tp)")
        #expect(f1 >= 0.9, "bursts F1 \(f1) (tp \(tp), fp \(fp), fn \(fn))")
    }

    @Test func thirtyMinuteSession() {
        Self.check(Self.run(.longSession30min, seed: 1), "30-minute session")
    }

    @Test func withoutForceEverythingForceBasedDegrades() {
        let r = Self.run(.noForce, seed: 1)
        #expect(!r.got.segments.isEmpty)
        #expect(r.got.segments.allSatisfy { $0.peakForceN == nil && $0.bursts == 0 && $0.severeEvents == 0 && $0.tenderHolds == 0 })
        #expect(r.got.warnings.contains { if case .noForceSensor = $0 { true } else { false } })
        // Rolled length and strokes do not need force.
        for (a, b) in zip(r.got.segments, r.truth.segments) {
            #expect(abs(a.distanceM - b.distanceM) <= 0.08 * b.distanceM, "distance \(a.distanceM) vs \(b.distanceM)")
            #expect(Double(abs(a.strokes - b.strokes)) <= max(0.05 * Double(b.strokes), 2), "strokes \(a.strokes) vs \(b.strokes)")
        }
    }

    @Test func deterministic() {
        let a = Self.run(.cheapNoisy, seed: 9), b = Self.run(.cheapNoisy, seed: 9)
        #expect(a.got == b.got)
    }
}

extension SimulationPreset: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}
