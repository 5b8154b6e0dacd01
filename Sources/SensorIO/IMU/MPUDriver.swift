import RollCore

/// MPU-6050 / MPU-6500 / MPU-9250 accelerometer + gyroscope (the 9250's magnetometer is not used).
///
/// Configured for rolling: ±2000 °/s (a 3 cm ball rolled at 1 m/s turns at ~1900 °/s), ±8 g, 1 kHz output with the
/// digital low-pass at 184/188 Hz (well above rolling motion, below the 500 Hz Nyquist limit). Every sample comes
/// from one burst read (14 bytes from ACCEL_XOUT_H, or FIFO frames), big-endian and sign-extended.
public final class MPUIMU: IMUDevice {
    public let bus: I2CBus
    public let address: UInt8
    public let variant: MPUVariant
    public let gyroRange: MPUGyroRange
    public let accelRange: MPUAccelRange
    private var loop: IMUReadLoop
    private let clock: MonotonicClock

    public var chipName: String { variant.chipName }
    /// 1 kHz gyro output rate with the DLPF on (RM-MPU-6000A-00, SMPLRT_DIV description), SMPLRT_DIV = 0.
    public var sampleRateHz: Double { 1000 }
    public var gyroFullScaleRadS: Double { gyroRange.fullScaleDPS * radiansPerDegree }

    /// DLPF_CFG = 1: accel 184 Hz / gyro 188 Hz bandwidth at a 1 kHz gyro output rate (RM-MPU-6000A-00, CONFIG DLPF table).
    static let dlpfConfig: UInt8 = 1
    /// ACCEL_CONFIG 2 A_DLPF_CFG = 1 with ACCEL_FCHOICE_B = 0: 218 Hz accel bandwidth, 1 kHz (RM-MPU-6500A-00, ACCEL_CONFIG 2 table).
    static let accelDLPFConfig2: UInt8 = 1
    /// After DEVICE_RESET, wait the "start-up time for register read/write" (PS-MPU-6000A-00 electrical
    /// characteristics: 100 ms max) before writing the configuration.
    static let resetSeconds = 0.1

    /// Attaches to a chip whose WHO_AM_I was already read (see `IMUDetector`). Call `configure()` before `read()`.
    public init(bus: I2CBus, address: UInt8, variant: MPUVariant, clock: MonotonicClock,
                mode: IMUAcquisitionMode = .fifo(batchSeconds: 0.01),
                gyroRange: MPUGyroRange = .dps2000, accelRange: MPUAccelRange = .g8) {
        self.bus = bus; self.address = address; self.variant = variant; self.clock = clock
        self.gyroRange = gyroRange; self.accelRange = accelRange
        if case .fifo = mode { usesFIFO = true } else { usesFIFO = false }
        loop = IMUReadLoop(clock: clock, mode: mode, chipName: variant.chipName, rateHz: 1000)
    }

    /// Fixed at init (not derived from `loop`, which is being mutated while the read loop calls back into us).
    private let usesFIFO: Bool

    /// Register values `configure()` writes, in order (also used to verify them).
    var configurationWrites: [(UInt8, UInt8)] {
        var w: [(UInt8, UInt8)] = [
            (MPURegister.powerManagement1, MPURegister.clockPLLGyroX),  // wake (SLEEP = 0), PLL clock
            (MPURegister.powerManagement2, 0x00),                        // all six axes on
            (MPURegister.smplrtDiv, 0x00),                               // 1 kHz / (1 + 0)
            (MPURegister.config, Self.dlpfConfig),                       // FIFO_MODE 0 on 6500: overwrite oldest
            (MPURegister.gyroConfig, gyroRange.rawValue << 3),           // FS_SEL; FCHOICE_B = 00 (DLPF used)
            (MPURegister.accelConfig, accelRange.rawValue << 3),         // AFS_SEL
        ]
        if variant.hasAccelConfig2 { w.append((MPURegister.accelConfig2, Self.accelDLPFConfig2)) }
        // INT pin: active high, push-pull, 50 µs pulse, cleared by reading INT_STATUS (all zeros, INT_PIN_CFG description).
        w.append((MPURegister.intPinConfig, 0x00))
        w.append((MPURegister.intEnable, MPURegister.dataReadyInt | (usesFIFO ? MPURegister.fifoOverflowInt : 0)))
        w.append((MPURegister.fifoEnable, usesFIFO ? MPURegister.fifoAccelGyro : 0x00))
        return w
    }

