import Foundation
import RollAnalysis
import RollCore

/// A 50 kg (490 N) single-point bar load cell, 2.0 mV/V rated output, excited at 3.3 V from the Pi's rail, read by an
/// HX711 or an ADS1115, then calibrated as `rollmon calibrate` does — simulated on this very part, so what is left of
/// its errors after calibration emerges from the procedure rather than being drawn.
///
/// Cell errors, from typical spec sheets of such cells (e.g. SparkFun TAL220 / CZL601 data: rated output
/// 2.0 ± 0.15 mV/V, zero balance ±1.5 % FS, non-linearity 0.05 % FS, hysteresis 0.05 % FS, creep 0.05 % FS per
/// 30 min, temperature effect on zero and on span 0.05 % per 10 °C). Electronics: input-referred noise, code size and
/// filter from the ADC datasheets.
///
/// The calibration (`CalibrateCommand` steps 2–3, `GuidedCalibration.forceScale`): tare = the mean of 3 s of readings
/// with nothing on the cell; scale = the known mass's weight over the mean of 3 s of readings under it, less the tare.
/// The known mass is `KnownMass.kitchenScale`. What remains: that mass's own error, the cell's non-linearity and
/// hysteresis at the calibration load (extrapolated to the session's loads), the noise averaged over the readings,
/// and, in the session, creep under load, warm-up drift and the temperature change since calibration.
struct LoadCellChain: ForceSensorChain {
    let model: ForceSensorModel
    let firstTickS: Double
    /// Capacity of the cell (full scale), N: 50 kg × 9.80665.
    static let fullScaleN = 490.3
    /// Newtons per volt at the bridge output for a nominal cell: 490.3 N ↔ 2.0 mV/V × 3.3 V.
    private static let newtonsPerVolt = fullScaleN / (2.0e-3 * 3.3)
    /// Temperature effect on zero and on span: 0.05 % (of full scale / of the reading) per 10 °C (spec sheets above).
    private static let temperatureEffectPerK = 0.0005 / 10
    private let periodS: Double
    private let noiseSigmaN: Double
    private let lsbN: Double
    /// HX711: 4-conversion filter (settling 400 ms at 10 SPS); ADS1115: single-cycle settling.
    private let filterConversions: Int
    /// This part's output per newton relative to a nominal 2.0 mV/V cell (rated output ± 0.15 mV/V).
    private let sensitivity: Double
    /// This part's output with nothing on it (zero balance ±1.5 % FS), in nominal newtons.
    private let zeroBalanceN: Double
    private let nonLinearityN: Double
    private let hysteresisN: Double
    private let creepFraction: Double
    /// The session's temperature minus the calibration's, K (a room a few degrees warmer or cooler another day).
    private let sessionDeltaK: Double
    /// What `rollmon calibrate` found on this part: raw reading with nothing on the cell, and N per raw unit.
    private var tareRawN = 0.0
    private var newtonsPerRawN = 1.0
    /// The temperature change in effect (0 while calibrating).
    private var deltaK = 0.0
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
        sensitivity = 1 + r.uniform(-0.15, 0.15) / 2.0
        zeroBalanceN = r.uniform(-0.015, 0.015) * Self.fullScaleN
        nonLinearityN = r.uniform(-1, 1) * 0.0005 * Self.fullScaleN
        hysteresisN = r.uniform(0, 1) * 0.0005 * Self.fullScaleN
        creepFraction = r.uniform(-1, 1) * 0.0005
        sessionDeltaK = r.uniform(-5, 5)
        firstTickS = r.uniform(0, periodS)
        self.rng = r
        calibrate(with: KnownMass.kitchenScale(rng: &self.rng))
    }

    /// `rollmon calibrate` steps 2–3 on this part, before the session (its own clock; the state is reset after).
    private mutating func calibrate(with mass: KnownMass) {
        let count = max(1, Int((ForceCalibrationSteps.tareSeconds / periodS).rounded(.down)))
        var t = -1_000.0
        func mean(of n: Int, load: Double, _ chain: inout LoadCellChain) -> Double {
            var sum = 0.0
            for _ in 0..<n { t += chain.periodS; sum += chain.rawReading(atS: t) { _ in load } }
            return sum / Double(n)
        }
        let tare = mean(of: count, load: 0, &self)
        let loadCount = max(1, Int((ForceCalibrationSteps.loadSeconds / periodS).rounded(.down)))
        let loaded = mean(of: loadCount, load: mass.trueN, &self)
        tareRawN = tare
        newtonsPerRawN = mass.statedN / (loaded - tare)
        // The session starts unloaded, some time later, at its own temperature.
        creepN = 0; zeroDriftN = 0; lastT = nil; lastApplied = 0; rising = true
        deltaK = sessionDeltaK
    }

    func tick(after tS: Double) -> Double { tS + periodS }

    mutating func read(atS tS: Double, applied: (Double) -> Double) -> Double {
        (rawReading(atS: tS, applied: applied) - tareRawN) * newtonsPerRawN
    }

    /// The converter's reading in nominal newtons (code × LSB, as if the cell were a nominal one with no offset).
    private mutating func rawReading(atS tS: Double, applied: (Double) -> Double) -> Double {
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
        let tempered = cell * (1 + Self.temperatureEffectPerK * deltaK) + Self.temperatureEffectPerK * deltaK * Self.fullScaleN
        let output = tempered * sensitivity + zeroBalanceN
        let noisy = output + rng.gaussian() * noiseSigmaN
        return lsbN > 0 ? (noisy / lsbN).rounded() * lsbN : noisy
    }
}
