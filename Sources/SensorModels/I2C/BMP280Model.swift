import SensorIO

/// Register-level model of the Bosch BMP280 (datasheet BST-BMP280-DS001-19):
/// - id 0xD0 = 0x58, trimming parameters at 0x88…0x9F (default: the datasheet's worked-example set), reset
///   register 0xE0 (0xB6 → power-on reset), status 0xF3 (measuring bit 3), ctrl_meas 0xF4, config 0xF5,
///   data 0xF7…0xFC (20-bit, MSB first) reading 0x80000 until the first measurement (register reset values, §4.3);
/// - reads auto-increment; writes are (register, value) pairs (I2C write description, §5.2);
/// - forced mode: one measurement lasting the typical t_measure (appendix "Measurement time": 1 + 2·osrs_t + 2·osrs_p + 0.5 ms), then back
///   to sleep; normal mode: repeated every t_measure + t_standby;
/// - raw values are found by inverting the datasheet's floating-point compensation (§8.1) numerically, so a driver
///   using the integer formulas of §3.11.3 must land within their rounding of the true pressure.
public final class BMP280Model: I2CDeviceModel {
    public var pressurePa: @Sendable (_ tSeconds: Double) -> Double
    public var temperatureC: Double
    public let trimming: BMP280Calibration
    public private(set) var registers = [UInt8](repeating: 0, count: 256)
    private var pointer: UInt8 = 0
    private var measurementEnd: Double?
    private var normalEpoch: Double?

    /// Worked-example trimming values from the datasheet's compensation example (the compensation example table).
    public static let datasheetTrimming = BMP280Calibration(
        digT1: 27504, digT2: 26435, digT3: -1000, digP1: 36477, digP2: -10685, digP3: 3024, digP4: 2855,
        digP5: 140, digP6: -7, digP7: 15500, digP8: -14600, digP9: 6000)

    public init(trimming: BMP280Calibration = datasheetTrimming, temperatureC: Double = 25,
                pressurePa: @escaping @Sendable (Double) -> Double = { _ in 101_325 }) {
        self.trimming = trimming; self.temperatureC = temperatureC; self.pressurePa = pressurePa
        powerOnReset(atSeconds: 0)
    }

    public func powerOnReset(atSeconds t: Double) {
        registers = [UInt8](repeating: 0, count: 256)
        registers[0xD0] = 0x58
        let words: [UInt16] = [trimming.digT1, UInt16(bitPattern: trimming.digT2), UInt16(bitPattern: trimming.digT3),
                               trimming.digP1] + [trimming.digP2, trimming.digP3, trimming.digP4, trimming.digP5,
                                                  trimming.digP6, trimming.digP7, trimming.digP8, trimming.digP9]
                                                  .map { UInt16(bitPattern: $0) }
        for (i, w) in words.enumerated() {
            registers[0x88 + 2 * i] = UInt8(w & 0xFF)
            registers[0x89 + 2 * i] = UInt8(w >> 8)
        }
        registers[0xF7] = 0x80; registers[0xFA] = 0x80
        pointer = 0
        measurementEnd = nil
        normalEpoch = nil
    }

    private static let oversampling = [0, 1, 2, 4, 8, 16, 16, 16]
    private var measurementSeconds: Double {
        let ctrl = registers[0xF4]
        let osT = Self.oversampling[Int(ctrl >> 5)], osP = Self.oversampling[Int((ctrl >> 2) & 7)]
        return (1 + 2 * Double(osT) + (osP > 0 ? 2 * Double(osP) + 0.5 : 0)) * 1e-3
    }
    private var standbySeconds: Double { [0.0005, 0.0625, 0.125, 0.25, 0.5, 1, 2, 4][Int(registers[0xF5] >> 5)] }

