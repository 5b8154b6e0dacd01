import Foundation
import RollAnalysis
import RollCore

/// A hollow rubber ball (r ≈ 31.5 mm, 131 cm³ of air) sealed around a BMP280: the foot's load squeezes the ball and
/// raises the air pressure; rollmon's driver subtracts the unloaded baseline, corrects for the air's temperature with
/// the chip's own thermometer (constant volume: p ∝ T), takes out the heat of quick squeezes with the nominal
/// relaxation time (`SealedAirHeatCompensator`, as `BMP280ForceSensor` does) and scales by the N/Pa found with one
/// known mass.
///
/// Physics and errors:
/// - Squeeze: a 250 N load flattens the ball by ~5 mm, a contact cap of ~2.5 cm³, 1.9 % of the volume → ~1.9 kPa,
///   so ≈ 8 Pa/N (± 30 % ball to ball, removed by the calibration); the cap grows faster than the load as the ball
///   flattens, a stiffening of 0–5 % at 250 N per ball that the one-point calibration leaves.
/// - Quick squeezes heat the air: compression is adiabatic on short time scales (Δp/p = γ·ΔV/V, γ = 1.4) and
///   isothermal on long ones; the excess decays as the air gives its heat to the wall, with the thermal diffusion time
///   of air in a 3 cm sphere, r²/(π²·α) ≈ 4 s (α = 2.2·10⁻⁵ m²/s), shortened by convection to 1.5–4 s (drawn per
///   ball). The chip's die does not follow this fast air temperature; the driver models the relaxation with the
///   fastest of that range (1.5 s) instead of the ball's own time, which leaves up to ~12 % of a quick change while
///   the heat relaxes (uncompensated: up to 40 % high on a quick squeeze, and below the baseline after a quick release).
/// - The foot warms the ball slowly (sole ~32 °C, room 22 °C; a time constant of ~15 min through the rubber): the
///   chip sees this and the driver corrects it; what is left is the BMP280's temperature coefficient of offset,
///   1.5 Pa/K (datasheet "Key parameters").
/// - BMP280 noise 2.5 Pa rms at ×2 pressure oversampling with the IIR filter off (datasheet Table 7, "drop
///   detection": 20.8 cm rms ≈ 2.5 Pa at 8.4 cm/Pa), 1.31 Pa resolution (Table 4).
/// - Calibration residual: the known mass's ±1 %, read after 3 s of load (the heat excess has mostly gone).
struct SealedBallChain: ForceSensorChain {
    let model: ForceSensorModel = .bmp280
    let firstTickS: Double
    private let paPerN: Double
    private let stiffening: Double
    private let thermalTauS: Double
    private let calibrationGain: Double
    private let tcoPaPerK: Double
    /// Atmospheric pressure in the ball when sealed, Pa; 295 K room.
    private static let sealedPa = 101_325.0, roomK = 295.15, soleK = 305.15
    private static let gamma = 1.4
    private var heatExcessPa = 0.0
    private var lastIsothermalPa = 0.0
    private var airK = SealedBallChain.roomK
    private var lastT: Double?
    private var rng: SeededRandom
    /// The driver's model of the air's heat (nominal relaxation time: the driver does not know this ball's).
    private var heatCompensator = SealedAirHeatCompensator()

    init(rng: inout SeededRandom) {
        var r = rng.derived(0xBA11)
        paPerN = 8 * (1 + r.uniform(-0.3, 0.3))
        stiffening = r.uniform(0, 0.05)
        thermalTauS = r.uniform(1.5, 4)
        // One known mass of 20 kg (196 N): exact there apart from the mass's ±1 %.
        calibrationGain = (1 + r.uniform(-0.01, 0.01)) / (1 + stiffening * 196.133 / 250)
        tcoPaPerK = r.uniform(-1.5, 1.5)
        firstTickS = r.uniform(0, 0.0095)
        self.rng = r
    }

    /// Forced mode back to back: the driver waits the 8.725 ms maximum measurement time, polls the status register
    /// (up to ~1 ms late, the live loop's granularity) and reads (~0.3 ms at 400 kHz I²C).
    mutating func tick(after tS: Double) -> Double { tS + 0.008725 + rng.uniform(0, 0.001) + 0.0003 }

    /// Isothermal pressure rise for a load, Pa.
    private func isothermalPa(_ f: Double) -> Double { paPerN * f * (1 + stiffening * f / 250) }

    mutating func read(atS tS: Double, applied: (Double) -> Double) -> Double {
        // The ×2 pressure measurement lasts ~4.6 ms of the 7.5 ms cycle (2·2.3 ms, datasheet §3.8.1).
        let f = max(0, Self.boxAverage(applied, endingAt: tS, widthS: 0.0046, points: 4))
        let dt = lastT.map { tS - $0 } ?? 0
        lastT = tS
        let iso = isothermalPa(f)
        // Fast part of a change is adiabatic: (γ − 1) of it appears as heat excess, which decays with τ.
        heatExcessPa = heatExcessPa * exp(-dt / thermalTauS) + (Self.gamma - 1) * (iso - lastIsothermalPa)
        lastIsothermalPa = iso
        // Slow warming by the sole while loaded, cooling towards the room otherwise (τ = 15 min).
        let towardsK = f >= 10 ? Self.soleK : Self.roomK
        airK += (towardsK - airK) * min(1, dt / 900)
        let absolutePa = (Self.sealedPa + iso + heatExcessPa) * airK / Self.roomK
            + tcoPaPerK * (airK - Self.roomK) + rng.gaussian() * 2.5
        let measuredPa = (absolutePa / 1.31).rounded() * 1.31
        // The driver: back to the tare temperature with the chip's own temperature, minus the baseline, × N/Pa.
        let atTareK = measuredPa * Self.roomK / airK
        let risePa = heatCompensator.isothermalRisePa(fromMeasuredPa: atTareK - Self.sealedPa, afterS: dt)
        return risePa / paPerN * calibrationGain
    }
}