    public func configure() throws {
        let who = try bus.readByteData(address: address, register: MPURegister.whoAmI)
        guard who == variant.rawValue else {
            throw SensorIOError.unknownChip(bus: bus.name, address: address, register: MPURegister.whoAmI, read: who,
                                            expected: [variant.rawValue: variant.chipName])
        }
        // Start from the power-on state whatever happened before (datasheet reset sequence).
        try bus.writeByteData(address: address, register: MPURegister.powerManagement1, value: MPURegister.deviceReset)
        clock.sleep(untilSeconds: clock.nowSeconds() + Self.resetSeconds)
        for (reg, value) in configurationWrites {
            try bus.writeByteData(address: address, register: reg, value: value)
        }
        if usesFIFO {
            try bus.writeByteData(address: address, register: MPURegister.userControl, value: MPURegister.userFIFOReset)
            try bus.writeByteData(address: address, register: MPURegister.userControl, value: MPURegister.userFIFOEnable)
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

    // MARK: scaling

    /// Converts one 12-byte accel+gyro run (big-endian) to SI units.
    func decode(accel a: [UInt8], _ ai: Int, gyro g: [UInt8], _ gi: Int) -> (accelMS2: Vector3, gyroRadS: Vector3) {
        let aScale = standardGravityMS2 / accelRange.lsbPerG
        let gScale = radiansPerDegree / gyroRange.lsbPerDPS
        let accel = Vector3(Double(Raw.int16BE(a, ai)), Double(Raw.int16BE(a, ai + 2)), Double(Raw.int16BE(a, ai + 4))) * aScale
        let gyro = Vector3(Double(Raw.int16BE(g, gi)), Double(Raw.int16BE(g, gi + 2)), Double(Raw.int16BE(g, gi + 4))) * gScale
        return (accel, gyro)
    }
}

extension MPUIMU: IMURawAccess {
    func readIfReady() throws -> (accelMS2: Vector3, gyroRadS: Vector3)? {
        // INT_STATUS (0x3A) sits right before ACCEL_XOUT_H: one 15-byte burst reads the flag and the sample together.
        let b = try bus.readRegisters(address: address, register: MPURegister.intStatus, count: 15)
        guard b[0] & MPURegister.dataReadyInt != 0 else { return nil }
        return decode(accel: b, 1, gyro: b, 9)
    }

    func readSample() throws -> (accelMS2: Vector3, gyroRadS: Vector3) {
        let b = try bus.readRegisters(address: address, register: MPURegister.accelXoutH, count: 14)
        return decode(accel: b, 0, gyro: b, 8)
    }

    func drainFIFO() throws -> (frames: [(accelMS2: Vector3, gyroRadS: Vector3)], countedAtSeconds: Double)? {
        let status = try bus.readByteData(address: address, register: MPURegister.intStatus)
        let countBytes = try bus.readRegisters(address: address, register: MPURegister.fifoCountH, count: 2)
        let countedAt = clock.nowSeconds()
        let count = Int(countBytes[0]) << 8 | Int(countBytes[1])
        if status & MPURegister.fifoOverflowInt != 0 || count > variant.fifoSizeBytes - MPURegister.fifoFrameBytes {
            // The oldest frames were overwritten and frame alignment can't be trusted: reset and start over.
            try bus.writeByteData(address: address, register: MPURegister.userControl,
                                  value: MPURegister.userFIFOEnable | MPURegister.userFIFOReset)
            return nil
        }
        let frames = count / MPURegister.fifoFrameBytes
        guard frames > 0 else { return ([], countedAt) }
        let bytes = try bus.readPort(address: address, register: MPURegister.fifoReadWrite,
                                     count: frames * MPURegister.fifoFrameBytes)
        let decoded = (0..<frames).map { i in
            let o = i * MPURegister.fifoFrameBytes
            return decode(accel: bytes, o, gyro: bytes, o + 6)
        }
        return (decoded, countedAt)
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
