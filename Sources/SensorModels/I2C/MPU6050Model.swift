import RollCore
import SensorIO

/// Register-level model of the InvenSense MPU-6050 (and the MPU-6500 / MPU-9250 WHO_AM_I variants), written from
/// the register map RM-MPU-6000A-00 rev 4.2 and RM-MPU-6500A-00 rev 2.1:
/// - power-on defaults: every register 0x00 except PWR_MGMT_1 (0x40 on the 6050: asleep; 0x01 on the 6500/9250)
///   and WHO_AM_I;
/// - burst reads and writes auto-increment the register address, except FIFO_R_W (reads pop the FIFO);
/// - sample rate = gyro output rate (8 kHz with DLPF_CFG 0 or 7, else 1 kHz) / (1 + SMPLRT_DIV) (SMPLRT_DIV description);
/// - outputs quantised to the full scale chosen in GYRO_CONFIG / ACCEL_CONFIG (their FS_SEL / AFS_SEL tables), big-endian;
/// - INT_STATUS DATA_RDY set per sample, cleared by reading INT_STATUS (INT_STATUS / INT_PIN_CFG descriptions); FIFO of accel/temp/gyro in
///   register order, overflow drops the oldest data and sets FIFO_OFLOW_INT (FIFO_EN, FIFO_R_W, INT_STATUS descriptions);
/// - DEVICE_RESET (PWR_MGMT_1 bit 7) restores the defaults.
/// Faults: `stuckData` freezes the output registers (a hung sensor core keeps answering the bus).
public final class MPU6050Model: I2CDeviceModel {
    public enum Variant: UInt8, Sendable { case mpu6050 = 0x68, mpu6500 = 0x70, mpu9250 = 0x71 }

    public let variant: Variant
    public var truth: TruthSignal
    /// Fractional error of the chip's sample clock (0.01 = runs 1 % fast).
    public var rateError: Double
    /// Freezes the data registers and FIFO contents (the bus still answers).
    public var stuckData = false
    public private(set) var registers = [UInt8](repeating: 0, count: 128)
    private var pointer: UInt8 = 0
    private var fifo: [UInt8] = []
    private var sampler = ModelSampler()
    /// Temperature the model reports, °C.
    public var temperatureC = 25.0
    /// Output noise in LSB rms, added before quantisation (0 = ideal, exact codes). Real parts: a few LSB.
    public var noiseLSB: Double = 0
    private var noise = ModelNoise(seed: 0x5EED)

    public init(variant: Variant = .mpu6050, truth: @escaping TruthSignal = Truth.atRest, rateError: Double = 0) {
        self.variant = variant; self.truth = truth; self.rateError = rateError
        powerOnReset(atSeconds: 0)
    }

    public var fifoCapacity: Int { variant == .mpu6050 ? 1024 : 512 }
    public var fifoCount: Int { fifo.count }
    /// Samples taken since sampling (re)started, and when sample k was taken: tests compare driver stamps to these.
    public var samplesTaken: Int { sampler.taken }
    public func timeOfSample(_ k: Int) -> Double { sampler.timeOfSample(k) }

    public func powerOnReset(atSeconds t: Double) {
        registers = [UInt8](repeating: 0, count: 128)
        registers[0x6B] = variant == .mpu6050 ? 0x40 : 0x01
        registers[0x75] = variant.rawValue
        fifo.removeAll()
        pointer = 0
        stuckData = false   // a reset revives a hung sensor core
        sampler.stop()
        // The 6500/9250 wake up (SLEEP = 0) and start sampling at power-on.
        restartSampling(atSeconds: t)
    }

    /// A fault: the FIFO overflowed (as if the host had not read it for too long); the oldest data are gone.
    public func injectFIFOOverflow() {
        guard registers[0x6A] & 0x40 != 0 else { return }
        fifo.removeFirst(min(fifo.count, 12 * max(1, fifo.count / 12)))
        fifo += [UInt8](repeating: 0, count: 5)   // frame alignment lost, as after a real overflow
        registers[0x3A] |= 0x10   // FIFO_OFLOW_INT
    }

    private var asleep: Bool { registers[0x6B] & 0x40 != 0 }

    /// Output rate from CONFIG DLPF_CFG and SMPLRT_DIV (6500: FCHOICE_B ≠ 0 bypasses the DLPF → 32 kHz, not modelled
    /// beyond treating it as 8 kHz).
    public var configuredRateHz: Double {
        let dlpf = registers[0x1A] & 0x07
        var gyroOutputHz = (dlpf == 0 || dlpf == 7) ? 8000.0 : 1000.0
        if variant != .mpu6050 && registers[0x1B] & 0x03 != 0 { gyroOutputHz = 8000 }
        return gyroOutputHz / (1 + Double(registers[0x19]))
    }

    private func restartSampling(atSeconds t: Double) {
        if asleep { sampler.stop() } else { sampler.start(atSeconds: t, rateHz: configuredRateHz * (1 + rateError)) }
    }

