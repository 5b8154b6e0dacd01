#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The load alone from a sealed ball's pressure rise: a quick squeeze compresses the air adiabatically and heats it
/// (the rise is γ times the isothermal one), a quick release cools it below the wall's temperature (the pressure
/// falls γ times as far, below the unloaded baseline after a heavy squeeze); the difference relaxes as the air gives
/// its heat to the wall or takes it back. Caller-owned state, one `isothermalRisePa` per reading: the driver
/// (`BMP280ForceSensor`) and the simulator's model of it use the same arithmetic.
///
/// The chip's own thermometer cannot follow this heat: the die sits on its board in a 2.0 × 2.5 × 0.95 mm package
/// (BMP280 datasheet, key parameters) of ~10 mJ/K (4.75 mm³ at ~2 MJ/m³K), coupled to the air by natural convection
/// (h ≈ 5–25 W/m²K) over ~15 mm² — a thermal time constant of a minute or more, so over a 1.5–4 s transient of ~2 K
/// (ΔT = (γ − 1)·T·ΔV/V for the 1.9 % squeeze of 250 N) it sees a few per cent of it. The chip's temperature corrects
/// the slow warming by the foot (`BMP280ForceSensor`), this the fast heat.
///
/// Model: pV^γ = const on a quick change, the excess over the isothermal rise relaxing to the wall at one time
/// constant (Newton's law of cooling): measured rise = isothermal rise + heat, heat ← heat·e^(−Δt/τ) + (γ − 1)·Δ(isothermal
/// rise), solved for the isothermal rise each step. High frequencies pass with gain 1/γ, so the BMP280's noise is
/// not amplified.
public struct SealedAirHeatCompensator: Sendable, Equatable {
    /// c_p/c_v of dry air near 20 °C (a diatomic ideal gas: 7/5).
    public static let heatCapacityRatio = 1.4
    /// Heat relaxation time of the air in a ~3 cm ball: thermal diffusion r²/(π²·α) ≈ 4 s (α = 2.2·10⁻⁵ m²/s, air
    /// at 20 °C), shortened by convection to 1.5–4 s. The driver takes the fastest, 1.5 s: it then never takes out more
    /// heat than a squeeze made, so a squeeze never reads below the load (a severe alert is never late for it); a ball
    /// that keeps its heat longer reads up to ~12 % of a quick change high while the heat relaxes, and as much low
    /// after a quick release (uncompensated: 40 %, and below the baseline after a heavy squeeze).
    public static let nominalRelaxationS = 1.5

    public let relaxationS: Double
    /// The present heat's share of the measured rise, Pa.
    public private(set) var heatPa = 0.0
    private var lastIsothermalPa: Double?

    public init(relaxationS: Double = SealedAirHeatCompensator.nominalRelaxationS) { self.relaxationS = relaxationS }

    /// The rise the load alone makes, Pa, from the measured rise over the baseline, `afterS` seconds after the
    /// previous reading. The first reading is taken as settled (the air at the wall's temperature).
    public mutating func isothermalRisePa(fromMeasuredPa measuredPa: Double, afterS dtS: Double) -> Double {
        guard let last = lastIsothermalPa else {
            lastIsothermalPa = measuredPa
            return measuredPa
        }
        let gamma = Self.heatCapacityRatio
        // measured = iso + heat, heat = heat·decay + (γ − 1)·(iso − last)  ⇒  γ·heat = heat·decay + (γ − 1)·(measured − last).
        heatPa = (heatPa * exp(-max(0, dtS) / relaxationS) + (gamma - 1) * (measuredPa - last)) / gamma
        let iso = measuredPa - heatPa
        lastIsothermalPa = iso
        return iso
    }
}
