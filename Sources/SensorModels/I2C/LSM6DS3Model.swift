import RollCore
import SensorIO

/// Register-level model of the ST LSM6DS3 (WHO_AM_I 0x69; set `whoAmI` 0x6A/0x6C for the DSL/DSOX personas), from
/// datasheet DocID026899 rev 10:
/// - power-on: CTRL3_C = 0x04 (IF_INC), everything else used here 0x00 (both sensors powered down);
/// - ODR_XL / ODR_G codes 1…10 = 12.5…6660 Hz (tables 45/48), FS_XL 00/01/10/11 = ±2/±16/±4/±8 g, FS_G 00…11 =
///   ±245…±2000 °/s with the sensitivities of table 3; outputs little-endian, address auto-increments when IF_INC;
/// - STATUS_REG XLDA/GDA set per new sample, cleared when that sensor's output registers are read;
/// - CTRL3_C SW_RESET restores the defaults;
/// - the FIFO in the layout of the persona (`LSM6FIFORegister`): DS3/DSL untagged 16-bit words, gyro data set then
///   accel data set per sample, FIFO_PATTERN = index of the next word, read through FIFO_DATA_OUT_L/H whose address
///   wraps (3Fh → 3Eh); DSOX tagged 7-byte words read through 78h…7Eh (wrapping to 78h), TAG_CNT counting the time
///   slots; continuous mode drops the oldest word when full and sets the overrun flag, bypass empties it and clears
///   the flag. (Decimation / batch-rate codes other than "on at the sensor ODR" are not modelled.)
public final class LSM6DS3Model: I2CDeviceModel {
    public var truth: TruthSignal
    public var rateError: Double
    public var stuckData = false
    public let whoAmI: UInt8
    public private(set) var registers = [UInt8](repeating: 0, count: 128)
    private var pointer: UInt8 = 0
    private var sampler = ModelSampler()
    /// Output noise in LSB rms, added before quantisation (0 = ideal, exact codes). Real parts: a few LSB.
    public var noiseLSB: Double = 0
    private var noise = ModelNoise(seed: 0x5EED)
    /// FIFO words (2 bytes DS3/DSL, 7 bytes DSOX), oldest at `fifoHead`.
    private var fifo: [[UInt8]] = []
    private var fifoHead = 0
    /// Pattern index (0…5) of the oldest word (DS3/DSL).
    private var patternHead = 0
    private var overrun = false
    private var tagCount: UInt8 = 0

    private var tagged: Bool { whoAmI == 0x6C }
    /// Words the FIFO holds (`LSM6FIFORegister.capacityWords`).
    public var fifoCapacityWords: Int { whoAmI == 0x6C ? 512 : whoAmI == 0x6A ? 2048 : 4096 }
    public var fifoWordCount: Int { fifo.count - fifoHead }

    public init(whoAmI: UInt8 = 0x69, truth: @escaping TruthSignal = Truth.atRest, rateError: Double = 0) {
        self.whoAmI = whoAmI; self.truth = truth; self.rateError = rateError
        powerOnReset(atSeconds: 0)
    }

    public var samplesTaken: Int { sampler.taken }
    public func timeOfSample(_ k: Int) -> Double { sampler.timeOfSample(k) }

    public func powerOnReset(atSeconds t: Double) {
        registers = [UInt8](repeating: 0, count: 128)
        registers[0x0F] = whoAmI
        registers[0x12] = 0x04
        clearFIFO()
        pointer = 0
        stuckData = false
        sampler.stop()
    }

    static let odrHz: [Double] = [0, 12.5, 26, 52, 104, 208, 416, 833, 1660, 3330, 6660]
    private func odr(_ reg: Int) -> Double {
        let code = Int(registers[reg] >> 4)
        return code < Self.odrHz.count ? Self.odrHz[code] : 0
    }

    private func restartSampling(atSeconds t: Double) {
        // One sample clock for both sensors: the faster ODR (the driver runs them at the same rate).
        let rate = max(odr(0x10), odr(0x11))
        if rate > 0 { sampler.start(atSeconds: t, rateHz: rate * (1 + rateError)) } else { sampler.stop() }
    }

    public func nextDataReady(after t: Double) -> Double? {
        guard registers[0x0D] & 0x03 != 0 else { return nil }
        return sampler.nextSampleAfter(t)
    }

    private func update(_ t: Double) { sampler.advance(to: t) { takeSample(atSeconds: $0) } }

    private func clearFIFO() {
        fifo.removeAll(keepingCapacity: true); fifoHead = 0; patternHead = 0; overrun = false
    }

    /// A fault: the FIFO overflowed (as if the host had not read it for too long).
    public func injectFIFOOverflow() {
        guard fifoRunning else { return }
        overrun = true
    }

    private var fifoRunning: Bool {
        tagged ? registers[0x0A] & 0x07 == 0x06 && registers[0x09] != 0
               : registers[0x0A] & 0x07 == 0x06 && registers[0x0A] >> 3 != 0 && registers[0x08] != 0
    }

    private func pushFIFO() {
        guard fifoRunning else { return }
        let g = Array(registers[0x22...0x27]), a = Array(registers[0x28...0x2D])
        if tagged {
            tagCount = (tagCount + 1) & 0x03
            if registers[0x09] >> 4 != 0 { append([0x01 << 3 | tagCount << 1] + g) }
            if registers[0x09] & 0x0F != 0 { append([0x02 << 3 | tagCount << 1] + a) }
        } else {
            // Data sets in order: gyroscope, then accelerometer (each only if its decimation code is non-zero).
            if (registers[0x08] >> 3) & 0x07 != 0 { for i in 0..<3 { append([g[2 * i], g[2 * i + 1]]) } }
            if registers[0x08] & 0x07 != 0 { for i in 0..<3 { append([a[2 * i], a[2 * i + 1]]) } }
        }
    }

