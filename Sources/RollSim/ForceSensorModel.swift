import Foundation
import RollAnalysis

/// The force sensor under the rolling surface: a load cell read by an ADC at the ADC's own data rate.
public enum ForceSensorModel: String, Sendable, CaseIterable, Codable {
    /// No force sensor: the trace has no `force` column.
    case none
    /// Avia HX711 with RATE low: 10 samples/s, input noise 50 nV rms (HX711 datasheet, "Key specifications"/
    /// electrical characteristics, gain 128).
    case hx711at10 = "hx711_10"
    /// HX711 with RATE high: 80 samples/s, input noise 90 nV rms (same datasheet table).
    case hx711at80 = "hx711_80"
    /// TI ADS1115 at its fastest data rate, 860 SPS (SBAS444, §5.5 "Data rate"), FSR ±0.256 V.
    case ads1115at860 = "ads1115_860"
    /// ADS1115 at 250 SPS.
    case ads1115at250 = "ads1115_250"

    /// Nominal output data rate, samples per second.
    public var rateHz: Double {
        switch self {
        case .none: return 0
        case .hx711at10: return 10
        case .hx711at80: return 80
        case .ads1115at860: return 860
        case .ads1115at250: return 250
        }
    }

    /// Name written to the trace's `force_sensor` metadata.
    public var metadataName: String {
        switch self {
        case .none: return "none"
        case .hx711at10: return "HX711@10Hz"
        case .hx711at80: return "HX711@80Hz"
        case .ads1115at860: return "ADS1115@860Hz"
        case .ads1115at250: return "ADS1115@250Hz"
        }
    }
}

/// The load cell + ADC chain. The load cell is a 50 kg (490 N) single-point cell with 2.0 mV/V rated output, excited
/// at 3.3 V from the Pi's rail — a common hobby part; these three numbers are assumptions of the build, not of a
/// datasheet. The electronics: input-referred noise and code size from the ADC datasheets.
struct ForceSensorChain {
    let model: ForceSensorModel
    /// Newtons per volt at the bridge output: 490.3 N ↔ 2.0 mV/V × 3.3 V.
    private let newtonsPerVolt = 490.3 / (2.0e-3 * 3.3)
    private let noiseSigmaN: Double
    private let lsbN: Double
    /// Actual data rate of this unit (the ADS1115's internal oscillator is specified to ±10 %, SBAS444 §5.5
    /// "Data rate variation"; the HX711's is not specified, taken as exact).
    let actualRateHz: Double
    private var rng: SeededRandom

    init(model: ForceSensorModel, rng: inout SeededRandom) {
        self.model = model
        var r = rng.derived(0xF0C)
        switch model {
        case .none:
            noiseSigmaN = 0; lsbN = 0; actualRateHz = 0
        case .hx711at10, .hx711at80:
            // HX711 channel A, gain 128: full-scale differential input ±0.5·AVDD/128 = ±20 mV at AVDD 5 V
            // (datasheet "Analog Inputs"), 24-bit two's complement → LSB = 40 mV / 2^24.
            noiseSigmaN = (model == .hx711at10 ? 50e-9 : 90e-9) * newtonsPerVolt
            lsbN = 40e-3 / 16_777_216 * newtonsPerVolt
            actualRateHz = model.rateHz
        case .ads1115at860, .ads1115at250:
            // ADS1115 FSR ±0.256 V: LSB = 7.8125 µV (SBAS444 §7.3.3, table "Full-Scale Range and LSB Size").
            // Noise: the datasheet's noise table (§6.1) gives about 1–2 LSB rms at this FSR for the fast rates;
            // 1.5 LSB rms is used.
            lsbN = 7.8125e-6 * newtonsPerVolt
            noiseSigmaN = 1.5 * 7.8125e-6 * newtonsPerVolt
            actualRateHz = model.rateHz * (1 + r.uniform(-0.10, 0.10))
        }
        self.rng = r
    }

    /// One reading of a true force (N): noise, then rounding to the ADC code.
    mutating func read(trueForceN: Double) -> Double {
        let noisy = trueForceN + (noiseSigmaN > 0 ? rng.gaussian() * noiseSigmaN : 0)
        guard lsbN > 0 else { return noisy }
        return (noisy / lsbN).rounded() * lsbN
    }

    /// Code step in newtons (for reports and tests).
    var quantumN: Double { lsbN }
}
