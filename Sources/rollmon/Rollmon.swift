import ArgumentParser

@main
struct Rollmon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollmon",
        abstract: "Coaches a plantar-fascia and calf rolling routine from an IMU and a force sensor in a ball or roller.",
        subcommands: [ReplayCommand.self, LiveCommand.self, DemoCommand.self, CalibrateCommand.self, ProbeCommand.self, DoctorCommand.self, SimulateCommand.self]
    )
}

/// Exit statuses from sysexits.h, which is what scripts around rollmon can rely on.
enum ExitStatus {
    /// EX_DATAERR: the input data was incorrect in some way.
    static let dataError: Int32 = 65
    /// EX_NOINPUT: an input file did not exist or was not readable.
    static let noInput: Int32 = 66
    /// EX_UNAVAILABLE: a service (sensor, bus) is unavailable.
    static let unavailable: Int32 = 69
    /// EX_CANTCREAT: an output file cannot be created.
    static let cantCreate: Int32 = 73
    /// EX_IOERR: an error occurred while doing I/O.
    static let ioError: Int32 = 74
}
