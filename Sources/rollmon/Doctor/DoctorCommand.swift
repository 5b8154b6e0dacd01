import ArgumentParser
import Foundation
import RollHistory
import RollConfig
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

    @Option(name: .customLong("i2c-bus"), parsing: .unconditional, help: "I2C bus of the sensors (default from config, else 1).")
    var i2cBus: Int?
    @Option(help: "Config file (default: ~/.config/rollmon/config.toml).")
    var config: String?
    @OptionGroup var data: DataDirectoryOptions
    @Option(help: "Directory holding the i2c and gpiochip device nodes.")
    var devDirectory: String = "/dev"
    @Option(help: "Where sysfs is mounted (for the I2C adapter's clock).")
    var sysDirectory: String = "/sys"

    func validate() throws { try I2CBusArgument.validate(i2cBus.map { [$0] } ?? []) }

    func run() throws {
        let configPath = config ?? RollmonConfig.defaultPath()
        let (configCheck, cfg) = DoctorChecks.config(path: configPath)
        let busNumber = i2cBus ?? cfg?.wiring?.i2cBus ?? HardwareRig.defaultBus
        let forceKind = (cfg?.wiring?.forceSensor ?? .none).rawValue
        var checks: [DoctorCheck] = []
        let i2c = DoctorChecks.i2cDevice(busNumber: busNumber, devDirectory: devDirectory)
        checks.append(i2c.check)
        let findings = i2c.bus.map { I2CProbe.scan(bus: $0) } ?? []
        let forceOnBus = HardwareRig.forceBusTraffic(cfg?.wiring?.forceSensor ?? .none)
        checks.append(DoctorChecks.busClock(busNumber: busNumber, sysDirectory: sysDirectory, bus: i2c.bus, findings: findings,
                                            force: forceOnBus))
        checks.append(DoctorChecks.group("i2c", neededBecause: i2c.permissionDenied))
        let gpioName = cfg?.wiring?.gpiochip ?? "gpiochip0"
        let gpio = DoctorChecks.gpioChip(name: gpioName, devDirectory: devDirectory, neededForHX711: forceKind == "hx711")
        checks.append(DoctorChecks.group("gpio", neededBecause: gpio.permissionDenied && forceKind == "hx711"))
        checks.append(gpio.check)
        checks += DoctorChecks.sensors(bus: i2c.bus, findings: findings, busNumber: busNumber, forceKind: forceKind,
                                       forceAddress: cfg?.wiring?.forceAddress.map(Int.init), gpioPresent: gpio.present)
        checks.append(configCheck)
        let directory = data.directory
        checks.append(DoctorChecks.dataDirectory(directory.root))
        checks.append(DoctorChecks.history(database: directory.database))
        checks.append(WallClockWords.check(WallClockSource.current(sysDirectory: sysDirectory)))
        for c in checks { print(c.line) }
        if checks.readyForLive {
            print("Ready: `rollmon calibrate`, then `rollmon live`.")
        } else {
            print("Not ready for `rollmon live`: fix the ✗ lines above (those marked optional can wait).")
            throw ExitCode(ExitStatus.unavailable.rawValue)
        }
    }
}
