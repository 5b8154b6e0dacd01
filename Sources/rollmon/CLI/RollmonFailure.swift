import Foundation

/// Exit statuses from sysexits.h (and interface v1 §4 for `probe`), which is what scripts around rollmon can rely
/// on. The README's "Exit statuses" line lists them.
enum ExitStatus: Int32, Sendable {
    /// `probe` found no sensor and no GPIO chip (interface v1 §4: "Exit 0 if anything was found").
    case nothingFound = 1
    /// EX_USAGE: a bad flag or argument (ArgumentParser's own validation errors exit with this too).
    case usage = 64
    /// EX_DATAERR: the input data was incorrect in some way (a malformed trace, a calibration that did not take).
    case dataError = 65
    /// EX_NOINPUT: an input file did not exist or was not readable.
    case noInput = 66
    /// EX_UNAVAILABLE: a service (sensor, bus) is unavailable.
    case unavailable = 69
    /// EX_CANTCREAT: an output file cannot be created.
    case cantCreate = 73
    /// EX_IOERR: an error occurred while doing I/O.
    case ioError = 74
    /// EX_CONFIG: the config file is malformed or holds a value out of range.
    case config = 78
}

/// The one way a command fails: what to tell the user (one line) and the exit status. Commands throw it; `Rollmon.main`
/// prints it, in one place.
struct RollmonFailure: Error, CustomStringConvertible {
    var status: ExitStatus
    /// The whole line for standard error, without the newline.
    var message: String

    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    /// "rollmon: <what went wrong>", the form of most failures.
    static func rollmon(_ status: ExitStatus, _ error: Any) -> RollmonFailure {
        RollmonFailure(status, "rollmon: \(error)")
    }

    var description: String { message }
}
