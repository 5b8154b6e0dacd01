import Foundation
import RollAnalysis

/// The force sensor under the rolling surface, with its read-out chip and data rate. The trace's `force` column is
/// what the calibrated sensor reports (as after `rollmon calibrate`), never the force the foot applied; the chains in
/// `LoadCellChain`, `FsrChain` and `SealedBallChain` model the difference from the parts' data.
public enum ForceSensorModel: String, Sendable, CaseIterable, Codable {
    /// No force sensor: the trace has no `force` column.
    case none
    /// Load cell on an Avia HX711, RATE low: 10 samples/s (HX711 datasheet, "Key specifications").
    case hx711at10 = "hx711_10"
    /// Load cell on an HX711, RATE high: 80 samples/s.
    case hx711at80 = "hx711_80"
    /// Load-cell bridge on a TI ADS1115 (differential A0/A1), 860 SPS (SBAS444 §5.5 "Data rate").
    case ads1115at860 = "ads1115_860"
    /// Load-cell bridge on an ADS1115 at 250 SPS.
    case ads1115at250 = "ads1115_250"
    /// Interlink FSR 402 in a voltage divider on an ADS1115 input at 250 SPS.
    case fsrAt250 = "fsr_250"
    /// FSR 402 on an ADS1115 at 860 SPS.
    case fsrAt860 = "fsr_860"
    /// A sealed ball with a Bosch BMP280 inside, forced mode, pressure ×2 / temperature ×1 oversampling.
    case bmp280

    /// Nominal output data rate, samples per second. BMP280: one forced-mode measurement of 7.5 ms typical
    /// (datasheet §3.8.1, t_measure = 1 + 2·osrs_t + 2·osrs_p + 0.5 ms) plus the driver's wait for the 8.725 ms maximum
    /// and the read: about 105 Hz (the datasheet's normal-mode ODR for this setting is 125 Hz, Table 7 "drop detection").
    public var rateHz: Double {
        switch self {
        case .none: return 0
        case .hx711at10: return 10
        case .hx711at80: return 80
        case .ads1115at860, .fsrAt860: return 860
        case .ads1115at250, .fsrAt250: return 250
        case .bmp280: return 105
        }
    }

    /// The part's own delay from the applied force to the reading, beyond waiting for the next sample: half the
    /// digital filter's settling time. HX711: settling 400 ms at 10 SPS and 50 ms at 80 SPS (datasheet, "Output
    /// settling time"), i.e. a 4-conversion filter with a 2-conversion group delay; ADS1115: its digital filter settles within one conversion
    /// (SBAS444, "single-cycle settling"), half a period; BMP280: half the ×2 pressure measurement (≈ 2.3 ms).
    public var filterDelayS: Double {
        switch self {
        case .none: return 0
        case .hx711at10, .hx711at80: return 2 / rateHz
        case .ads1115at860, .ads1115at250, .fsrAt250, .fsrAt860: return 0.5 / rateHz
        case .bmp280: return 0.0023
        }
    }

    /// The calibrated sensor's error on a slowly changing load, as a fraction of the reading (≈ 95 % bound), from the
    /// error budgets in the chains: load cell ±1.5 % (known-mass and rated-output residuals), FSR ±10 % (hysteresis
    /// and part non-linearity dominate), sealed ball ±3 % (ball stiffening, temperature residual).
    public var statedAccuracyFraction: Double {
        switch self {
        case .none: return 0
        case .hx711at10, .hx711at80, .ads1115at860, .ads1115at250: return 0.015
        case .fsrAt250, .fsrAt860: return 0.10
        case .bmp280: return 0.03
        }
    }

    /// Error on fast changes (bursts): the sealed ball's air heats when squeezed quickly, γ − 1 = 40 % of the rise,
    /// of which the driver's heat model (`SealedAirHeatCompensator`, the fastest relaxation 1.5 s) leaves up to 12.3 %
    /// in a ball that keeps its heat 4 s (`SealedBallChain`), on top of its ±3 %; the others are as on slow loads.
    public var transientOverreadFraction: Double {
        self == .bmp280 ? 0.03 + 0.123 : statedAccuracyFraction
    }

    /// Name written to the trace's `force_sensor` metadata.
    public var metadataName: String {
        switch self {
        case .none: return "none"
        case .hx711at10: return "HX711@10Hz"
        case .hx711at80: return "HX711@80Hz"
        case .ads1115at860: return "ADS1115@860Hz"
        case .ads1115at250: return "ADS1115@250Hz"
        case .fsrAt250: return "FSR402+ADS1115@250Hz"
        case .fsrAt860: return "FSR402+ADS1115@860Hz"
        case .bmp280: return "BMP280 sealed ball"
        }
    }

    /// The simulated physical chain for this part.
    func makeChain(rng: inout SeededRandom) -> (any ForceSensorChain)? {
        switch self {
        case .none: return nil
        case .hx711at10, .hx711at80, .ads1115at860, .ads1115at250: return LoadCellChain(model: self, rng: &rng)
        case .fsrAt250, .fsrAt860: return FsrChain(model: self, rng: &rng)
        case .bmp280: return SealedBallChain(rng: &rng)
        }
    }
}

/// A force sensor as the analysis sees it: readings at the part's own instants, each of the applied force as the
/// part transduces, filters and digitises it, after the user's calibration.
protocol ForceSensorChain {
    var model: ForceSensorModel { get }
    /// The instant (simulation time) of the next reading after the one at `tS`; the first is `firstTickS`.
    var firstTickS: Double { get }
    mutating func tick(after tS: Double) -> Double
    /// The calibrated reading (N) made at `tS`; `applied` gives the force the foot applies at any instant (N).
    mutating func read(atS tS: Double, applied: (Double) -> Double) -> Double
}

extension ForceSensorChain {
    /// The mean of `applied` over [t − widthS, t] by the midpoint rule on `points` nodes: an ADC that integrates
    /// over its conversion time.
    static func boxAverage(_ applied: (Double) -> Double, endingAt t: Double, widthS: Double, points: Int) -> Double {
        var sum = 0.0
        for j in 0..<points { sum += applied(t - widthS * (Double(j) + 0.5) / Double(points)) }
        return sum / Double(points)
    }
}
