import ArgumentParser
import Foundation
import SensorIO

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the set-up `rollmon live` needs and say how to fix each miss.",
        discussion: """
        One line each, ✓ or ✗ with the fix: I2C enabled, the bus clock and the IMU rate it allows, group membership \
        (i2c, gpio), the GPIO chip, the sensors found, the config file, the data directory and the history. Exit \
        status 0 when everything live needs is there, 69 otherwise.
        """
    )

    @Option(name: .customLong("i2c-bus"), help: "I2C bus of the sensors (default from config, else 1).")
    var i2cBus: Int?
    @Option(help: "Config file (default: ~/.config/rollmon/config.toml).")
    var config: String?
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $ROLLMON_DATA_DIR, $XDG_DATA_HOME/rollmon or ~/.local/share/rollmon).")
    var dataDir: String?
    @Option(help: "Directory holding the i2c and gpiochip device nodes.")
    var devDirectory: String = "/dev"
    @Option(help: "Where sysfs is mounted (for the I2C adapter's clock).")
    var sysDirectory: String = "/sys"

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let configPath = config ?? RollmonConfig.defaultPath()
        let (configCheck, cfg) = DoctorChecks.config(path: configPath)
        let busNumber = i2cBus ?? cfg?.wiring?.i2cBus ?? HardwareRig.defaultBus
        let forceKind = (cfg?.wiring?.forceSensor ?? .none).rawValue
        var checks: [DoctorCheck] = []
        let i2c = DoctorChecks.i2cDevice(busNumber: busNumber, devDirectory: devDirectory)
        checks.append(i2c.check)
        checks.append(DoctorChecks.busClock(busNumber: busNumber, sysDirectory: sysDirectory, present: i2c.bus != nil))
        checks.append(DoctorChecks.group("i2c", neededBecause: i2c.permissionDenied))
        let gpioName = cfg?.wiring?.gpiochip ?? "gpiochip0"
        let gpio = DoctorChecks.gpioChip(name: gpioName, devDirectory: devDirectory, neededForHX711: forceKind == "hx711")
        checks.append(DoctorChecks.group("gpio", neededBecause: gpio.permissionDenied && forceKind == "hx711"))
        checks.append(gpio.check)
        checks += DoctorChecks.sensors(bus: i2c.bus, busNumber: busNumber, forceKind: forceKind,
                                       forceAddress: cfg?.wiring?.forceAddress.map(Int.init), gpioPresent: gpio.present)
        checks.append(configCheck)
        let data = DataDirectory.resolve(flag: dataDir, environment: env)
        checks.append(DoctorChecks.dataDirectory(data))
        checks.append(DoctorChecks.history(dataDirectory: data))
        for c in checks { print(c.line) }
        if checks.readyForLive {
            print("Ready: `rollmon calibrate`, then `rollmon live`.")
        } else {
            print("Not ready for `rollmon live`: fix the ✗ lines above (those marked optional can wait).")
            throw ExitCode(ExitStatus.unavailable.rawValue)
        }
    }
}

/// Where sessions and the history live (interface v2 §5): `--data-dir`, else `$ROLLMON_DATA_DIR`, else
/// `$XDG_DATA_HOME/rollmon`, else `~/.local/share/rollmon`.
enum DataDirectory {
    static func resolve(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let d = environment["ROLLMON_DATA_DIR"], !d.isEmpty { return d }
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty { return x + "/rollmon" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/rollmon"
    }
}
