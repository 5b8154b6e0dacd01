/// The HX711's input channel and gain, chosen by how many PD_SCK pulses follow the 24 data bits
/// (Avia Semiconductor HX711 datasheet, "Serial Interface", Table 3: 25 pulses → channel A gain 128,
/// 26 → channel B gain 32, 27 → channel A gain 64). The choice applies to the *next* conversion.
public enum HX711Input: Sendable, Equatable, CaseIterable {
    case channelA128
    case channelB32
    case channelA64

    /// Total PD_SCK pulses per read (24 data + 1/2/3).
    public var pulsesPerRead: Int {
        switch self {
        case .channelA128: return 25
        case .channelB32: return 26
        case .channelA64: return 27
        }
    }

    public var gain: Int {
        switch self {
        case .channelA128: return 128
        case .channelB32: return 32
        case .channelA64: return 64
        }
    }

    /// Inverse of `pulsesPerRead`.
    public init?(pulsesPerRead: Int) {
        switch pulsesPerRead {
        case 25: self = .channelA128
        case 26: self = .channelB32
        case 27: self = .channelA64
        default: return nil
        }
    }

    /// After power-up or a power-down/reset the chip converts channel A at gain 128 (datasheet, "Reset and Power-Down":
    /// "After a reset or power-down event, input selection is default to Channel A with a gain of 128").
    public static let afterReset = HX711Input.channelA128
}

/// Datasheet constants shared by the driver and the model (Avia Semiconductor HX711 datasheet).
public enum HX711Timing {
    /// PD_SCK high longer than this powers the chip down ("Reset and Power-Down", Fig. 3: "When PD_SCK pin changes
    /// from low to high and stays at high for longer than 60µs, HX711 enters power down mode"); when PD_SCK returns
    /// low the chip resets.
    public static let powerDownHighSeconds = 60e-6
    /// Largest allowed PD_SCK high time, T3 max = 50 µs (timing table under Fig. 2, "Data output, input and gain
    /// selection timing and control").
    /// The driver discards any bit whose high phase may have been longer: a safe margin below the 60 µs power-down.
    public static let maxClockHighSeconds = 50e-6
    /// Output data rate with RATE pin low / high: 10 or 80 SPS (Key Specifications, "Output Data Rate").
    public static let supportedRatesHz: [Double] = [10, 80]
    /// Output settling time after power-up, reset, input or gain change: 400 ms at 10 SPS, 50 ms at 80 SPS
    /// (Electrical Characteristics, "Output settling time", footnote 1). Both equal four conversion periods.
    public static func settlingSeconds(rateHz: Double) -> Double { rateHz >= 80 ? 0.050 : 0.400 }
    /// Output code limits: the 24-bit two's complement output saturates at 0x800000 (min) and 0x7FFFFF (max) when
    /// the input is out of range (Serial Interface: "When input differential signal goes out of the 24 bit range,
    /// the output data will be saturated at 800000h (MIN) or 7FFFFFh (MAX)").
    public static let minCode: Int32 = -0x80_0000
    public static let maxCode: Int32 = 0x7F_FFFF
}
