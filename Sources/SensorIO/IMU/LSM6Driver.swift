import RollCore

/// LSM6DS3 / DS33 / DSL / DSOX accelerometer + gyroscope at 833 Hz (416 or 208 Hz on a slow bus, `BusBudget`),
/// ±2000 °/s, ±8 g, block data update on so a burst never mixes bytes of two samples; little-endian output
/// registers, sign-extended.
/// Acquisition by the FIFO in continuous mode (default; `LSM6FIFORegister` for the two layouts), by data-ready line
/// (INT1 ← gyroscope data ready) or by paced polling of STATUS_REG.
public final class LSM6IMU: IMUReadLoopDriver {
    public let bus: I2CBus
    public let address: UInt8
    public let variant: LSM6Variant
    public let gyroRange: LSM6GyroRange
    public let accelRange: LSM6AccelRange
    let clock: MonotonicClock
    var loop: IMUReadLoop
    private let usesDataReadyLine: Bool
    private let batchSeconds: Double?

    public var chipName: String { variant.chipName }
    public private(set) var sampleRateHz: Double = 833
    /// ODR codes 0111 / 0110 / 0101 = 833 / 416 / 208 Hz (LSM6DS3 DocID026899 tables 45/48; the DSOX names the
    /// middle one 417 Hz, same code).
    public var supportedRatesHz: [Double] { [833, 416, 208] }
    public var gyroFullScaleRadS: Double { gyroRange.fullScaleDPS * radiansPerDegree }
    public var gyroSensitivityLSBPerDPS: Double { 1000 / gyroRange.milliDPSPerLSB }

    /// ODR_XL / ODR_G / ODR_FIFO / BDR code of the selected rate.
    var odrCode: UInt8 {
        switch sampleRateHz {
        case 833: LSM6Register.odr833Hz
        case 416: 0x6
        default: 0x5
        }
    }

    /// SW_RESET completes within ~50 µs (LSM6DS3 DocID026899, CTRL3_C SW_RESET description); wait a comfortable 10 ms.
    static let resetSeconds = 0.01
    /// Tagged FIFO words per block read: 4 × 7 = 28 bytes, the most whole words in one 32-byte SMBus block. The
    /// read address wraps from FIFO_DATA_OUT_Z_H back to FIFO_DATA_OUT_TAG, which is how Linux's st_lsm6dsx reads
    /// several words per transfer.
    static let taggedWordsPerBlock = i2cBlockMaxBytes / LSM6FIFORegister.oxWordBytes

    public init(bus: I2CBus, address: UInt8, variant: LSM6Variant, clock: MonotonicClock,
                mode: IMUAcquisitionMode = .fifo(batchSeconds: IMUDetector.defaultBatchSeconds),
                gyroRange: LSM6GyroRange = .dps2000, accelRange: LSM6AccelRange = .g8) {
        self.bus = bus; self.address = address; self.variant = variant; self.clock = clock
        self.gyroRange = gyroRange; self.accelRange = accelRange
        if case .dataReadyLine = mode { usesDataReadyLine = true } else { usesDataReadyLine = false }
        if case let .fifo(b) = mode { batchSeconds = b } else { batchSeconds = nil }
        loop = IMUReadLoop(clock: clock, mode: mode, chipName: variant.chipName, rateHz: 833)
    }

    public func selectRate(_ rateHz: Double) {
        precondition(supportedRatesHz.contains(rateHz), "LSM6 rate \(rateHz) Hz is not one of \(supportedRatesHz)")
        sampleRateHz = rateHz
        loop.setRate(rateHz)
    }

    var fifoWrites: [(UInt8, UInt8)] {
        guard batchSeconds != nil else { return [] }
        if LSM6FIFORegister.isTagged(variant) {
            return [(LSM6FIFORegister.oxFIFOControl3, odrCode << 4 | odrCode),
                    (LSM6FIFORegister.oxFIFOControl4, LSM6FIFORegister.modeContinuous)]
        }
        return [(LSM6FIFORegister.dsFIFOControl3, LSM6FIFORegister.dsNoDecimation << 3 | LSM6FIFORegister.dsNoDecimation),
                (LSM6FIFORegister.dsFIFOControl5, odrCode << 3 | LSM6FIFORegister.modeContinuous)]
    }

    /// The FIFO mode register and its running value (written again after a reset).
    var fifoModeWrite: (UInt8, UInt8)? { fifoWrites.last }

