/// InvenSense MPU-6000/6050 register map (RM-MPU-6000A-00 rev 4.2, "Register Map" and register descriptions) and the MPU-6500 / MPU-9250
/// additions (RM-MPU-6500A-00 rev 2.1, RM-MPU-9250A-00 rev 1.6). One place for every address and bit rollmon uses.
public enum MPURegister {
    public static let smplrtDiv: UInt8 = 0x19      // 25 SMPLRT_DIV: sample rate = gyro output rate / (1 + div)
    public static let config: UInt8 = 0x1A         // 26 CONFIG: EXT_SYNC_SET[5:3], DLPF_CFG[2:0] (6500: FIFO_MODE bit 6)
    public static let gyroConfig: UInt8 = 0x1B     // 27 GYRO_CONFIG: FS_SEL[4:3] (6500: FCHOICE_B[1:0])
    public static let accelConfig: UInt8 = 0x1C    // 28 ACCEL_CONFIG: AFS_SEL[4:3]
    public static let accelConfig2: UInt8 = 0x1D   // 29 ACCEL_CONFIG 2 (6500/9250 only): ACCEL_FCHOICE_B bit 3, A_DLPF_CFG[2:0]
    public static let fifoEnable: UInt8 = 0x23     // 35 FIFO_EN
    public static let intPinConfig: UInt8 = 0x37   // 55 INT_PIN_CFG
    public static let intEnable: UInt8 = 0x38      // 56 INT_ENABLE
    public static let intStatus: UInt8 = 0x3A      // 58 INT_STATUS (cleared by reading it)
    public static let accelXoutH: UInt8 = 0x3B     // 59..72 ACCEL_XOUT_H .. GYRO_ZOUT_L, big-endian, temp in between
    public static let userControl: UInt8 = 0x6A    // 106 USER_CTRL
    public static let powerManagement1: UInt8 = 0x6B // 107 PWR_MGMT_1
    public static let powerManagement2: UInt8 = 0x6C // 108 PWR_MGMT_2
    public static let fifoCountH: UInt8 = 0x72     // 114/115 FIFO_COUNTH/L, big-endian byte count
    public static let fifoReadWrite: UInt8 = 0x74  // 116 FIFO_R_W: reading it pops the FIFO, the address does not advance
    public static let whoAmI: UInt8 = 0x75         // 117 WHO_AM_I

    // Bits
    public static let deviceReset: UInt8 = 0x80    // PWR_MGMT_1 DEVICE_RESET (self-clearing)
    public static let sleep: UInt8 = 0x40          // PWR_MGMT_1 SLEEP (set at power-on)
    public static let clockPLLGyroX: UInt8 = 0x01  // PWR_MGMT_1 CLKSEL=1: PLL on the X gyro (the PWR_MGMT_1 description recommends a gyro clock reference)
    public static let dataReadyInt: UInt8 = 0x01   // INT_ENABLE DATA_RDY_EN / INT_STATUS DATA_RDY_INT
    public static let fifoOverflowInt: UInt8 = 0x10 // INT_ENABLE FIFO_OFLOW_EN / INT_STATUS FIFO_OFLOW_INT
    public static let userFIFOEnable: UInt8 = 0x40 // USER_CTRL FIFO_EN
    public static let userFIFOReset: UInt8 = 0x04  // USER_CTRL FIFO_RESET (self-clearing)
    /// FIFO_EN: XG_FIFO_EN | YG_FIFO_EN | ZG_FIFO_EN | ACCEL_FIFO_EN → 12-byte frames: accel XYZ then gyro XYZ
    /// (the FIFO stores enabled outputs in register order: FIFO_EN and FIFO_R_W descriptions).
    public static let fifoAccelGyro: UInt8 = 0x78
    public static let fifoFrameBytes = 12
}

/// The chips of the family, told apart by WHO_AM_I (register 117).
public enum MPUVariant: UInt8, Sendable, CaseIterable {
    case mpu6050 = 0x68   // RM-MPU-6000A-00, WHO_AM_I description: 0x68 (bits 6:1 of the address, AD0 ignored)
    case mpu6500 = 0x70   // RM-MPU-6500A-00, WHO_AM_I: 0x70
    case mpu9250 = 0x71   // RM-MPU-9250A-00, WHO_AM_I: 0x71

    public var chipName: String {
        switch self {
        case .mpu6050: "MPU-6050"
        case .mpu6500: "MPU-6500"
        case .mpu9250: "MPU-9250"
        }
    }
    /// The 6500 and 9250 have a separate accelerometer low-pass (ACCEL_CONFIG 2) and FCHOICE bits.
    public var hasAccelConfig2: Bool { self != .mpu6050 }
    /// FIFO size in bytes (6050 product spec PS-MPU-6000A-00 feature list: 1024-byte FIFO; 6500/9250 product specs: 512 bytes
    /// by default).
    public var fifoSizeBytes: Int { self == .mpu6050 ? 1024 : 512 }
}

/// Full-scale settings and their sensitivities (product specs: MPU-6050 PS-MPU-6000A-00 gyroscope/accelerometer specification tables,
/// MPU-6500 PS-MPU-6500A-01 same tables, identical for the 9250).
public enum MPUGyroRange: UInt8, Sendable, CaseIterable {
    case dps250 = 0, dps500 = 1, dps1000 = 2, dps2000 = 3
    /// LSB per °/s: 131, 65.5, 32.8, 16.4.
    public var lsbPerDPS: Double { [131.0, 65.5, 32.8, 16.4][Int(rawValue)] }
    public var fullScaleDPS: Double { [250.0, 500.0, 1000.0, 2000.0][Int(rawValue)] }
}

public enum MPUAccelRange: UInt8, Sendable, CaseIterable {
    case g2 = 0, g4 = 1, g8 = 2, g16 = 3
    /// LSB per g: 16384, 8192, 4096, 2048.
    public var lsbPerG: Double { [16384.0, 8192.0, 4096.0, 2048.0][Int(rawValue)] }
    public var fullScaleG: Double { [2.0, 4.0, 8.0, 16.0][Int(rawValue)] }
}
