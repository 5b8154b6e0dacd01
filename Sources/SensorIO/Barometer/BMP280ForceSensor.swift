import RollCore

/// A BMP280 sealed inside a ball: squeezing the ball raises the air pressure, and the rise above an unloaded
/// baseline times a calibrated N/Pa gives the force. The air in a sealed ball also rises in pressure as it warms
/// (constant volume: p ∝ T, 343 Pa per kelvin at 22 °C — tens of newtons per kelvin), and the foot warms it; the
/// chip's own thermometer sits in that air, so each reading is first brought back to the baseline's temperature.
/// A quick squeeze also heats the air for a few seconds (adiabatic compression, up to 40 % over the load's own rise;
/// a quick release cools it below the baseline), faster than the die can follow: `SealedAirHeatCompensator` takes
/// that heat out with the ball's relaxation time before the N/Pa scale.
///
/// Forced-mode measurements back to back (datasheet "Forced mode"): `poll()` waits for the `measuring` flag to clear, reads all six
/// data bytes in one burst (datasheet "Data readout": a burst read keeps pressure and temperature from one measurement), compensates with
/// the datasheet integer formulas and triggers the next measurement. Never blocks.
public final class BMP280ForceSensor: ForceDevice {
    public let bus: I2CBus
    public let address: UInt8
    /// Tare (baseline Pa) and N per Pa. When `autoTare` is set and no baseline exists yet, `configure()` takes it
    /// from the first readings, so the ball must be unloaded at start.
    public private(set) var calibration: LinearForceCalibration?
    public let newtonsPerPa: Double
    public private(set) var trimming: BMP280Calibration?
    /// Last compensated values, for diagnostics.
    public private(set) var lastPressurePa: Double?
    public private(set) var lastTemperatureC: Double?
    private let clock: MonotonicClock
    private var measurementStartedSeconds: Double?
    private var tareSamples: [Double] = []
    private var tareTemperaturesK: [Double] = []
    /// The air temperature the baseline was taken at (kelvin); readings are referred to it.
    public private(set) var tareKelvin: Double?
    /// The air's heat from quick squeezes, modelled from the rise over the baseline; reset with the baseline.
    private var heatCompensator: SealedAirHeatCompensator
    private var lastReadingSeconds: Double?
    /// Celsius to kelvin (ITS-90 definition).
    static let zeroCelsiusK = 273.15

    public var chipName: String { "BMP280" }

    /// osrs_t = x1 (001), osrs_p = x2 (010), mode = forced (01): ctrl_meas = 0b001_010_01 (the oversampling
    /// settings table's "low power" row uses x2 pressure / x1 temperature).
    static let controlForced: UInt8 = 0b001_010_01
    /// Filter off, t_sb irrelevant in forced mode (datasheet "IIR filter" / "config" register): config = 0.
    static let configValue: UInt8 = 0x00
    /// Maximum measurement time for x1 temperature / x2 pressure oversampling, 8.725 ms
    /// (datasheet appendix "Measurement time": t_measure,max = 1.25 + 2.3·1 + 2.3·2 + 0.575 ms).
    static let measurementMaxSeconds = 0.00873
    /// Readings averaged for the automatic tare.
    static let tareCount = 16

    /// `airHeatRelaxationS`: the ball's heat relaxation time (`SealedAirHeatCompensator.nominalRelaxationS` for a
    /// ~3 cm ball).
    public init(bus: I2CBus, address: UInt8 = 0x76, newtonsPerPa: Double, tarePa: Double? = nil,
                airHeatRelaxationS: Double = SealedAirHeatCompensator.nominalRelaxationS, clock: MonotonicClock) {
        self.bus = bus; self.address = address; self.newtonsPerPa = newtonsPerPa; self.clock = clock
        heatCompensator = SealedAirHeatCompensator(relaxationS: airHeatRelaxationS)
        if let tarePa { calibration = LinearForceCalibration(tarePa: tarePa, newtonsPerPa: newtonsPerPa) }
    }

    public func configure() throws {
        let id = try bus.readByteData(address: address, register: BMP280Register.chipID)
        guard id == BMP280Register.chipIDValue || id == BMP280Register.bme280ChipID else {
            throw SensorIOError.unknownChip(bus: bus.name, address: address, register: BMP280Register.chipID, read: id,
                                            expected: [BMP280Register.chipIDValue: "BMP280", BMP280Register.bme280ChipID: "BME280"])
        }
        trimming = BMP280Calibration(bytes: try bus.readRegisters(address: address, register: BMP280Register.calibrationStart,
                                                                  count: BMP280Register.calibrationBytes))
        try bus.writeByteData(address: address, register: BMP280Register.config, value: Self.configValue)
        try trigger()
    }

