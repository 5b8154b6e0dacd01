/// The wiring values the config file and the flags share: sensor kinds and the ranges a value must lie in.

/// The force sensors rollmon drives (README "Wiring").
public enum ForceSensorKind: String, CaseIterable, Codable {
    case hx711, ads1115, bmp280, none
}

/// What the ADS1115 reads: an FSR divider on AIN0 (piecewise curve) or a load-cell bridge across AIN0–AIN1.
public enum ADS1115InputKind: String, CaseIterable, Codable {
    case fsr, bridge
}

/// The ranges a wiring value must lie in, shared by flags and config file.
public enum ConfigRanges {
    public static let i2cBus = 0...Int(Int32.max)
    /// GPIO line offsets are unsigned 32-bit in the kernel's uAPI (gpio.h, `gpio_v2_line_request.offsets`).
    public static let gpioLine = 0...Int(UInt32.max)
    public static let i2cAddress = 0x03...0x77

    public static func address(_ v: Int) -> UInt8? { i2cAddress.contains(v) ? UInt8(v) : nil }
}
