import Foundation
import RollAnalysis

/// An Interlink FSR 402 under a load-spreading puck, in a divider (3.3 V → FSR → A0, 10 kΩ A0 → GND, the README's
/// wiring) read by an ADS1115 (FSR ±4.096 V, 125 µV LSB), calibrated as a curve of the nominal FSR response scaled at
/// one known mass.
///
/// Errors from the FSR 400 series data sheet (Interlink, "Device characteristics", one standard deviation/mean):
/// part-to-part repeatability ±6 % (removed by the known-mass step, apart from that mass's own ±1 %), single-part
/// repeatability ±2 % (a slowly wandering gain), hysteresis +10 % average (R_F+ − R_F−)/R_F+ (the unloading
/// branch reads higher). The response is close to conductance ∝ force (Interlink FSR Integration Guide, "force vs.
/// conductance" is roughly linear); each part's exponent differs a little (0.93–1.07 assumed), which the one-point
/// calibration leaves as a non-linearity away from the calibration load.
struct FsrChain: ForceSensorChain {
    let model: ForceSensorModel
    let firstTickS: Double
    private let periodS: Double
    /// The known mass used by `rollmon calibrate`: 20 kg (196 N), within the FSR's loaded range.
    private static let calibrationN = 196.133
    /// Conductance per newton of the part, siemens/N: the puck puts ~1/10 of the load on the active area, and the
    /// FSR 402 reads ≈ 1 kΩ (1 mS) at 10 N on its area (data sheet Figure "Force vs. Resistance"), so 1 mS at 100 N.
    private static let nominalSiemensPerN = 1e-3 / 100
    private let exponent: Double
    private let partGain: Double
    private let calibrationGain: Double
    private var wanderingGain = 0.0
    /// Play-operator state of the hysteresis, in newtons of "effective" load.
    private var effectiveN = 0.0
    private var lastT: Double?
    private var rng: SeededRandom

    init(model: ForceSensorModel, rng: inout SeededRandom) {
        self.model = model
        var r = rng.derived(0xF5B)
        periodS = 1 / (model.rateHz * (1 + r.uniform(-0.10, 0.10)))
        exponent = r.uniform(0.93, 1.07)
        partGain = 1 + r.uniform(-0.06, 0.06)
        // The known-mass step maps this part's reading at 196 N to 196 N × (1 ± 1 % mass error).
        let readAtCal = partGain * pow(Self.calibrationN, exponent)
        calibrationGain = Self.calibrationN * (1 + r.uniform(-0.01, 0.01)) / readAtCal
        firstTickS = r.uniform(0, periodS)
        self.rng = r
    }

    func tick(after tS: Double) -> Double { tS + periodS }

    mutating func read(atS tS: Double, applied: (Double) -> Double) -> Double {
        let f = max(0, Self.boxAverage(applied, endingAt: tS, widthS: periodS, points: 4))
        let dt = lastT.map { tS - $0 } ?? 0
        lastT = tS
        // Single-part repeatability: a gain wandering with σ 2 % and a 5 s correlation time (Ornstein–Uhlenbeck).
        let a = exp(-dt / 5)
        wanderingGain = wanderingGain * a + rng.gaussian() * 0.02 * (1 - a * a).squareRoot()
        // Hysteresis as a play operator: loading follows the force, unloading holds up to 10 % above it.
        effectiveN = min(max(effectiveN, f), f * 1.10)
        // The divider: V = 3.3 · R_m / (R_m + R_fsr) with R_m = 10 kΩ, conductance G = k·F^n.
        let g = Self.nominalSiemensPerN * partGain * (1 + wanderingGain) * pow(effectiveN, exponent)
        let volts = g > 0 ? 3.3 * 10_000 / (10_000 + 1 / g) : 0
        // ADS1115 at ±4.096 V: 125 µV per code (SBAS444, "Full-Scale Range and LSB Size"), ~1 LSB noise.
        let code = ((volts + rng.gaussian() * 125e-6) / 125e-6).rounded() * 125e-6
        // Calibration inverts the nominal divider and curve, then applies the one-point gain.
        guard code > 0, code < 3.3 else { return 0 }
        let gMeasured = 1 / (10_000 * (3.3 / code - 1))
        let readingUnits = gMeasured / Self.nominalSiemensPerN   // ∝ partGain·F^n
        return readingUnits * calibrationGain
    }
}
