import RollCore

/// LSM6DS3 / DS33 / DSL / DSOX accelerometer + gyroscope at 833 Hz, ±2000 °/s, ±8 g, block data update on so a
/// burst never mixes bytes of two samples; little-endian output registers, sign-extended.
/// Acquisition by data-ready line (INT1) or paced polling of STATUS_REG; the FIFO is not used (its layout differs
/// between DS3/DSL and DSOX), so `.fifo` behaves like `.polling`.
public final class LSM6IMU: IMUDevice {
    public let bus: I2CBus
    public let address: UInt8
    public let variant: LSM6Variant
    public let gyroRange: LSM6GyroRange
    public let accelRange: LSM6AccelRange
    private let clock: MonotonicClock
    private var loop: IMUReadLoop
    private let usesDataReadyLine: Bool

    public var chipName: String { variant.chipName }
    /// ODR code 0111 = 833 Hz (LSM6DS3 DocID026899 table 45/48).
    public var sampleRateHz: Double { 833 }
    public var gyroFullScaleRadS: Double { gyroRange.fullScaleDPS * radiansPerDegree }

    /// SW_RESET completes within ~50 µs (LSM6DS3 DocID026899, CTRL3_C SW_RESET description); wait a comfortable 10 ms.
    static let resetSeconds = 0.01

    public init(bus: I2CBus, address: UInt8, variant: LSM6Variant, clock: MonotonicClock,
                mode: IMUAcquisitionMode = .polling,
                gyroRange: LSM6GyroRange = .dps2000, accelRange: LSM6AccelRange = .g8) {
        self.bus = bus; self.address = address; self.variant = variant; self.clock = clock
        self.gyroRange = gyroRange; self.accelRange = accelRange
        var effective = mode
        if case .fifo = mode { effective = .polling }
        if case .dataReadyLine = mode { usesDataReadyLine = true } else { usesDataReadyLine = false }
        loop = IMUReadLoop(clock: clock, mode: effective, chipName: variant.chipName, rateHz: 833)
    }

    var configurationWrites: [(UInt8, UInt8)] {
        [
            (LSM6Register.ctrl3C, LSM6Register.blockDataUpdate | LSM6Register.autoIncrement),
            // Filter bits 1:0 = 0: on the DS3 the anti-aliasing bandwidth then follows the ODR; on DSL/DSOX the
            // second low-pass stage stays off (first stage ~ODR/2).
            (LSM6Register.ctrl1XL, LSM6Register.odr833Hz << 4 | accelRange.rawValue << 2),
            (LSM6Register.ctrl2G, LSM6Register.odr833Hz << 4 | gyroRange.rawValue << 2),
            (LSM6Register.int1Control, usesDataReadyLine ? (LSM6Register.gyroDataReady | LSM6Register.accelDataReady) : 0),
        ]
    }

    public func configure() throws {
        let who = try bus.readByteData(address: address, register: LSM6Register.whoAmI)
        guard who == variant.rawValue else {
            throw SensorIOError.unknownChip(bus: bus.name, address: address, register: LSM6Register.whoAmI, read: who,
                                            expected: [variant.rawValue: variant.chipName])
        }
        try bus.writeByteData(address: address, register: LSM6Register.ctrl3C, value: LSM6Register.softwareReset)
        clock.sleep(untilSeconds: clock.nowSeconds() + Self.resetSeconds)
        for (reg, value) in configurationWrites {
            try bus.writeByteData(address: address, register: reg, value: value)
        }
        try verifyConfiguration()
        loop.restart()
    }

    public func read() throws -> [IMUReading] {
        try loop.read(self)
    }

    /// Seconds of bit-identical samples after which `read()` reports `stuckData` (nil: never; for noise-free
    /// simulated inputs).
    public var stuckLimitSeconds: Double? {
        get { loop.stuckLimitSeconds }
        set { loop.stuckLimitSeconds = newValue }
    }

    /// 12 bytes from OUTX_L_G: gyro XYZ then accel XYZ, little-endian.
    func decode(_ b: [UInt8]) -> (accelMS2: Vector3, gyroRadS: Vector3) {
        let gScale = gyroRange.milliDPSPerLSB * 1e-3 * radiansPerDegree
        let aScale = accelRange.milliGPerLSB * 1e-3 * standardGravityMS2
        let gyro = Vector3(Double(Raw.int16LE(b, 0)), Double(Raw.int16LE(b, 2)), Double(Raw.int16LE(b, 4))) * gScale
        let accel = Vector3(Double(Raw.int16LE(b, 6)), Double(Raw.int16LE(b, 8)), Double(Raw.int16LE(b, 10))) * aScale
        return (accel, gyro)
    }
}

extension LSM6IMU: IMURawAccess {
    func readIfReady() throws -> (accelMS2: Vector3, gyroRadS: Vector3)? {
        let status = try bus.readByteData(address: address, register: LSM6Register.status)
        let both = LSM6Register.gyroDataReady | LSM6Register.accelDataReady
        guard status & both == both else { return nil }
        return try readSample()
    }

    func readSample() throws -> (accelMS2: Vector3, gyroRadS: Vector3) {
        decode(try bus.readRegisters(address: address, register: LSM6Register.outXLG, count: 12))
    }

    func drainFIFO() throws -> (frames: [(accelMS2: Vector3, gyroRadS: Vector3)], countedAtSeconds: Double)? {
        ([], clock.nowSeconds())   // not used: the LSM6 runs in .polling or .dataReadyLine mode
    }

    func verifyConfiguration() throws {
        for (reg, expected) in configurationWrites {
            let got = try bus.readByteData(address: address, register: reg)
            if got != expected {
                throw SensorIOError.configurationLost(chip: chipName, register: reg, expected: expected, read: got)
            }
        }
    }
}