    /// The next instant the INT pin pulses (DATA_RDY_EN set, awake), for the data-ready line model.
    public func nextDataReady(after t: Double) -> Double? {
        guard registers[0x38] & 0x01 != 0 else { return nil }
        return sampler.nextSampleAfter(t)
    }

    private func update(_ t: Double) {
        sampler.advance(to: t) { ts in takeSample(atSeconds: ts) }
    }

    private func takeSample(atSeconds t: Double) {
        registers[0x3A] |= 0x01   // DATA_RDY_INT
        if !stuckData { latchOutputs(atSeconds: t) }
        pushFIFO()
    }

    private func latchOutputs(atSeconds t: Double) {
        let s = truth(t)
        let lsbPerG = 16384.0 / Double(1 << Int((registers[0x1C] >> 3) & 3))        // ACCEL_CONFIG AFS_SEL table
        let lsbPerDPS = [131.0, 65.5, 32.8, 16.4][Int((registers[0x1B] >> 3) & 3)]   // GYRO_CONFIG FS_SEL table
        let n = noiseLSB
        let a = [s.accelMS2.x, s.accelMS2.y, s.accelMS2.z].map {
            quantize($0 / standardGravityMS2 + noise.gaussian(n) / lsbPerG, countsPerUnit: lsbPerG) }
        let g = [s.gyroRadS.x, s.gyroRadS.y, s.gyroRadS.z].map {
            quantize($0 * 180 / Double.pi + noise.gaussian(n) / lsbPerDPS, countsPerUnit: lsbPerDPS) }
        // Temperature: 6050 °C = raw/340 + 36.53 (TEMP_OUT description); 6500/9250 °C = raw/333.87 + 21 (RM-MPU-6500A-00 TEMP_OUT description).
        let temp = variant == .mpu6050 ? quantize((temperatureC - 36.53), countsPerUnit: 340)
                                       : quantize(temperatureC - 21, countsPerUnit: 333.87)
        let values = a + [temp] + g
        for (i, v) in values.enumerated() {
            let u = UInt16(bitPattern: v)
            registers[0x3B + 2 * i] = UInt8(u >> 8)
            registers[0x3C + 2 * i] = UInt8(u & 0xFF)
        }
    }

    private func pushFIFO() {
        // FIFO: enabled outputs in register order (accel, temp, gyro x, y, z) when USER_CTRL.FIFO_EN is set.
        if registers[0x6A] & 0x40 != 0 {
            let en = registers[0x23]
            var frame: [UInt8] = []
            if en & 0x08 != 0 { frame += Array(registers[0x3B...0x40]) }
            if en & 0x80 != 0 { frame += Array(registers[0x41...0x42]) }
            if en & 0x40 != 0 { frame += Array(registers[0x43...0x44]) }
            if en & 0x20 != 0 { frame += Array(registers[0x45...0x46]) }
            if en & 0x10 != 0 { frame += Array(registers[0x47...0x48]) }
            fifo += frame
            if fifo.count > fifoCapacity {
                fifo.removeFirst(fifo.count - fifoCapacity)
                registers[0x3A] |= 0x10   // FIFO_OFLOW_INT
            }
        }
    }

    public func write(_ bytes: [UInt8], atSeconds t: Double) {
        update(t)
        guard let first = bytes.first else { return }
        pointer = first & 0x7F
        for v in bytes.dropFirst() {
            writeRegister(pointer, v, atSeconds: t)
            pointer = (pointer + 1) & 0x7F
        }
    }

    private func writeRegister(_ reg: UInt8, _ v: UInt8, atSeconds t: Double) {
        switch reg {
        case 0x75, 0x3A, 0x3B...0x48, 0x72, 0x73:
            return  // read-only
        case 0x6B where v & 0x80 != 0:
            powerOnReset(atSeconds: t)
        case 0x6A:
            if v & 0x04 != 0 { fifo.removeAll() }      // FIFO_RESET, self-clearing
            registers[0x6A] = v & ~0x04
        case 0x74:
            fifo.append(v)
        case 0x19, 0x1A, 0x1B, 0x6B:
            registers[Int(reg)] = v
            restartSampling(atSeconds: t)
        default:
            registers[Int(reg)] = v
        }
    }

    public func read(count: Int, atSeconds t: Double) -> [UInt8] {
        update(t)
        var out: [UInt8] = []
        for _ in 0..<count {
            switch pointer {
            case 0x3A:
                out.append(registers[0x3A])
                registers[0x3A] = 0                      // cleared by reading (INT_RD_CLEAR = 0)
            case 0x72:
                out.append(UInt8(fifo.count >> 8))
            case 0x73:
                out.append(UInt8(fifo.count & 0xFF))
            case 0x74:
                out.append(fifo.isEmpty ? 0xFF : fifo.removeFirst())
                continue                                 // FIFO_R_W does not advance the address
            default:
                out.append(registers[Int(pointer)])
            }
            pointer = (pointer + 1) & 0x7F
        }
        return out
    }
}