    var configurationWrites: [(UInt8, UInt8)] {
        [
            (LSM6Register.ctrl3C, LSM6Register.blockDataUpdate | LSM6Register.autoIncrement),
            // Filter bits 1:0 = 0: on the DS3 the anti-aliasing bandwidth then follows the ODR; on DSL/DSOX the
            // second low-pass stage stays off (first stage ~ODR/2).
            (LSM6Register.ctrl1XL, odrCode << 4 | accelRange.rawValue << 2),
            (LSM6Register.ctrl2G, odrCode << 4 | gyroRange.rawValue << 2),
            // Gyro data ready only: accel and gyro run at one ODR, and one source gives one edge per sample.
            (LSM6Register.int1Control, usesDataReadyLine ? LSM6Register.int1GyroDataReady : 0),
        ] + fifoWrites
    }

    public func configure() throws {
        try identifyAndReset(whoAmI: LSM6Register.whoAmI, expected: variant.rawValue,
                             reset: (LSM6Register.ctrl3C, LSM6Register.softwareReset), waitSeconds: Self.resetSeconds)
        try writeConfiguration()
        try verifyConfiguration()
        loop.restart()
    }

    public var betweenTransfers: (() -> Void)?

    /// Per FIFO batch: the FIFO status block, then the words in whole-word blocks (`drainFIFO`); per sample after a
    /// data-ready edge one 12-byte burst; when polling STATUS_REG then the burst; plus the configuration read-back
    /// once per `verifyIntervalSeconds`.
    public func busTraffic(rateHz: Double) -> BusTraffic {
        var t: [(transaction: SMBusTransaction, perSecond: Double)] =
            [(.readByte, Double(configurationWrites.count) / IMUReadLoop.verifyIntervalSeconds)]
        if let batch = batchSeconds {
            let perSecond = 1 / batch
            let samples = Int((rateHz * batch).rounded(.up))
            let tagged = LSM6FIFORegister.isTagged(variant)
            t.append((.readBlock(tagged ? 2 : 4), perSecond))
            let blocks = tagged
                ? BusTraffic.blockReads(bytes: samples * 2 * LSM6FIFORegister.oxWordBytes,
                                        chunk: Self.taggedWordsPerBlock * LSM6FIFORegister.oxWordBytes)
                : BusTraffic.blockReads(bytes: samples * 12)
            for b in blocks { t.append((b, perSecond)) }
        } else if usesDataReadyLine {
            t.append((.readBlock(12), rateHz))
        } else {
            t.append((.readByte, rateHz))
            t.append((.readBlock(12), rateHz))
        }
        return BusTraffic(t)
    }

    /// 12 bytes from OUTX_L_G (or one FIFO pattern): gyro XYZ then accel XYZ, little-endian.
    func decode(_ b: [UInt8], _ o: Int = 0) -> (accelMS2: Vector3, gyroRadS: Vector3) {
        (decodeAccel(b, o + 6), decodeGyro(b, o))
    }

    func decodeGyro(_ b: [UInt8], _ o: Int) -> Vector3 {
        let scale = gyroRange.milliDPSPerLSB * 1e-3 * radiansPerDegree
        return Vector3(Double(Raw.int16LE(b, o)), Double(Raw.int16LE(b, o + 2)), Double(Raw.int16LE(b, o + 4))) * scale
    }

    func decodeAccel(_ b: [UInt8], _ o: Int) -> Vector3 {
        let scale = accelRange.milliGPerLSB * 1e-3 * standardGravityMS2
        return Vector3(Double(Raw.int16LE(b, o)), Double(Raw.int16LE(b, o + 2)), Double(Raw.int16LE(b, o + 4))) * scale
    }
}

/// The chip half the read loop drives (`IMURawAccess`).
extension LSM6IMU {
    /// INT1 data-ready is latched until the data are read (the pulsed mode's register differs across the family).
    var dataReadyLineLatches: Bool { true }

    func readIfReady() throws -> (accelMS2: Vector3, gyroRadS: Vector3)? {
        let status = try bus.readByteData(address: address, register: LSM6Register.status)
        let both = LSM6Register.gyroDataReady | LSM6Register.accelDataReady
        guard status & both == both else { return nil }
        return try readSample()
    }

    func readSample() throws -> (accelMS2: Vector3, gyroRadS: Vector3) {
        decode(try bus.readRegisters(address: address, register: LSM6Register.outXLG, count: 12))
    }

    func drainFIFO() throws -> FIFODrain {
        LSM6FIFORegister.isTagged(variant) ? try drainTaggedFIFO() : try drainPatternFIFO()
    }

    /// Empties the FIFO (bypass) and restarts it (continuous), after an overrun.
    private func resetFIFO() throws {
        guard let (reg, running) = fifoModeWrite else { return }
        try bus.writeByteData(address: address, register: reg, value: LSM6FIFORegister.modeBypass)
        try bus.writeByteData(address: address, register: reg, value: running)
    }

