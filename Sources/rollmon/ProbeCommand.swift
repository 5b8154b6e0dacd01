import ArgumentParser
import Foundation
import SensorIO

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "List the sensors found on the I2C buses and the GPIO chips present (interface v1 §4).",
        discussion: "Like i2cdetect + gpiodetect, with chip names. Exit status 0 if anything was found."
    )

    @Option(name: .customLong("i2c-bus"), parsing: .unconditionalSingleValue, help: "Scan only this bus (repeatable; default: every /dev/i2c-*).")
    var i2cBus: [Int] = []
    @Option(help: "Directory holding the gpiochip devices.")
    var devDirectory: String = "/dev"

    func validate() throws { try I2CBusArgument.validate(i2cBus) }

    func run() throws {
        var found = 0
        var problems: [String] = []
        do {
            let (findings, budgets) = try I2CProbe.scanSystemWithBudgets(busNumbers: i2cBus)
            for f in findings { print(f.description) }
            // What each bus's clock allows the IMU on it (after the sensor lines).
            for b in budgets { print(b) }
            found += findings.count
        } catch {
            problems.append("\(error)")
        }
        let gpio = detectGPIOChips(devDirectory: devDirectory)
        for line in gpio.lines { print(line) }
        found += gpio.chips.count
        problems += gpio.problems.map { "\($0)" }
        for p in problems { FileHandle.standardError.write(Data("rollmon probe: \(p)\n".utf8)) }
        if found == 0 { throw RollmonFailure(.nothingFound, "rollmon probe: no sensors and no GPIO chips found") }
    }
}
