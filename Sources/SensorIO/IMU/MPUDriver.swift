import RollCore

/// MPU-6050 / MPU-6500 / MPU-9250 accelerometer + gyroscope (the 9250's magnetometer is not used).
///
/// Configured for rolling: ±2000 °/s (a 3 cm ball rolled at 1 m/s turns at ~1900 °/s), ±8 g, 1 kHz output with the
/// digital low-pass at 184/188 Hz (well above rolling motion, below the 500 Hz Nyquist limit); on a slow bus
/// (`BusBudget`) 500 or 250 Hz with the low-pass lowered to stay below Nyquist. Every sample comes from one burst
/// read (14 bytes from ACCEL_XOUT_H, or FIFO frames), big-endian and sign-extended.
public final class MPUIMU: IMUReadLoopDriver {
    public let bus: I2CBus
    public let address: UInt8
    public let variant: MPUVariant
    public let gyroRange: MPUGyroRange
    public let accelRange: MPUAccelRange
    var loop: IMUReadLoop
    let clock: MonotonicClock
    private let batchSeconds: Double?

    public var chipName: String { variant.chipName }
    /// Output rate = 1 kHz gyro output rate (DLPF on) / (1 + SMPLRT_DIV) (RM-MPU-6000A-00, SMPLRT_DIV description).
    public private(set) var sampleRateHz: Double = 1000
    /// SMPLRT_DIV 0, 1, 3.
    public static let supportedRatesHz: [Double] = [1000, 500, 250]
    public var supportedRatesHz: [Double] { Self.supportedRatesHz }
    public var gyroFullScaleRadS: Double { gyroRange.fullScaleDPS * radiansPerDegree }
    public var gyroSensitivityLSBPerDPS: Double { gyroRange.lsbPerDPS }

    /// DLPF_CFG for the rate: 1 = accel 184 Hz / gyro 188 Hz bandwidth, below the Nyquist limit at 1 kHz (500 Hz)
    /// and 500 Hz (250 Hz) output; 2 = 94 / 98 Hz for 250 Hz output (Nyquist 125 Hz) (RM-MPU-6000A-00, CONFIG DLPF
    /// table; the MPU-6500's gyro table gives 184 / 92 Hz for the same codes).
    var dlpfConfig: UInt8 { Self.dlpfConfig(rateHz: sampleRateHz) }
    static func dlpfConfig(rateHz: Double) -> UInt8 { rateHz >= 500 ? 1 : 2 }
    /// ACCEL_CONFIG 2 A_DLPF_CFG with ACCEL_FCHOICE_B = 0: 1 = 218 Hz, 2 = 99 Hz accel bandwidth
    /// (RM-MPU-6500A-00, ACCEL_CONFIG 2 table), matched to the gyro's.
    var accelDLPFConfig2: UInt8 { Self.dlpfConfig(rateHz: sampleRateHz) }
    /// After DEVICE_RESET, wait the "start-up time for register read/write" (PS-MPU-6000A-00 electrical
    /// characteristics: 100 ms max) before writing the configuration.
    static let resetSeconds = 0.1

    /// Attaches to a chip whose WHO_AM_I was already read (see `IMUDetector`). Call `configure()` before `read()`.
    public init(bus: I2CBus, address: UInt8, variant: MPUVariant, clock: MonotonicClock,
                mode: IMUAcquisitionMode = .fifo(batchSeconds: IMUDetector.defaultBatchSeconds),
                gyroRange: MPUGyroRange = .dps2000, accelRange: MPUAccelRange = .g8) {
        self.bus = bus; self.address = address; self.variant = variant; self.clock = clock
        self.gyroRange = gyroRange; self.accelRange = accelRange
        if case let .fifo(b) = mode { usesFIFO = true; batchSeconds = b } else { usesFIFO = false; batchSeconds = nil }
        if case .dataReadyLine = mode { usesDataReadyLine = true } else { usesDataReadyLine = false }
        loop = IMUReadLoop(clock: clock, mode: mode, chipName: variant.chipName, rateHz: 1000)
    }

    public func selectRate(_ rateHz: Double) {
        precondition(supportedRatesHz.contains(rateHz), "MPU rate \(rateHz) Hz is not one of \(supportedRatesHz)")
        sampleRateHz = rateHz
        loop.setRate(rateHz)
    }