    // Floating-point compensation (§8.1) used forward; raw values found by bisection (both are monotonic).
    private func tFine(_ adcT: Double) -> Double {
        let t1 = Double(trimming.digT1), t2 = Double(trimming.digT2), t3 = Double(trimming.digT3)
        let v1 = (adcT / 16384 - t1 / 1024) * t2
        let d = adcT / 131072 - t1 / 8192
        return v1 + d * d * t3
    }
    private func pressure(_ adcP: Double, tFine: Double) -> Double {
        let c = trimming
        var v1 = tFine / 2 - 64000
        var v2 = v1 * v1 * Double(c.digP6) / 32768
        v2 += v1 * Double(c.digP5) * 2
        v2 = v2 / 4 + Double(c.digP4) * 65536
        v1 = (Double(c.digP3) * v1 * v1 / 524288 + Double(c.digP2) * v1) / 524288
        v1 = (1 + v1 / 32768) * Double(c.digP1)
        var p = 1048576 - adcP
        p = (p - v2 / 4096) * 6250 / v1
        v1 = Double(c.digP9) * p * p / 2147483648
        v2 = p * Double(c.digP8) / 32768
        return p + (v1 + v2 + Double(c.digP7)) / 16
    }
    private func bisect(_ f: (Double) -> Double, target: Double, increasing: Bool) -> Int32 {
        var lo = 0.0, hi = 1048575.0
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if (f(mid) < target) == increasing { lo = mid } else { hi = mid }
        }
        return Int32(((lo + hi) / 2).rounded())
    }

    private func measure(atSeconds t: Double) {
        let ctrl = registers[0xF4]
        let adcT = bisect({ self.tFine($0) / 5120 }, target: temperatureC, increasing: true)
        let fine = tFine(Double(adcT))
        var adcP: Int32 = 0x80000
        if (ctrl >> 2) & 7 != 0 {
            adcP = bisect({ self.pressure($0, tFine: fine) }, target: pressurePa(t), increasing: false)
        }
        let rawT: Int32 = ctrl >> 5 != 0 ? adcT : 0x80000
        for (base, v) in [(0xF7, adcP), (0xFA, rawT)] {
            registers[base] = UInt8((v >> 12) & 0xFF)
            registers[base + 1] = UInt8((v >> 4) & 0xFF)
            registers[base + 2] = UInt8((v & 0x0F) << 4)
        }
    }

    private func update(_ t: Double) {
        if let end = measurementEnd, t >= end {
            measure(atSeconds: end)
            measurementEnd = nil
            registers[0xF4] &= ~0x03           // forced mode returns to sleep
        }
        if let epoch = normalEpoch {
            let period = measurementSeconds + standbySeconds
            let n = ((t - epoch) / period).rounded(.down)
            if n >= 1 { measure(atSeconds: epoch + n * period) }
        }
        if let end = measurementEnd, t < end { registers[0xF3] |= 0x08 } else { registers[0xF3] &= ~0x08 }
    }

    public func write(_ bytes: [UInt8], atSeconds t: Double) {
        update(t)
        guard let first = bytes.first else { return }
        pointer = first
        var i = 0
        while i + 1 < bytes.count {
            writeRegister(bytes[i], bytes[i + 1], atSeconds: t)
            i += 2
        }
        update(t)
    }

    private func writeRegister(_ reg: UInt8, _ value: UInt8, atSeconds t: Double) {
        switch reg {
        case 0xE0 where value == 0xB6:
            powerOnReset(atSeconds: t)
        case 0xF4:
            registers[0xF4] = value
            switch value & 0x03 {
            case 0x01, 0x02: measurementEnd = t + measurementSeconds; normalEpoch = nil
            case 0x03: normalEpoch = t; measurementEnd = nil
            default: normalEpoch = nil
            }
        case 0xF5:
            registers[0xF5] = value
        default:
            break  // other registers are read-only
        }
    }

    public func read(count: Int, atSeconds t: Double) -> [UInt8] {
        update(t)
        var out: [UInt8] = []
        for _ in 0..<count {
            out.append(registers[Int(pointer)])
            pointer = pointer &+ 1
        }
        return out
    }
}
