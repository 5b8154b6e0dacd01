/// TI ADS1115 16-bit ADC (datasheet SBAS444D, "Register Map"). Registers are 16-bit, MSB first on the wire,
/// selected by the address-pointer byte.
public enum ADS1115Register {
    public static let conversion: UInt8 = 0x00
    public static let config: UInt8 = 0x01
    public static let loThreshold: UInt8 = 0x02
    public static let hiThreshold: UInt8 = 0x03

    /// Power-on values (SBAS444D Config / Lo_thresh / Hi_thresh register tables): config 0x8583 (no conversion, AIN0-AIN1, ±2.048 V, single-shot, 128 SPS,
    /// comparator off), Lo_thresh 0x8000, Hi_thresh 0x7FFF. `rollmon probe` recognises the chip by these.
    public static let configPowerOn: UInt16 = 0x8583
    public static let loThresholdPowerOn: UInt16 = 0x8000
    public static let hiThresholdPowerOn: UInt16 = 0x7FFF

    /// OS bit 15: write 1 starts a single conversion; reads 1 when the device is not converting.
    public static let operationalStatus: UInt16 = 0x8000
    /// MODE bit 8: 1 = single-shot / power-down.
    public static let singleShot: UInt16 = 0x0100
    /// COMP_QUE[1:0] = 11: comparator disabled, ALERT/RDY high-impedance.
    public static let comparatorDisabled: UInt16 = 0x0003
}

/// MUX[14:12]: which inputs the ADC measures.
public enum ADS1115Input: UInt16, Sendable, CaseIterable {
    case ain0MinusAin1 = 0, ain0MinusAin3 = 1, ain1MinusAin3 = 2, ain2MinusAin3 = 3
    case ain0 = 4, ain1 = 5, ain2 = 6, ain3 = 7
}

/// PGA[11:9]: full-scale range (Table 8.3.3). A load-cell bridge (mV signals) wants ±0.256 V; an FSR divider ±4.096 V.
public enum ADS1115Gain: UInt16, Sendable, CaseIterable {
    case fs6_144V = 0, fs4_096V = 1, fs2_048V = 2, fs1_024V = 3, fs0_512V = 4, fs0_256V = 5
    public var fullScaleVolts: Double { [6.144, 4.096, 2.048, 1.024, 0.512, 0.256][Int(rawValue)] }
    /// One count = FS / 2^15 (SBAS444D "Full-Scale Range (FSR) and LSB Size").
    public var voltsPerCount: Double { fullScaleVolts / 32768 }
}

/// DR[7:5]: samples per second (SBAS444D Config register table).
public enum ADS1115DataRate: UInt16, Sendable, CaseIterable {
    case sps8 = 0, sps16 = 1, sps32 = 2, sps64 = 3, sps128 = 4, sps250 = 5, sps475 = 6, sps860 = 7
    public var samplesPerSecond: Double { [8.0, 16, 32, 64, 128, 250, 475, 860][Int(rawValue)] }
}