    public func busTraffic(rateHz: Double) -> BusTraffic {
        Self.busTraffic(variant: variant, rateHz: rateHz, fifoBatchSeconds: batchSeconds, dataReadyLine: usesDataReadyLine)
    }

    /// Per FIFO batch: INT_STATUS, FIFO_COUNT, the frames through FIFO_R_W in ≤ 32-byte blocks (`drainFIFO`); per
    /// sample after a data-ready edge one 14-byte burst, when polling one 15-byte burst (`readSample`,
    /// `readIfReady`); plus the read-back of every configuration register once per `verifyIntervalSeconds`.
    /// Static so a rate can be planned before a chip is attached (`rollmon doctor`, `BusBudget.planBeforeDetection`).
    public static func busTraffic(variant: MPUVariant, rateHz: Double, fifoBatchSeconds: Double?, dataReadyLine: Bool) -> BusTraffic {
        let registers = configurationWrites(variant: variant, rateHz: rateHz, gyroRange: .dps2000, accelRange: .g8,
                                            usesFIFO: fifoBatchSeconds != nil).count
        var t: [(transaction: SMBusTransaction, perSecond: Double)] =
            [(.readByte, Double(registers) / IMUReadLoop.verifyIntervalSeconds)]
        if let batch = fifoBatchSeconds {
            let batchesPerSecond = 1 / batch
            let framesPerBatch = (rateHz * batch).rounded(.up)
            t.append((.readByte, batchesPerSecond))
            t.append((.readBlock(2), batchesPerSecond))
            for block in BusTraffic.blockReads(bytes: Int(framesPerBatch) * MPURegister.fifoFrameBytes) {
                t.append((block, batchesPerSecond))
            }
        } else if dataReadyLine {
            t.append((.readBlock(14), rateHz))
        } else {
            t.append((.readBlock(15), rateHz))
        }
        return BusTraffic(t)
    }

    /// Fixed at init (not derived from `loop`, which is being mutated while the read loop calls back into us).
    private let usesFIFO: Bool
    private let usesDataReadyLine: Bool

    /// Register values `configure()` writes, in order (also used to verify them).
    var configurationWrites: [(UInt8, UInt8)] {
        Self.configurationWrites(variant: variant, rateHz: sampleRateHz, gyroRange: gyroRange, accelRange: accelRange,
                                 usesFIFO: usesFIFO)
    }

    static func configurationWrites(variant: MPUVariant, rateHz: Double, gyroRange: MPUGyroRange, accelRange: MPUAccelRange,
                                    usesFIFO: Bool) -> [(UInt8, UInt8)] {
        var w: [(UInt8, UInt8)] = [
            (MPURegister.powerManagement1, MPURegister.clockPLLGyroX),  // wake (SLEEP = 0), PLL clock
            (MPURegister.powerManagement2, 0x00),                        // all six axes on
            (MPURegister.smplrtDiv, UInt8(1000 / rateHz) - 1),          // 1 kHz / (1 + div)
            (MPURegister.config, dlpfConfig(rateHz: rateHz)),            // FIFO_MODE 0 on 6500: overwrite oldest
            (MPURegister.gyroConfig, gyroRange.rawValue << 3),           // FS_SEL; FCHOICE_B = 00 (DLPF used)
            (MPURegister.accelConfig, accelRange.rawValue << 3),         // AFS_SEL
        ]
        if variant.hasAccelConfig2 { w.append((MPURegister.accelConfig2, dlpfConfig(rateHz: rateHz))) }
        // INT pin: active high (INT_LEVEL 0), push-pull (INT_OPEN 0), a 50 µs pulse per sample (LATCH_INT_EN 0) so
        // every sample is one rising edge even if a read comes late (INT_PIN_CFG description). The data-ready
        // source drives it (INT_ENABLE DATA_RDY_EN); in FIFO mode FIFO_OFLOW_EN lets INT_STATUS report an overflow.
        w.append((MPURegister.intPinConfig, 0x00))
        w.append((MPURegister.intEnable, MPURegister.dataReadyInt | (usesFIFO ? MPURegister.fifoOverflowInt : 0)))
        w.append((MPURegister.fifoEnable, usesFIFO ? MPURegister.fifoAccelGyro : 0x00))
        return w
    }

