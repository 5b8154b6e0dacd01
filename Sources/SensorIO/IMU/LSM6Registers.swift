/// STMicroelectronics LSM6DS3 / LSM6DS33 / LSM6DSL / LSM6DSOX register map. Addresses and the bits used here are
/// the same across the family ("Register mapping" and "Register description" chapters of the LSM6DS3 datasheet DocID026899
/// rev 10, LSM6DSL DocID028475 and LSM6DSOX DS12814).
public enum LSM6Register {
    public static let int1Control: UInt8 = 0x0D   // INT1_CTRL: INT1_DRDY_G bit 1, INT1_DRDY_XL bit 0
    public static let whoAmI: UInt8 = 0x0F        // WHO_AM_I
    public static let ctrl1XL: UInt8 = 0x10       // CTRL1_XL: ODR_XL[7:4], FS_XL[3:2], bits 1:0 filter (model-specific)
    public static let ctrl2G: UInt8 = 0x11        // CTRL2_G: ODR_G[7:4], FS_G[3:2], FS_125 bit 1
    public static let ctrl3C: UInt8 = 0x12        // CTRL3_C: BOOT 7, BDU 6, H_LACTIVE 5, PP_OD 4, SIM 3, IF_INC 2, SW_RESET 0
    public static let status: UInt8 = 0x1E        // STATUS_REG: TDA 2, GDA 1, XLDA 0
    public static let outXLG: UInt8 = 0x22        // OUTX_L_G .. OUTZ_H_G (0x22..0x27), little-endian
    public static let outXLXL: UInt8 = 0x28       // OUTX_L_XL .. OUTZ_H_XL (0x28..0x2D), little-endian

    public static let softwareReset: UInt8 = 0x01 // CTRL3_C SW_RESET (self-clearing)
    public static let blockDataUpdate: UInt8 = 0x40 // CTRL3_C BDU: output registers not updated until MSB and LSB read
    public static let autoIncrement: UInt8 = 0x04 // CTRL3_C IF_INC (1 at power-on): burst reads advance the address
    public static let odr833Hz: UInt8 = 0x7       // ODR_XL / ODR_G = 0111: 833 Hz (high-performance mode)
    public static let gyroDataReady: UInt8 = 0x02 // STATUS_REG GDA
    public static let accelDataReady: UInt8 = 0x01 // STATUS_REG XLDA
}

/// WHO_AM_I values of the family.
public enum LSM6Variant: UInt8, Sendable, CaseIterable {
    case lsm6ds3 = 0x69   // LSM6DS3 DocID026899 WHO_AM_I (the LSM6DS33 reads the same 0x69)
    case lsm6dsl = 0x6A   // LSM6DSL DocID028475 WHO_AM_I (also LSM6DS3TR-C)
    case lsm6dsox = 0x6C  // LSM6DSOX DS12814 WHO_AM_I

    public var chipName: String {
        switch self {
        case .lsm6ds3: "LSM6DS3"
        case .lsm6dsl: "LSM6DSL"
        case .lsm6dsox: "LSM6DSOX"
        }
    }
}

/// FS_XL codes and sensitivities (LSM6DS3 DocID026899 table 3 "Mechanical characteristics": 0.061 / 0.122 / 0.244 /
/// 0.488 mg/LSB). Note the code order: 00 = ±2 g, 01 = ±16 g, 10 = ±4 g, 11 = ±8 g.
public enum LSM6AccelRange: UInt8, Sendable, CaseIterable {
    case g2 = 0, g16 = 1, g4 = 2, g8 = 3
    public var milliGPerLSB: Double { [0.061, 0.488, 0.122, 0.244][Int(rawValue)] }
    public var fullScaleG: Double { [2.0, 16.0, 4.0, 8.0][Int(rawValue)] }
}

/// FS_G codes and sensitivities (same table: 8.75 / 17.5 / 35 / 70 mdps/LSB for ±245/500/1000/2000 °/s).
public enum LSM6GyroRange: UInt8, Sendable, CaseIterable {
    case dps245 = 0, dps500 = 1, dps1000 = 2, dps2000 = 3
    public var milliDPSPerLSB: Double { [8.75, 17.5, 35.0, 70.0][Int(rawValue)] }
    public var fullScaleDPS: Double { [245.0, 500.0, 1000.0, 2000.0][Int(rawValue)] }
}
