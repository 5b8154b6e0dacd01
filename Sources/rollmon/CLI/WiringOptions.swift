import ArgumentParser
import RollConfig
import SensorIO

extension ForceSensorKind: ExpressibleByArgument {}

/// The wiring flags of `live` and `calibrate`; each overrides the config file's `[wiring]`.
struct WiringOptions: ParsableArguments {
    @Option(name: .customLong("i2c-bus"), parsing: .unconditional, help: "I2C bus number of the sensors (/dev/i2c-N; default from config, else 1).")
    var i2cBus: Int?
    @Option(name: .customLong("imu-address"), parsing: .unconditional, help: "7-bit IMU address, e.g. 0x68 (default: auto-detect).", transform: I2CAddressArgument.parse)
    var imuAddress: UInt8?
    @Option(name: .customLong("force-sensor"), help: "Force sensor (default from config, else none).")
    var forceSensor: ForceSensorKind?
    @Option(help: "GPIO chip for the button, buzzer and HX711 (path or name; default gpiochip0).")
    var gpiochip: String?
    @Option(name: .customLong("button-line"), parsing: .unconditional, help: "Line offset of the switch-foot button (default 17).")
    var buttonLine: UInt32?
    @Option(name: .customLong("buzzer-line"), parsing: .unconditional, help: "Line offset of the buzzer or LED (default 27).")
    var buzzerLine: UInt32?
    @Option(name: .customLong("imu-data-ready-line"), parsing: .unconditional, help: "GPIO line of the IMU's INT/INT1 pin, e.g. 23 (default from config; none: FIFO on a timer).")
    var imuDataReadyLine: UInt32?

    func validate() throws {
        try I2CBusArgument.validate(i2cBus.map { [$0] } ?? [])
        if let g = gpiochip, g.isEmpty { throw ValidationError("--gpiochip must name a GPIO chip") }
    }
}

/// `--i2c-bus N`: one rule for every command that takes it (`live`, `calibrate`, `doctor`, `probe`); `doctor` and
/// `probe` once took -1 and looked for /dev/i2c--1.
enum I2CBusArgument {
    static func validate(_ buses: [Int]) throws {
        if buses.contains(where: { !ConfigRanges.i2cBus.contains($0) }) {
            throw ValidationError("--i2c-bus must be a bus number, 0 or more")
        }
    }
}

/// `0x68` or `104`: a 7-bit I2C address a device can have (0x03–0x77; the rest are reserved by the I2C specification,
/// UM10204 §3.1.12).
enum I2CAddressArgument {
    static func parse(_ s: String) throws -> UInt8 {
        guard let v = value(s) else { throw ValidationError("'\(s)' is not a 7-bit I2C address (0x03–0x77)") }
        return v
    }

    static func value(_ s: String) -> UInt8? {
        let v = s.lowercased().hasPrefix("0x") ? Int(s.dropFirst(2), radix: 16) : Int(s)
        return v.flatMap(ConfigRanges.address)
    }
}
