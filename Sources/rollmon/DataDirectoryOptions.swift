import RollConfig
import ArgumentParser
import Foundation
import RollHistory

/// `--data-dir DIR` on every command that reads or writes sessions (interface v2 §5).
struct DataDirectoryOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"),
            help: "Where recordings and the history live (default: $ROLLMON_DATA_DIR, else $XDG_DATA_HOME/rollmon, else ~/.local/share/rollmon).")
    var dataDir: String?

    var directory: DataDirectory { DataDirectory.resolve(flag: dataDir) }

    /// `--data-dir ""` (a script's unset variable) silently meant the default directory, the user's own history.
    func validate() throws {
        if dataDir?.isEmpty == true { throw ValidationError("--data-dir needs a directory, e.g. --data-dir ~/rollmon-data") }
    }

    /// Opens the history, printing what recovery could not index; a history that cannot be used ends the command
    /// with its one line and exit 74.
    func openHistory() throws -> History {
        let history: History
        do { history = try History(directory: directory) } catch {
            throw RollmonFailure(.ioError, "rollmon: \(error)")
        }
        for note in history.notes { FileHandle.standardError.write(Data("rollmon: \(note)\n".utf8)) }
        for r in history.recovered {
            FileHandle.standardError.write(Data("rollmon: recovered \(r) (its session had ended without saving) into the history\n".utf8))
        }
        return history
    }
}

/// `day_starts_at` from the config (`[history] day_starts_at = "04:00"`), else 04:00.
func dayStart(configPath: String?) throws -> DayStart {
    let path = configPath ?? RollmonConfig.defaultPath()
    let cfg: RollmonConfig
    do { cfg = try RollmonConfig.load(path: path) } catch {
        throw RollmonFailure(.config, "rollmon: \(error)")
    }
    guard let text = cfg.history?.dayStartsAt else { return .default }
    guard let d = DayStart(text) else {
        throw RollmonFailure(.config, "rollmon: \(path): history.day_starts_at must be HH:MM (00:00–23:59), found '\(text)'")
    }
    return d
}