    /// Forgets the baseline; the next readings (unloaded!) become the new one.
    public func tare() {
        calibration = nil; tareSamples = []; tareTemperaturesK = []; tareKelvin = nil
        heatCompensator = SealedAirHeatCompensator(relaxationS: heatCompensator.relaxationS); lastReadingSeconds = nil
    }

    private func trigger() throws {
        try bus.writeByteData(address: address, register: BMP280Register.controlMeasurement, value: Self.controlForced)
        measurementStartedSeconds = clock.nowSeconds()
    }

    /// Forced measurements back to back: one per maximum measurement time.
    public var nominalPeriodSeconds: Double { Self.measurementMaxSeconds }
    public var nextReadingDueSeconds: Double { (measurementStartedSeconds ?? 0) + Self.measurementMaxSeconds }
    /// Per measurement: the ctrl_meas trigger, the status check and the 6-byte data burst.
    public var busTraffic: BusTraffic { Self.measurementBusTraffic }
    /// The same, before a chip is opened (`rollmon doctor` plans the IMU rate with it).
    public static var measurementBusTraffic: BusTraffic {
        let perSecond = 1 / measurementMaxSeconds
        return BusTraffic([(.writeByte, perSecond), (.readByte, perSecond), (.readBlock(6), perSecond)])
    }

    public func poll() throws -> ForceReading? {
        guard let started = measurementStartedSeconds, let trimming else {
            try configure()
            return nil
        }
        if clock.nowSeconds() - started < Self.measurementMaxSeconds { return nil }
        let status = try bus.readByteData(address: address, register: BMP280Register.status)
        if status & BMP280Register.measuring != 0 { return nil }
        let b = try bus.readRegisters(address: address, register: BMP280Register.pressureMSB, count: 6)
        // The measurement ended by its maximum duration after the trigger (never later than the read).
        let t = min(clock.nowSeconds(), started + Self.measurementMaxSeconds)
        let adcP = Int32(b[0]) << 12 | Int32(b[1]) << 4 | Int32(b[2]) >> 4
        let adcT = Int32(b[3]) << 12 | Int32(b[4]) << 4 | Int32(b[5]) >> 4
        // 0x80000 is the "measurement skipped / no data yet" value of both fields (press/temp register reset values 0x80000, §4.3): a chip
        // that was reset or never measured. Re-configure instead of reporting nonsense.
        if adcP == 0x80000 || adcT == 0x80000 {
            measurementStartedSeconds = nil
            throw SensorIOError.configurationLost(chip: chipName, register: BMP280Register.controlMeasurement,
                                                  expected: Self.controlForced, read: 0)
        }
        try trigger()
        let temp = trimming.compensateTemperature(rawT: adcT)
        guard let q24_8 = trimming.compensatePressure(rawP: adcP, tFine: temp.tFine) else { return nil }
        let pressurePa = Double(q24_8) / 256
        lastPressurePa = pressurePa
        let temperatureC = Double(temp.centiDegC) / 100
        lastTemperatureC = temperatureC
        let kelvin = temperatureC + Self.zeroCelsiusK
        guard let calibration else {
            tareSamples.append(pressurePa)
            tareTemperaturesK.append(kelvin)
            if tareSamples.count >= Self.tareCount {
                calibration = LinearForceCalibration(tarePa: 0, newtonsPerPa: newtonsPerPa).tared(withUnloadedRaw: tareSamples)
                tareKelvin = tareTemperaturesK.reduce(0, +) / Double(tareTemperaturesK.count)
            }
            return nil
        }
        // A baseline from the configuration: refer to the first temperature seen.
        let referenceK = tareKelvin ?? kelvin
        if tareKelvin == nil { tareKelvin = kelvin }
        let measuredRisePa = pressurePa * referenceK / kelvin - calibration.tareCounts
        let risePa = heatCompensator.isothermalRisePa(fromMeasuredPa: measuredRisePa, afterS: t - (lastReadingSeconds ?? t))
        lastReadingSeconds = t
        return ForceReading(tSeconds: t, forceN: calibration.forceN(fromRaw: calibration.tareCounts + risePa))
    }
}
