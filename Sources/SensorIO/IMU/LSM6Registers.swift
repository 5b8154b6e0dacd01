/// STMicroelectronics LSM6DS3 / LSM6DS33 / LSM6DSL / LSM6DSOX register map. Addresses and the bits used here are
/// the same across the family ("Register mapping" and "Register description" chapters of the LSM6DS3 datasheet DocID026899
/// rev 10, LSM6DSL DocID028475 and LSM6DSOX DS12814).
public enum LSM6Register {
    public static let int1Control: UInt8 = 0x0D   // INT1_CTRL: INT1_DRDY_G bit 1, INT1_DRDY_XL bit 0 (all four chips)
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
    public static let int1GyroDataReady: UInt8 = 0x02 // INT1_CTRL INT1_DRDY_G
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

/// The FIFO, whose register map differs across the family:
/// - LSM6DS3 / DS33 (DocID026899 §8 "Register description": FIFO_CTRL1…5 at 06h…0Ah, FIFO_STATUS1…4 at 3Ah…3Dh,
///   FIFO_DATA_OUT_L/H at 3Eh/3Fh) and LSM6DSL (DocID028475, same addresses): untagged 16-bit words in "data sets"
///   of 6 bytes, gyroscope set first, then accelerometer (§5.5.6 "FIFO reading procedure"); FIFO_CTRL3 DEC_FIFO_GYRO
///   [5:3] / DEC_FIFO_XL [2:0] (001 = no decimation), FIFO_CTRL5 ODR_FIFO [6:3] (same codes as ODR_XL) and
///   FIFO_MODE [2:0] (110 = continuous: newest data overwrite the oldest); FIFO_STATUS2 bit 6 overrun, DIFF_FIFO =
///   unread words (12 bits on the DS3, 11 on the DSL); FIFO_STATUS3/4 FIFO_PATTERN = index of the next word in the
///   pattern (0 = gyro X).
/// - LSM6DSOX (DS12814 §9: FIFO_CTRL1…4 at 07h…0Ah, FIFO_STATUS1/2 at 3Ah/3Bh, FIFO_DATA_OUT_TAG at 78h and
///   X_L…Z_H at 79h…7Eh): tagged 7-byte words (TAG_SENSOR [7:3]: 01h gyroscope, 02h accelerometer; TAG_CNT [2:1]);
///   FIFO_CTRL3 BDR_GY [7:4] / BDR_XL [3:0] (0111 = 833 Hz), FIFO_CTRL4 FIFO_MODE [2:0] (110 = continuous);
///   FIFO_STATUS2 bit 6 FIFO_OVR_IA, DIFF_FIFO [9:0] = unread words.
/// Both: FIFO_MODE = 000 (bypass) empties the FIFO ("Bypass mode … is also used to reset the FIFO").
public enum LSM6FIFORegister {
    // DS3 / DS33 / DSL
    public static let dsFIFOControl3: UInt8 = 0x08      // DEC_FIFO_GYRO[5:3], DEC_FIFO_XL[2:0]
    public static let dsFIFOControl5: UInt8 = 0x0A      // ODR_FIFO[6:3], FIFO_MODE[2:0]
    public static let dsDataOutL: UInt8 = 0x3E         // FIFO_DATA_OUT_L (then _H at 3Fh)
    public static let dsNoDecimation: UInt8 = 0x01      // DEC_FIFO_* = 001
    // DSOX
    public static let oxFIFOControl3: UInt8 = 0x09      // BDR_GY[7:4], BDR_XL[3:0]
    public static let oxFIFOControl4: UInt8 = 0x0A      // FIFO_MODE[2:0]
    public static let oxDataOutTag: UInt8 = 0x78        // FIFO_DATA_OUT_TAG, then X_L … Z_H at 79h…7Eh
    public static let oxTagGyro: UInt8 = 0x01           // TAG_SENSOR: gyroscope NC
    public static let oxTagAccel: UInt8 = 0x02          // TAG_SENSOR: accelerometer NC
    public static let oxWordBytes = 7                   // 1 tag + 6 data bytes
    // Both
    public static let status1: UInt8 = 0x3A             // FIFO_STATUS1: DIFF_FIFO[7:0]
    public static let overrun: UInt8 = 0x40             // FIFO_STATUS2 bit 6 (FIFO_OVER_RUN / OVER_RUN / FIFO_OVR_IA)
    public static let modeBypass: UInt8 = 0x00
    public static let modeContinuous: UInt8 = 0x06

    /// Words the FIFO holds: DS3 8 kbyte (DocID026899 §5.5 "8 kbyte FIFO"; the DS33 shares its WHO_AM_I and map),
    /// DSL 4 kbyte (DocID028475 §5.5), DSOX 3 kbyte = 512 words of 7 bytes uncompressed (the "9 kbyte" of its
    /// feature list assumes compression).
    public static func capacityWords(_ v: LSM6Variant) -> Int {
        switch v {
        case .lsm6ds3: 4096
        case .lsm6dsl: 2048
        case .lsm6dsox: 512
        }
    }

    /// DIFF_FIFO's high bits in FIFO_STATUS2.
    public static func diffHighMask(_ v: LSM6Variant) -> UInt8 {
        switch v {
        case .lsm6ds3: 0x0F
        case .lsm6dsl: 0x07
        case .lsm6dsox: 0x03
        }
    }

    /// Whether the FIFO holds tagged words (DSOX) rather than a fixed pattern of 16-bit words.
    public static func isTagged(_ v: LSM6Variant) -> Bool { v == .lsm6dsox }
}
