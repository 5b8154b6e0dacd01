/// A force sensor read through an ADS1115: an FSR in a voltage divider on one input (`PiecewiseForceCalibration`)
/// or a load-cell bridge on a differential pair (`LinearForceCalibration`).
///
/// Runs in continuous-conversion mode at its data rate (SBAS444D "Continuous-Conversion Mode": the ADC converts
/// back to back and puts each result in the Conversion register). `poll()` reads that register once per conversion
/// period, so every conversion is read about once, at the chip's rate, never thinned to the IMU's batches. A
/// reading is stamped half a period before the read: the value read is the newest conversion, finished between
/// one period before the read and the read itself (its oscillator's ±10 % data-rate variation, SBAS444D
/// Electrical Characteristics, makes counting conversions from the start no better). The config register is read
/// back every 0.25 s, so a chip that was reset (power-on single-shot mode, 0x8583) is noticed within that.
public final class ADS1115ForceSensor: ForceDevice {
    public let bus: I2CBus
    public let address: UInt8
    public let input: ADS1115Input
    public let gain: ADS1115Gain
    public let dataRate: ADS1115DataRate
    public var calibration: any ForceCalibration
    private let clock: MonotonicClock
    private var startedSeconds: Double?
    private var lastReadSeconds = -Double.infinity
    private var lastVerifySeconds = -Double.infinity

    public var chipName: String { "ADS1115" }
    public var nominalPeriodSeconds: Double { 1 / dataRate.samplesPerSecond }
    /// The first conversion ends one period after the start; then one per period after the last read.
    public var nextReadingDueSeconds: Double {
        guard let startedSeconds else { return 0 }
        return max(startedSeconds, lastReadSeconds) + nominalPeriodSeconds
    }
    /// A read-word of the Conversion register per conversion, and of the config register per verification.
    public var busTraffic: BusTraffic { Self.busTraffic(dataRate: dataRate) }
    /// The same, before a chip is opened (`rollmon doctor` plans the IMU rate with it).
    public static func busTraffic(dataRate: ADS1115DataRate) -> BusTraffic {
        BusTraffic([(.readWord, dataRate.samplesPerSecond), (.readWord, 1 / verifyIntervalSeconds)])
    }
    /// Continuous conversions at the fastest rate (SBAS444D Table 8: 860 SPS), what `rollmon live` configures.
    public static let defaultDataRate = ADS1115DataRate.sps860

    /// The ADS1115's default I2C address with ADDR tied to GND (SBAS444D "I2C Address Selection" table: 0x48..0x4B for GND/VDD/SDA/SCL).
    public static let defaultAddress: UInt8 = 0x48
    /// A read-back every 0.25 s: a reset chip's stale value lasts no longer, for 4 read-words a second.
    static let verifyIntervalSeconds = 0.25

    public init(bus: I2CBus, address: UInt8 = defaultAddress, input: ADS1115Input, gain: ADS1115Gain,
                dataRate: ADS1115DataRate = defaultDataRate, calibration: any ForceCalibration, clock: MonotonicClock) {
        self.bus = bus; self.address = address; self.input = input; self.gain = gain; self.dataRate = dataRate
        self.calibration = calibration; self.clock = clock
    }

    /// The config word: this input/gain/rate, MODE = 0 (continuous conversion), comparator off.
    public var configWord: UInt16 {
        input.rawValue << 12 | gain.rawValue << 9 | dataRate.rawValue << 5 | ADS1115Register.comparatorDisabled
    }

    public func configure() throws {
        // Recognise the chip: the threshold registers keep their power-on values (we never write them).
        let lo = try readRegister(ADS1115Register.loThreshold)
        let hi = try readRegister(ADS1115Register.hiThreshold)
        guard lo == ADS1115Register.loThresholdPowerOn, hi == ADS1115Register.hiThresholdPowerOn else {
            throw SensorIOError.unknownChip(bus: bus.name, address: address, register: ADS1115Register.hiThreshold,
                                            read: UInt8(hi >> 8), expected: [0x7F: "ADS1115 Hi_thresh MSB"])
        }
        try writeRegister(ADS1115Register.config, configWord)
        let now = clock.nowSeconds()
        startedSeconds = now
        lastReadSeconds = -Double.infinity
        lastVerifySeconds = now
    }

    public func poll() throws -> ForceReading? {
        guard startedSeconds != nil else {
            try configure()
            return nil
        }
        let now = clock.nowSeconds()
        // Not before a new conversion can have finished (one period since the last read, or since the start).
        if now < nextReadingDueSeconds { return nil }
        if now - lastVerifySeconds >= Self.verifyIntervalSeconds {
            lastVerifySeconds = now
            let config = try readRegister(ADS1115Register.config)
            // OS (bit 15) reads as a status bit: ignore it. A reset chip reads 0x8583 (single-shot, 128 SPS).
            if config & ~ADS1115Register.operationalStatus != configWord {
                startedSeconds = nil
                throw SensorIOError.configurationLost(chip: chipName, register: ADS1115Register.config,
                                                      expected: UInt8(configWord >> 8), read: UInt8(config >> 8))
            }
        }
        let raw = Int16(bitPattern: try readRegister(ADS1115Register.conversion))
        let readAt = clock.nowSeconds()
        // Keep the chip's cadence: the next read is due one period after this one was due (a read delayed by another
        // chip's transfer does not delay the ones after it), unless we fell more than a period behind.
        let due = nextReadingDueSeconds
        lastReadSeconds = now - due < nominalPeriodSeconds ? due : now
        return ForceReading(tSeconds: readAt - nominalPeriodSeconds / 2, forceN: calibration.forceN(fromRaw: Double(raw)))
    }

    /// Volts at the input for a raw count (for calibration tools).
    public func volts(fromCounts counts: Int16) -> Double { Double(counts) * gain.voltsPerCount }

    /// 16-bit registers are MSB first (SBAS444D "Reading From the ADS1115"). SMBus read-word is exactly the
    /// transaction the chip expects (pointer write, repeated start, two bytes) but SMBus puts the first byte in the
    /// low half, so swap. Word access (not an I2C block read) also works on i2c-stub, whose block reads return
    /// byte-wide registers.
    func readRegister(_ reg: UInt8) throws -> UInt16 { try Self.readRegister(bus: bus, address: address, reg) }

    static func readRegister(bus: I2CBus, address: UInt8, _ reg: UInt8) throws -> UInt16 {
        try bus.readWordData(address: address, register: reg).byteSwapped
    }

    func writeRegister(_ reg: UInt8, _ value: UInt16) throws {
        // Write word sends the low byte first, so swap to put the MSB on the wire first.
        try bus.writeWordData(address: address, register: reg, value: value.byteSwapped)
    }
}
