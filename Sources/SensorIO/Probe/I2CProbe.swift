/// One chip found by `rollmon probe`.
public struct ProbeFinding: Sendable, Equatable, CustomStringConvertible {
    public var bus: String
    public var address: UInt8
    public var chip: String
    public init(bus: String, address: UInt8, chip: String) { self.bus = bus; self.address = address; self.chip = chip }
    /// `i2c-1 0x68 MPU-6050` (interface v1 §4).
    public var description: String { "\(bus) \(hex(address)) \(chip)" }
}

/// Identifies every supported chip on a bus by its ID registers. Only addresses where one of them can sit are
/// touched, and only with reads.
public enum I2CProbe {
    /// Which chips may sit at which address (each chip's datasheet address table).
    static var plan: [(address: UInt8, identify: (I2CBus, UInt8) throws -> String?)] {
        [(0x48, ads1115), (0x49, ads1115), (0x4A, ads1115), (0x4B, ads1115),  // ADS1115 ADDR pin: SBAS444D "I2C Address Selection"
         (0x68, imu), (0x69, imu), (0x6A, imu), (0x6B, imu),                  // MPU AD0 / LSM6 SA0
         (0x76, barometer), (0x77, barometer)]                                // BMP280/388 SDO pin: BST-BMP280-DS001 §5.2 (I2C interface)
    }

    /// Findings on one bus, in address order. A chip that acknowledges but matches nothing is not listed.
    public static func scan(bus: I2CBus) -> [ProbeFinding] {
        plan.compactMap { entry in
            guard let chip = try? entry.identify(bus, entry.address) else { return nil }
            return ProbeFinding(bus: bus.name, address: entry.address, chip: chip)
        }
    }

    /// Findings on every bus given.
    public static func scan(buses: [I2CBus]) -> [ProbeFinding] { buses.flatMap { scan(bus: $0) } }

    /// Opens the buses present (or those numbered) and scans them. No bus at all → the enable-I2C error.
    public static func scanSystem(busNumbers: [Int] = [], sys: I2CSysCalls = .live) throws -> [ProbeFinding] {
        scan(buses: try I2CBusDiscovery.openBuses(busNumbers, sys: sys))
    }

    /// Opens the buses, scans them, and for each bus with an IMU says what its clock allows (`BusBudget`):
    /// `i2c-1 bus at 100 kHz: MPU-6050 at 500 Hz (69 % of the bus); set dtparam=i2c_arm_baudrate=400000 for 1000 Hz`.
    public static func scanSystemWithBudgets(busNumbers: [Int] = [], sys: I2CSysCalls = .live,
                                             sysfsRoot: String = "/sys") throws -> (findings: [ProbeFinding], budgets: [String]) {
        let buses = try I2CBusDiscovery.openBuses(busNumbers, sys: sys)
        let findings = scan(buses: buses)
        let budgets = buses.compactMap { bus -> String? in
            let clock = I2CBusClock.busNumber(fromName: bus.name).map { I2CBusClock.read(busNumber: $0, sysfsRoot: sysfsRoot) }
                ?? I2CBusClock(clockHz: I2CBusClock.raspberryPiDefaultHz, source: .assumedDefault)
            return budget(bus: bus, findings: findings, clock: clock).map { "\(bus.name) \($0)" }
        }
        return (findings, budgets)
    }

    /// The budget of the first IMU among `findings` on `bus` in rollmon's default acquisition mode.
    /// `others`: what else polls the bus (the configured force sensor), as `live` counts it.
    public static func budget(bus: I2CBus, findings: [ProbeFinding], clock: I2CBusClock,
                              others: BusTraffic = BusTraffic()) -> BusBudget? {
        for f in findings where f.bus == bus.name {
            if let found = try? IMUDetector.identify(bus: bus, address: f.address) {
                return BusBudget.plan(imu: found.make(SystemMonotonicClock(), .fifo(batchSeconds: IMUDetector.defaultBatchSeconds)),
                                      clock: clock, others: others)
            }
        }
        return nil
    }

    static func imu(_ bus: I2CBus, _ address: UInt8) throws -> String? {
        try IMUDetector.identify(bus: bus, address: address)?.name
    }

    static func ads1115(_ bus: I2CBus, _ address: UInt8) throws -> String? {
        // Recognised by the config register's power-on value 0x8583, or — once configured by rollmon, which never
        // writes them — by the threshold registers' power-on values 0x8000 / 0x7FFF.
        let read = { (reg: UInt8) in try ADS1115ForceSensor.readRegister(bus: bus, address: address, reg) }
        let config = try read(ADS1115Register.config)
        if config == ADS1115Register.configPowerOn { return "ADS1115" }
        let lo = try read(ADS1115Register.loThreshold)
        let hi = try read(ADS1115Register.hiThreshold)
        return lo == ADS1115Register.loThresholdPowerOn && hi == ADS1115Register.hiThresholdPowerOn ? "ADS1115" : nil
    }

    static func barometer(_ bus: I2CBus, _ address: UInt8) throws -> String? {
        let id = try bus.readByteData(address: address, register: BMP280Register.chipID)
        if id == BMP280Register.chipIDValue { return "BMP280" }
        if id == BMP280Register.bme280ChipID { return "BME280" }
        let id3 = try bus.readByteData(address: address, register: BMP280Register.bmp3ChipIDRegister)
        if id3 == BMP280Register.bmp388ChipID { return "BMP388" }
        if id3 == BMP280Register.bmp390ChipID { return "BMP390" }
        return nil
    }
}