    /// FIFO_STATUS1… read in one block (`registers` of them) and the unread word count (DIFF_FIFO, in STATUS1 and
    /// the low bits of STATUS2), stamped when read; nil after an overrun, which empties and restarts the FIFO.
    private func fifoStatus(registers: Int) throws -> (status: [UInt8], words: Int, countedAtSeconds: Double)? {
        let s = try bus.readRegisters(address: address, register: LSM6FIFORegister.status1, count: registers)
        let countedAt = clock.nowSeconds()
        if s[1] & LSM6FIFORegister.overrun != 0 {
            try resetFIFO()
            return nil
        }
        return (s, Int(s[0]) | Int(s[1] & LSM6FIFORegister.diffHighMask(variant)) << 8, countedAt)
    }

    /// DS3 / DS33 / DSL: FIFO_STATUS1…4 in one block, then whole 6-word patterns from FIFO_DATA_OUT.
    private func drainPatternFIFO() throws -> FIFODrain {
        guard let (s, words, countedAt) = try fifoStatus(registers: 4) else { return .overflowed }
        let pattern = (Int(s[2]) | Int(s[3] & 0x03) << 8) % 6
        // The next word should be gyro X; if not (first read after a reset or a cut read), drop the rest of the
        // partial pattern.
        let skip = pattern == 0 ? 0 : 6 - pattern
        guard words >= skip + 6 else { return .frames([], countedAtSeconds: countedAt) }
        let samples = (words - skip) / 6
        let (bytes, cut) = try readPatternWords(skip + samples * 6)
        let kept = cut ? max(0, bytes.count / 2 - skip) / 6 : samples
        let frames = (0..<kept).map { decode(bytes, (skip + $0 * 6) * 2) }
        // A cut read needs no realigning: the FIFO's pattern counter tells the next drain where a sample starts.
        return cut ? .cut(frames, newestTakenAtSeconds: countedAt - Double(samples - kept) / sampleRateHz)
                   : .frames(frames, countedAtSeconds: countedAt)
    }

    /// The words, or those read before a bus error cut the read (`cut`; not retried: `RetryingI2CBus`).
    private func readPatternWords(_ words: Int) throws -> (bytes: [UInt8], cut: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(words * 2)
        do {
            while out.count < words * 2 {
                if !out.isEmpty { betweenTransfers?() }
                out += bus.supportsBlockRead
                    ? try bus.readPort(address: address, register: LSM6FIFORegister.dsDataOutL, count: min(i2cBlockMaxBytes, words * 2 - out.count))
                    : try bus.readRegisters(address: address, register: LSM6FIFORegister.dsDataOutL, count: 2)
            }
        } catch let error as I2CError where SysCallRetry.transientBusErrnos.contains(error.errno) {
            return (out, true)
        }
        return (out, false)
    }

    /// DSOX: FIFO_STATUS1/2, then tagged words; a gyro and an accel word with the same TAG_CNT make one sample.
    private func drainTaggedFIFO() throws -> FIFODrain {
        guard let (_, words, countedAt) = try fifoStatus(registers: 2) else { return .overflowed }
        guard words > 0 else { return .frames([], countedAtSeconds: countedAt) }
        let size = LSM6FIFORegister.oxWordBytes
        var bytes: [UInt8] = []
        bytes.reserveCapacity(words * size)
        var left = words
        while left > 0 {
            if left < words { betweenTransfers?() }
            let n = bus.supportsBlockRead ? min(Self.taggedWordsPerBlock, left) : 1
            bytes += bus.supportsBlockRead
                ? try bus.readBlock(address: address, register: LSM6FIFORegister.oxDataOutTag, count: n * size)
                : try bus.readRegisters(address: address, register: LSM6FIFORegister.oxDataOutTag, count: size)
            left -= n
        }
        var frames: [(accelMS2: Vector3, gyroRadS: Vector3)] = []
        var gyro: (count: UInt8, v: Vector3)?
        var accel: (count: UInt8, v: Vector3)?
        for w in 0..<words {
            let o = w * size
            let tag = bytes[o] >> 3, count = (bytes[o] >> 1) & 0x03
            switch tag {
            case LSM6FIFORegister.oxTagGyro: gyro = (count, decodeGyro(bytes, o + 1))
            case LSM6FIFORegister.oxTagAccel: accel = (count, decodeAccel(bytes, o + 1))
            default: continue   // another sensor's word (not enabled here): skip
            }
            if let g = gyro, let a = accel, g.count == a.count {
                frames.append((a.v, g.v))
                gyro = nil; accel = nil
            }
        }
        return .frames(frames, countedAtSeconds: countedAt)
    }
}
