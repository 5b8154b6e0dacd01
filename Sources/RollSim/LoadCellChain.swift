import Foundation
import RollAnalysis

/// A 50 kg (490 N) single-point bar load cell, 2.0 mV/V rated output, excited at 3.3 V from the Pi's rail, read by an
/// HX711 or an ADS1115, then calibrated as `rollmon calibrate` does (tare at rest, one known mass).
///
/// Cell errors, from typical spec sheets of such cells (e.g. SparkFun TAL220 / CZL601 data: rated output
/// 2.0 ± 0.15 mV/V, zero balance ±1.5 % FS, non-linearity 0.05 % FS, hysteresis 0.05 % FS, creep 0.05 % FS per
/// 30 min, temperature effect on zero 0.05 % FS per 10 °C): the rated-output spread and zero balance are removed by
/// the calibration; what remains is the known mass's own error (±1 %: a bag weighed on a kitchen scale),
/// non-linearity, hysteresis, creep under load and a slow zero drift (warm-up of the cell and the ADC).
/// Electronics: input-referred noise, code size and filter from the ADC datasheets.
struct LoadCellChain: ForceSensorChain {
    let model: ForceSensorModel
    let firstTickS: Double
    /// Capacity of the cell (full scale), N: 50 kg × 9.80665.
    static let fullScaleN = 490.3
    /// Newtons per volt at the bridge output: 490.3 N ↔ 2.0 mV/V × 3.3 V.
    private static let newtonsPerVolt = fullScaleN / (2.0e-3 * 3.3)
    private let periodS: Double
    private let noiseSigmaN: Double
    private let lsbN: Double
    /// HX711: 4-conversion filter (settling 400 ms at 10 SPS); ADS1115: single-cycle settling.
    private let filterConversions: Int
    /// Calibrated gain relative to the truth (1 + residual of the known mass).
    private let gain: Double
    /// Tare residual: the mean of 3 s of unloaded readings is off by the noise over √n.
    private let tareErrorN: Double
    private let nonLinearityN: Double
    private let hysteresisN: Double
    private let creepFraction: Double
    private var creepN = 0.0
    private var zeroDriftN = 0.0
    private var lastT: Double?
    private var lastApplied = 0.0
    private var rising = true
    private var rng: SeededRandom

    init(model: ForceSensorModel, rng: inout SeededRandom) {
        self.model = model
        var r = rng.derived(0xF0C)
        switch model {
        case .hx711at10, .hx711at80:
            // HX711 channel A, gain 128: differential input ±0.5·AVDD/128 = ±20 mV at AVDD 5 V (datasheet
            // "Analog Inputs"), 24-bit two's complement → LSB = 40 mV / 2^24. Input noise 50 nV rms at 10 SPS,
            // 90 nV at 80 SPS (datasheet electrical characteristics, gain 128). The crystal-less oscillator's rate is
            // taken as the nominal one.
            noiseSigmaN = (model == .hx711at10 ? 50e-9 : 90e-9) * Self.newtonsPerVolt
            lsbN = 40e-3 / 16_777_216 * Self.newtonsPerVolt
            periodS = 1 / model.rateHz
            filterConversions = 4
        default:
            // ADS1115, FSR ±0.256 V: LSB = 7.8125 µV (SBAS444, "Full-Scale Range and LSB Size"); noise about
            // 1.5 LSB rms at the fast rates (SBAS444 noise table); data rate ±10 % (internal oscillator).
            lsbN = 7.8125e-6 * Self.newtonsPerVolt
            noiseSigmaN = 1.5 * 7.8125e-6 * Self.newtonsPerVolt
            periodS = 1 / (model.rateHz * (1 + r.uniform(-0.10, 0.10)))
            filterConversions = 1
        }
        gain = 1 + r.uniform(-0.01, 0.01)
        let tareReadings = max(1, 3.0 / periodS)
        tareErrorN = r.gaussian() * noiseSigmaN / tareReadings.squareRoot()
        nonLinearityN = r.uniform(-1, 1) * 0.0005 * Self.fullScaleN
        hysteresisN = r.uniform(0, 1) * 0.0005 * Self.fullScaleN
        creepFraction = r.uniform(-1, 1) * 0.0005
        firstTickS = r.uniform(0, periodS)
        self.rng = r
    }

    func tick(after tS: Double) -> Double { tS + periodS }

    mutating func read(atS tS: Double, applied: (Double) -> Double) -> Double {
        let window = Double(filterConversions) * periodS
        let f = Self.boxAverage(applied, endingAt: tS, widthS: window, points: 8 * filterConversions)
        let dt = lastT.map { tS - $0 } ?? 0
        lastT = tS
        // Creep: the output under a held load moves towards (1 + creep)·F over ~30 min (first order, τ = 10 min).
        creepN += (creepFraction * f - creepN) * min(1, dt / 600)
        // Zero drift: a slow random walk, ≈ 0.05 % FS over 10 minutes (the spec's 10 °C of warm-up, bounded).
        zeroDriftN += rng.gaussian() * 0.0005 * Self.fullScaleN * (dt / 600).squareRoot()
        zeroDriftN = min(max(zeroDriftN, -0.001 * Self.fullScaleN), 0.001 * Self.fullScaleN)
        // Non-linearity: a bow, largest at half scale; hysteresis: the unloading branch reads higher.
        if abs(f - lastApplied) > 0.5 { rising = f > lastApplied; lastApplied = f }
        let x = min(max(f / Self.fullScaleN, 0), 1)
        let cell = f + nonLinearityN * 4 * x * (1 - x) + (rising ? 0 : hysteresisN * 4 * x * (1 - x)) + creepN + zeroDriftN
        let noisy = cell + rng.gaussian() * noiseSigmaN
        let code = lsbN > 0 ? (noisy / lsbN).rounded() * lsbN : noisy
        return code * gain - tareErrorN
    }
}