    public func configure() throws {
        // Start from the power-on state whatever happened before (datasheet reset sequence).
        try identifyAndReset(whoAmI: MPURegister.whoAmI, expected: variant.rawValue,
                             reset: (MPURegister.powerManagement1, MPURegister.deviceReset), waitSeconds: Self.resetSeconds)
        try writeConfiguration()
        if usesFIFO {
            try bus.writeByteData(address: address, register: MPURegister.userControl, value: MPURegister.userFIFOReset)
            try bus.writeByteData(address: address, register: MPURegister.userControl, value: MPURegister.userFIFOEnable)
        }
        try verifyConfiguration()
        loop.restart()
    }

    public var betweenTransfers: (() -> Void)?

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

/// The chip half the read loop drives (`IMURawAccess`).
extension MPUIMU {
    /// LATCH_INT_EN = 0: a 50 µs pulse per sample.
    var dataReadyLineLatches: Bool { false }

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

    func drainFIFO() throws -> FIFODrain {
        let status = try bus.readByteData(address: address, register: MPURegister.intStatus)
        let count = try fifoCount()
        let countedAt = clock.nowSeconds()
        if status & MPURegister.fifoOverflowInt != 0 || count > variant.fifoSizeBytes - MPURegister.fifoFrameBytes {
            // The oldest frames were overwritten and frame alignment can't be trusted: reset and start over.
            try resetFIFO()
            return .overflowed
        }
        let frames = count / MPURegister.fifoFrameBytes
        guard frames > 0 else { return .frames([], countedAtSeconds: countedAt) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(frames * MPURegister.fifoFrameBytes)
        do {
            while bytes.count < frames * MPURegister.fifoFrameBytes {
                if !bytes.isEmpty { betweenTransfers?() }
                bytes += try bus.readPort(address: address, register: MPURegister.fifoReadWrite,
                                          count: min(i2cBlockMaxBytes, frames * MPURegister.fifoFrameBytes - bytes.count))
            }
        } catch let error as I2CError where SysCallRetry.transientBusErrnos.contains(error.errno) {
            // A glitch mid-read (not retried: `RetryingI2CBus`): the bytes it clocked out are gone. Keep the whole
            // frames read before it and bring the FIFO back to a frame boundary; the rest stays queued.
            let kept = bytes.count / MPURegister.fifoFrameBytes
            guard try realignFIFOAfterCut() else { return .overflowed }
            return .cut(decodeFrames(bytes, kept),
                        newestTakenAtSeconds: countedAt - Double(frames - kept) / sampleRateHz)
        }
        return .frames(decodeFrames(bytes, frames), countedAtSeconds: countedAt)
    }

    /// FIFO_COUNTH/L: the unread bytes.
    private func fifoCount() throws -> Int {
        let b = try bus.readRegisters(address: address, register: MPURegister.fifoCountH, count: 2)
        return Int(b[0]) << 8 | Int(b[1])
    }

    /// Empties the FIFO and keeps it enabled.
    private func resetFIFO() throws {
        try bus.writeByteData(address: address, register: MPURegister.userControl,
                              value: MPURegister.userFIFOEnable | MPURegister.userFIFOReset)
    }

    /// After a read cut by a bus error: the chip adds whole 12-byte frames, so the unread count modulo 12 is what is
    /// left of the frame the error cut into, however many of its bytes went; reading those few bytes puts the FIFO
    /// back on a frame boundary. Returns false if the FIFO was reset instead (it overflowed meanwhile, or the bus
    /// failed again: a FIFO reset is the recovery that needs no count); a chip that is really gone fails that reset
    /// too, and is then lost.
    private func realignFIFOAfterCut() throws -> Bool {
        do {
            let count = try fifoCount()
            if count <= variant.fifoSizeBytes - MPURegister.fifoFrameBytes {
                let partial = count % MPURegister.fifoFrameBytes
                if partial > 0 { _ = try bus.readPort(address: address, register: MPURegister.fifoReadWrite, count: partial) }
                return true
            }
        } catch let error as I2CError where SysCallRetry.transientBusErrnos.contains(error.errno) {}
        try resetFIFO()
        return false
    }

    /// The first `frames` 12-byte accel+gyro frames of a FIFO read.
    private func decodeFrames(_ bytes: [UInt8], _ frames: Int) -> [(accelMS2: Vector3, gyroRadS: Vector3)] {
        (0..<frames).map { i in
            let o = i * MPURegister.fifoFrameBytes
            return decode(accel: bytes, o, gyro: bytes, o + 6)
        }
    }
}
