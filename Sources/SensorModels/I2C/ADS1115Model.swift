import SensorIO

/// Register-level model of the TI ADS1115 (datasheet SBAS444D): a pointer register selects one of four 16-bit
/// registers, written and read MSB first; config powers on as 0x8583, Lo_thresh 0x8000, Hi_thresh 0x7FFF.
/// Writing OS = 1 in single-shot mode starts a conversion that ends 1/DR later (OS reads 0 meanwhile); in continuous
/// mode the conversion register refreshes every 1/DR. Codes are V / (FS/2^15), clipped to 0x8000…0x7FFF ("Full-Scale Range (FSR) and LSB Size").
public final class ADS1115Model: I2CDeviceModel {
    /// Volts between the selected inputs at time t (the test decides what the MUX setting means for its rig).
    public var inputVolts: @Sendable (_ mux: Int, _ tSeconds: Double) -> Double
    public private(set) var registers: [UInt16] = [0, 0x8583, 0x8000, 0x7FFF]
    private var pointer = 0
    private var conversionEnd: Double?
    private var continuousEpoch: Double?

    public init(inputVolts: @escaping @Sendable (_ mux: Int, _ tSeconds: Double) -> Double) {
        self.inputVolts = inputVolts
    }

    public func powerOnReset(atSeconds t: Double) {
        registers = [0, 0x8583, 0x8000, 0x7FFF]
        pointer = 0
        conversionEnd = nil
        continuousEpoch = nil
    }

    var config: UInt16 { registers[1] }
    var dataRateSPS: Double { [8.0, 16, 32, 64, 128, 250, 475, 860][Int((config >> 5) & 7)] }
    var fullScaleVolts: Double { [6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256][Int((config >> 9) & 7)] }

    private func convert(atSeconds t: Double) -> UInt16 {
        let v = inputVolts(Int((config >> 12) & 7), t)
        let code = (v / (fullScaleVolts / 32768)).rounded()
        return UInt16(bitPattern: Int16(max(-32768, min(32767, code))))
    }

    private func update(_ t: Double) {
        if let end = conversionEnd, t >= end {
            // The result reflects the input averaged over the conversion; the value at its end is close enough here.
            registers[0] = convert(atSeconds: end)
            registers[1] |= 0x8000
            conversionEnd = nil
        }
        if let epoch = continuousEpoch {
            let n = ((t - epoch) * dataRateSPS).rounded(.down)
            if n >= 1 { registers[0] = convert(atSeconds: epoch + n / dataRateSPS) }
        }
    }

    public func write(_ bytes: [UInt8], atSeconds t: Double) {
        update(t)
        guard let first = bytes.first else { return }
        pointer = Int(first & 0x03)
        guard bytes.count >= 3 else { return }
        let value = UInt16(bytes[1]) << 8 | UInt16(bytes[2])
        switch pointer {
        case 0: return  // conversion register is read-only
        case 1:
            let singleShot = value & 0x0100 != 0
            // OS is a command on write; it reads back as the status bit.
            registers[1] = (value & 0x7FFF) | (registers[1] & 0x8000)
            if singleShot {
                continuousEpoch = nil
                if value & 0x8000 != 0 && conversionEnd == nil {
                    registers[1] &= 0x7FFF
                    conversionEnd = t + 1 / dataRateSPS
                }
            } else {
                continuousEpoch = t
                registers[1] &= 0x7FFF
            }
        default:
            registers[pointer] = value
        }
    }

    public func read(count: Int, atSeconds t: Double) -> [UInt8] {
        update(t)
        let r = registers[pointer]
        // Reads past two bytes repeat the register (the pointer does not advance).
        return (0..<count).map { $0 % 2 == 0 ? UInt8(r >> 8) : UInt8(r & 0xFF) }
    }
}
