/// A force sensor read through an ADS1115: an FSR in a voltage divider on one input (`PiecewiseForceCalibration`)
/// or a load-cell bridge on a differential pair (`LinearForceCalibration`).
///
/// Runs single-shot conversions back to back: `poll()` checks the OS bit (conversion finished?), reads the result
/// and immediately starts the next one, so it never blocks and each reading is a fresh conversion exactly once.
public final class ADS1115ForceSensor: ForceDevice {
    public let bus: I2CBus
    public let address: UInt8
    public let input: ADS1115Input
    public let gain: ADS1115Gain
    public let dataRate: ADS1115DataRate
    public var calibration: any ForceCalibration
    private let clock: MonotonicClock
    private var conversionStartedSeconds: Double?

    public var chipName: String { "ADS1115" }

    /// The ADS1115's default I2C address with ADDR tied to GND (SBAS444D "I2C Address Selection" table: 0x48..0x4B for GND/VDD/SDA/SCL).
    public static let defaultAddress: UInt8 = 0x48

    public init(bus: I2CBus, address: UInt8 = defaultAddress, input: ADS1115Input, gain: ADS1115Gain,
                dataRate: ADS1115DataRate = .sps860, calibration: any ForceCalibration, clock: MonotonicClock) {
        self.bus = bus; self.address = address; self.input = input; self.gain = gain; self.dataRate = dataRate
        self.calibration = calibration; self.clock = clock
    }

    /// The config word for one single-shot conversion with this input/gain/rate, comparator off.
    public var configWord: UInt16 {
        ADS1115Register.operationalStatus | input.rawValue << 12 | gain.rawValue << 9 | ADS1115Register.singleShot
            | dataRate.rawValue << 5 | ADS1115Register.comparatorDisabled
    }

    public func configure() throws {
        // Recognise the chip: the threshold registers keep their power-on values (we never write them).
        let lo = try readRegister(ADS1115Register.loThreshold)
        let hi = try readRegister(ADS1115Register.hiThreshold)
        guard lo == ADS1115Register.loThresholdPowerOn, hi == ADS1115Register.hiThresholdPowerOn else {
            throw SensorIOError.unknownChip(bus: bus.name, address: address, register: ADS1115Register.hiThreshold,
                                            read: UInt8(hi >> 8), expected: [0x7F: "ADS1115 Hi_thresh MSB"])
        }
        try startConversion()
    }

    private func startConversion() throws {
        try writeRegister(ADS1115Register.config, configWord)
        conversionStartedSeconds = clock.nowSeconds()
    }

    public func poll() throws -> ForceReading? {
        guard let started = conversionStartedSeconds else {
            try startConversion()
            return nil
        }
        // Don't ask before a conversion can possibly be done (1/DR, SBAS444D "Conversion Ready"/single-shot mode description); saves bus time at 1 kHz polling.
        let now = clock.nowSeconds()
        if now - started < 0.9 / dataRate.samplesPerSecond { return nil }
        let config = try readRegister(ADS1115Register.config)
        if config & ADS1115Register.operationalStatus == 0 { return nil }  // still converting
        // A reset chip also reads OS = 1 (power-on 0x8583) but with another config: detect and report it.
        let expected = configWord & ~ADS1115Register.operationalStatus
        if config & ~ADS1115Register.operationalStatus != expected {
            conversionStartedSeconds = nil
            throw SensorIOError.configurationLost(chip: chipName, register: ADS1115Register.config,
                                                  expected: UInt8(expected >> 8), read: UInt8(config >> 8))
        }
        let raw = Int16(bitPattern: try readRegister(ADS1115Register.conversion))
        let t = clock.nowSeconds()
        try startConversion()
        return ForceReading(tSeconds: t, forceN: calibration.forceN(fromRaw: Double(raw)))
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