    private var patternLength: Int {
        ((registers[0x08] >> 3) & 0x07 != 0 ? 3 : 0) + (registers[0x08] & 0x07 != 0 ? 3 : 0)
    }

    private func append(_ word: [UInt8]) {
        fifo.append(word)
        if fifoWordCount > fifoCapacityWords { popFIFO(); overrun = true }
    }

    private func popFIFO() {
        guard fifoWordCount > 0 else { return }
        fifoHead += 1
        if !tagged, patternLength > 0 { patternHead = (patternHead + 1) % patternLength }
        if fifoHead > 4096 { fifo.removeFirst(fifoHead); fifoHead = 0 }
    }

    private func fifoRegister(_ reg: UInt8) -> UInt8 {
        let n = fifoWordCount
        switch reg {
        case 0x3A: return UInt8(n & 0xFF)
        case 0x3B:
            let high = UInt8((n >> 8) & (tagged ? 0x03 : whoAmI == 0x6A ? 0x07 : 0x0F))
            let full: UInt8 = n >= fifoCapacityWords ? 0x20 : 0
            let empty: UInt8 = (!tagged && n == 0) ? 0x10 : 0
            return (overrun ? 0x40 : 0) | full | empty | high
        case 0x3C: return tagged ? 0 : UInt8(patternHead & 0xFF)
        case 0x3D: return tagged ? 0 : UInt8(patternHead >> 8)
        default: return 0
        }
    }

    private func takeSample(atSeconds t: Double) {
        let xlOn = odr(0x10) > 0, gOn = odr(0x11) > 0
        if xlOn { registers[0x1E] |= 0x01 }
        if gOn { registers[0x1E] |= 0x02 }
        if stuckData { return }
        let s = truth(t)
        let mgPerLSB = [0.061, 0.488, 0.122, 0.244][Int((registers[0x10] >> 2) & 3)]
        let mdpsPerLSB = [8.75, 17.5, 35.0, 70.0][Int((registers[0x11] >> 2) & 3)]
        func put(_ base: Int, _ v: [Int16]) {
            for (i, x) in v.enumerated() {
                let u = UInt16(bitPattern: x)
                registers[base + 2 * i] = UInt8(u & 0xFF)
                registers[base + 2 * i + 1] = UInt8(u >> 8)
            }
        }
        if gOn {
            put(0x22, [s.gyroRadS.x, s.gyroRadS.y, s.gyroRadS.z].map {
                quantize($0 * 180 / Double.pi + noise.gaussian(noiseLSB) * mdpsPerLSB / 1000, countsPerUnit: 1000 / mdpsPerLSB) })
        }
        if xlOn {
            put(0x28, [s.accelMS2.x, s.accelMS2.y, s.accelMS2.z].map {
                quantize($0 / standardGravityMS2 + noise.gaussian(noiseLSB) * mgPerLSB / 1000, countsPerUnit: 1000 / mgPerLSB) })
        }
        pushFIFO()
    }

    private var autoIncrement: Bool { registers[0x12] & 0x04 != 0 }

    public func write(_ bytes: [UInt8], atSeconds t: Double) {
        update(t)
        guard let first = bytes.first else { return }
        pointer = first & 0x7F
        for v in bytes.dropFirst() {
            switch pointer {
            case 0x0F, 0x1E, 0x20...0x2D, 0x3A...0x3F, 0x78...0x7E:
                break  // read-only
            case 0x12 where v & 0x01 != 0:
                powerOnReset(atSeconds: t)
                return
            case 0x10, 0x11:
                registers[Int(pointer)] = v
                restartSampling(atSeconds: t)
            case 0x0A:
                registers[0x0A] = v
                if v & 0x07 == 0 { clearFIFO() }   // bypass mode empties the FIFO
            default:
                registers[Int(pointer)] = v
            }
            if autoIncrement { pointer = (pointer + 1) & 0x7F }
        }
    }

    public func read(count: Int, atSeconds t: Double) -> [UInt8] {
        update(t)
        var out: [UInt8] = []
        for _ in 0..<count {
            switch pointer {
            case 0x3A...0x3D:
                out.append(fifoRegister(pointer))
            case 0x3E...0x3F where !tagged:   // both FIFO_DATA_OUT bytes, untagged FIFO only
                let word = fifoWordCount > 0 ? fifo[fifoHead] : [0, 0]
                out.append(word[Int(pointer - 0x3E)])
                if pointer == 0x3F { popFIFO(); pointer = 0x3D }   // wraps to FIFO_DATA_OUT_L below
            case 0x78...0x7E where tagged:
                let word = fifoWordCount > 0 ? fifo[fifoHead] : [UInt8](repeating: 0, count: 7)
                out.append(word[Int(pointer - 0x78)])
                if pointer == 0x7E { popFIFO(); pointer = 0x77 }   // wraps to FIFO_DATA_OUT_TAG below
            default:
                out.append(registers[Int(pointer)])
            }
            if (0x22...0x27).contains(pointer) { registers[0x1E] &= ~0x02 }
            if (0x28...0x2D).contains(pointer) { registers[0x1E] &= ~0x01 }
            if autoIncrement || pointer == 0x3D || pointer == 0x77 { pointer = (pointer + 1) & 0x7F }
        }
        return out
    }
}
