import Foundation
import RollSim
import Testing

/// The force domain over seeds no test was tuned on, through `rollmon simulate` + `replay --json`: opt-in, as it runs
/// ~15 s a session. `ROLLMON_FORCE_SEEDS=4-30` (or `4,7,9-12`) runs every force preset, and `manySevere` with each
/// force sensor, for those seeds, scoring against the applied force: bursts F1 ≥ 0.9 (pooled per configuration),
/// severe events exact, every severe alert on the first measured sample at or above the limit and within one
/// force-sample period + 50 ms (+ filter delay; FSR: + its stated error) of the applied crossing, holds exact,
/// contact boundaries within 0.3 s + one force-sample period (`AccuracyRun.check`, the force-domain bars only).
/// Where a part cannot meet a bar the README says so (HX711 at 10 SPS: bursts), and it is not scored here.
@Suite("Force domain over unseen seeds (ROLLMON_FORCE_SEEDS)")
struct ForceSeedSweepTests {
    static let configurations: [(SimulationPreset, ForceSensorModel?)] =
        [(.manySevere, nil), (.fsr, nil), (.sealedBall, nil), (.nearThresholds, nil), (.cheapNoisy, nil), (.clean, nil)]
        + ForceSensorModel.allCases.filter { $0 != .none }.map { (SimulationPreset.manySevere, $0) }

    /// The seeds of `ROLLMON_FORCE_SEEDS`, or nil when it is unset (the sweep is skipped).
    static var seeds: [UInt64]? {
        guard let text = ProcessInfo.processInfo.environment["ROLLMON_FORCE_SEEDS"], !text.isEmpty else { return nil }
        return parseSeeds(text)
    }

    /// "4-30" or "4,7,9-12" → the seeds; nil if it does not parse.
    static func parseSeeds(_ text: String) -> [UInt64]? {
        var out: [UInt64] = []
        for part in text.split(separator: ",") {
            let ends = part.split(separator: "-").map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
            guard !ends.contains(nil), let lo = ends.first ?? nil, let hi = ends.last ?? nil, ends.count <= 2, lo <= hi else { return nil }
            out += Array(lo...hi)
        }
        return out.isEmpty ? nil : out
    }

    @Test func seedListParses() {
        #expect(Self.parseSeeds("4-6") == [4, 5, 6])
        #expect(Self.parseSeeds("4,7,9-10") == [4, 7, 9, 10])
        #expect(Self.parseSeeds("x") == nil)
        #expect(Self.parseSeeds("6-4") == nil)
    }

    @Test(.enabled(if: seeds != nil, "set ROLLMON_FORCE_SEEDS (e.g. 4-30) to sweep the force presets over those seeds"),
          arguments: configurations.indices)
    func sweep(_ k: Int) throws {
        let (preset, sensor) = Self.configurations[k]
        let slowForBursts = (sensor ?? SimulationScenario(preset: preset, seed: 1).forceSensor) == .hx711at10
        var tp = 0, fp = 0, fn = 0
        for seed in Self.seeds ?? [] {
            let r = try AccuracyRun(preset, seed: seed, extra: sensor.map { ["--force-sensor", $0.rawValue] } ?? [])
            print(r.reportLine)
            r.checkForce()
            let b = r.burstCounts()
            tp += b.tp; fp += b.fp; fn += b.fn
        }
        let f1 = 2 * Double(tp) / Double(max(1, 2 * tp + fp + fn))
        print("FORCE SWEEP \(preset.rawValue) \(sensor?.rawValue ?? "default"): bursts tp \(tp) fp \(fp) fn \(fn) F1 \(f1)")
        if !slowForBursts {
            #expect(f1 >= 0.9, "\(preset.rawValue) \(sensor?.rawValue ?? ""): bursts F1 \(f1) (tp \(tp), fp \(fp), fn \(fn))")
        }
    }
}
