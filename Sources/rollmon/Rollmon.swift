import ArgumentParser
import Foundation

@main
struct Rollmon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollmon",
        abstract: "Coaches a plantar-fascia and calf rolling routine from an IMU and a force sensor in a ball or roller.",
        subcommands: [ReplayCommand.self, LiveCommand.self, DemoCommand.self, RoutineCommand.self, CalibrateCommand.self, ProbeCommand.self, DoctorCommand.self, SimulateCommand.self, HistoryCommand.self, ShoesCommand.self, ReportCommand.self]
    )

    /// Parses, runs, and reports a failure in one place: a `RollmonFailure` is its one line and its exit status;
    /// anything else (bad flags, help) is reported by ArgumentParser (bad usage exits 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
            try StandardOutput.flush()
        } catch let failure as RollmonFailure {
            FileHandle.standardError.write(Data((failure.message + "\n").utf8))
            Foundation.exit(failure.status.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
