/// Bosch BMP280 register map (datasheet BST-BMP280-DS001-19 §4.2 "Memory map", §4.3 register descriptions).
public enum BMP280Register {
    public static let calibrationStart: UInt8 = 0x88  // dig_T1 .. dig_P9: 12 little-endian words, 0x88..0x9F (§3.11.2)
    public static let calibrationBytes = 24
    public static let chipID: UInt8 = 0xD0            // "id" = 0x58
    public static let reset: UInt8 = 0xE0             // write 0xB6 → power-on reset
    public static let status: UInt8 = 0xF3            // measuring bit 3, im_update bit 0
    public static let controlMeasurement: UInt8 = 0xF4 // ctrl_meas: osrs_t[7:5], osrs_p[4:2], mode[1:0]
    public static let config: UInt8 = 0xF5            // t_sb[7:5], filter[4:2], spi3w_en bit 0
    public static let pressureMSB: UInt8 = 0xF7       // press_msb, lsb, xlsb[7:4], temp_msb, lsb, xlsb[7:4]

    public static let chipIDValue: UInt8 = 0x58
    public static let resetCommand: UInt8 = 0xB6
    public static let measuring: UInt8 = 0x08
    /// BMP388 / BMP390 keep their chip id in register 0x00 (BMP388 datasheet BST-BMP388-DS001, CHIP_ID register: 0x50;
    /// BMP390: 0x60).
    public static let bmp3ChipIDRegister: UInt8 = 0x00
    public static let bmp388ChipID: UInt8 = 0x50
    public static let bmp390ChipID: UInt8 = 0x60
    /// BME280 (humidity variant) answers 0x60 at 0xD0 and is register-compatible for pressure (BST-BME280-DS002, "id" register).
    public static let bme280ChipID: UInt8 = 0x60
}

/// The 12 trimming parameters (§3.11.2, trimming parameter readout table).
public struct BMP280Calibration: Sendable, Equatable {
    public var digT1: UInt16, digT2: Int16, digT3: Int16
    public var digP1: UInt16, digP2: Int16, digP3: Int16, digP4: Int16, digP5: Int16
    public var digP6: Int16, digP7: Int16, digP8: Int16, digP9: Int16

    public init(digT1: UInt16, digT2: Int16, digT3: Int16, digP1: UInt16, digP2: Int16, digP3: Int16, digP4: Int16,
                digP5: Int16, digP6: Int16, digP7: Int16, digP8: Int16, digP9: Int16) {
        self.digT1 = digT1; self.digT2 = digT2; self.digT3 = digT3; self.digP1 = digP1; self.digP2 = digP2
        self.digP3 = digP3; self.digP4 = digP4; self.digP5 = digP5; self.digP6 = digP6; self.digP7 = digP7
        self.digP8 = digP8; self.digP9 = digP9
    }

    /// Decodes the 24 bytes read from 0x88 (little-endian words).
    public init(bytes b: [UInt8]) {
        func u(_ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
        func s(_ i: Int) -> Int16 { Int16(bitPattern: u(i)) }
        self.init(digT1: u(0), digT2: s(2), digT3: s(4), digP1: u(6), digP2: s(8), digP3: s(10), digP4: s(12),
                  digP5: s(14), digP6: s(16), digP7: s(18), digP8: s(20), digP9: s(22))
    }

    /// Temperature in 0.01 °C and t_fine, the datasheet's 32-bit integer formula (§3.11.3, "bmp280_compensate_T_int32").
    public func compensateTemperature(rawT adcT: Int32) -> (centiDegC: Int32, tFine: Int32) {
        let t1 = Int32(digT1), t2 = Int32(digT2), t3 = Int32(digT3)
        let var1 = (((adcT >> 3) - (t1 << 1)) * t2) >> 11
        let d = (adcT >> 4) - t1
        let var2 = (((d * d) >> 12) * t3) >> 14
        let tFine = var1 + var2
        return ((tFine * 5 + 128) >> 8, tFine)
    }

    /// Pressure in Pa as Q24.8 (divide by 256), the datasheet's 64-bit integer formula (§3.11.3,
    /// "bmp280_compensate_P_int64"); nil where the formula would divide by zero.
    public func compensatePressure(rawP adcP: Int32, tFine: Int32) -> UInt32? {
        var var1 = Int64(tFine) - 128000
        var var2 = var1 * var1 * Int64(digP6)
        var2 = var2 + ((var1 * Int64(digP5)) << 17)
        var2 = var2 + (Int64(digP4) << 35)
        var1 = ((var1 * var1 * Int64(digP3)) >> 8) + ((var1 * Int64(digP2)) << 12)
        var1 = (((Int64(1) << 47) + var1) * Int64(digP1)) >> 33  // Swift: >> binds tighter than *
        if var1 == 0 { return nil }
        var p = 1_048_576 - Int64(adcP)
        p = (((p << 31) - var2) * 3125) / var1
        var1 = (Int64(digP9) * (p >> 13) * (p >> 13)) >> 25
        var2 = (Int64(digP8) * p) >> 19
        p = ((p + var1 + var2) >> 8) + (Int64(digP7) << 4)
        return UInt32(truncatingIfNeeded: p)
    }
}
