/// Chooses the IMU output rate the I2C bus can carry, and says so.
///
/// The IMU's traffic at each supported rate (its driver's own transactions) plus what else polls the same bus (an
/// ADS1115 or BMP280 force sensor) is timed at the adapter's clock with `I2CWireTiming`; the highest rate that keeps
/// the bus at most `maxUtilisation` busy wins. On a stock Raspberry Pi (100 kHz) that is 500 Hz for an MPU-6050
/// FIFO; `dtparam=i2c_arm_baudrate=400000` allows 1 kHz.
public struct BusBudget: Sendable, Equatable, CustomStringConvertible {
    /// Largest share of the bus's time the planned traffic may take. The other 20 % is headroom for what the wire
    /// timing leaves out: the kernel driver's gaps between transactions (an interrupt and a syscall each), clock
    /// stretching, retries after a glitch and recovery writes. A design margin, not a datasheet figure.
    public static let maxUtilisation = 0.8
    /// The Pi's `i2c_arm_baudrate` values worth suggesting: Fast-mode (UM10204 Table 10). Fast-mode Plus needs
    /// 20 mA drivers most breakouts' pull-ups don't provide, so it is not suggested.
    public static let suggestedClockHz = 400_000.0

    public var clock: I2CBusClock
    public var chip: String
    /// The rate chosen.
    public var rateHz: Double
    /// Share of the bus the chosen rate (plus the other chips) takes.
    public var utilisation: Double
    /// The chip's highest supported rate, and whether that fits at `suggestedClockHz` (for the advice).
    public var highestRateHz: Double
    public var highestRateFitsAtSuggestedClock: Bool
    /// Even the lowest rate does not fit (the rig still runs at the lowest rate; samples may be lost).
    public var overloaded: Bool

    /// Plans `imu` on a bus at `clock` shared with `others` (force sensors on the same bus).
    public static func plan(imu: IMUDevice, clock: I2CBusClock, others: BusTraffic = BusTraffic()) -> BusBudget {
        plan(chip: imu.chipName, supportedRatesHz: imu.supportedRatesHz, traffic: imu.busTraffic(rateHz:),
             clock: clock, others: others)
    }

    public static func plan(chip: String, supportedRatesHz: [Double], traffic: (Double) -> BusTraffic,
                            clock: I2CBusClock, others: BusTraffic = BusTraffic()) -> BusBudget {
        let rates = supportedRatesHz.sorted(by: >)
        let timing = I2CWireTiming(clockHz: clock.clockHz)
        func load(_ r: Double, _ t: I2CWireTiming) -> Double { (traffic(r) + others).utilisation(t) }
        let highest = rates.first ?? 0
        let chosen = rates.first { load($0, timing) <= maxUtilisation }
        let rate = chosen ?? rates.last ?? 0
        return BusBudget(clock: clock, chip: chip, rateHz: rate, utilisation: load(rate, timing), highestRateHz: highest,
                         highestRateFitsAtSuggestedClock: load(highest, I2CWireTiming(clockHz: suggestedClockHz)) <= maxUtilisation,
                         overloaded: chosen == nil)
    }

    /// What `live` would choose for the IMU the README wires (an MPU-6050, its FIFO drained every
    /// `IMUDetector.defaultBatchSeconds`) before one is found: `rollmon doctor`'s bus line when no IMU answers.
    public static func planForDefaultIMU(clock: I2CBusClock, others: BusTraffic = BusTraffic()) -> BusBudget {
        let variant = MPUVariant.mpu6050
        return plan(chip: variant.chipName, supportedRatesHz: MPUIMU.supportedRatesHz,
                    traffic: { MPUIMU.busTraffic(variant: variant, rateHz: $0, fifoBatchSeconds: IMUDetector.defaultBatchSeconds,
                                                 dataReadyLine: false) },
                    clock: clock, others: others)
    }

    /// Plans and applies the chosen rate to `imu` (before its `configure()`).
    @discardableResult
    public static func apply(to imu: IMUDevice, clock: I2CBusClock, others: BusTraffic = BusTraffic()) -> BusBudget {
        let budget = plan(imu: imu, clock: clock, others: others)
        imu.selectRate(budget.rateHz)
        return budget
    }

    public static func hz(_ r: Double) -> String { r == r.rounded() ? "\(Int(r)) Hz" : "\((r * 10).rounded() / 10) Hz" }

    /// "bus at 100 kHz: MPU-6050 at 500 Hz (69 % of the bus); set dtparam=i2c_arm_baudrate=400000 for 1000 Hz".
    public var description: String {
        var s = "\(clock): \(chip) at \(Self.hz(rateHz)) (\(Int((utilisation * 100).rounded())) % of the bus)"
        if overloaded { s += ", more than the bus can carry: samples will be lost" }
        if rateHz < highestRateHz && clock.clockHz < Self.suggestedClockHz && highestRateFitsAtSuggestedClock {
            s += "; set dtparam=i2c_arm_baudrate=\(Int(Self.suggestedClockHz)) for \(Self.hz(highestRateHz))"
        }
        return s
    }
}
