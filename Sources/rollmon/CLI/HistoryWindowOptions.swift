import ArgumentParser
import RollHistory

/// The window of days that `history` and `report` look at (interface v2 §5, §6): `--days N` ending `--today`, the
/// config that sets when a day starts, and the data directory. One option group, one place that opens the history
/// and works out the standing, so the two commands cannot drift apart.
struct HistoryWindowOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "How many days, ending --today (default 30).")
    var days: Int = 30
    @Option(help: "The last day, YYYY-MM-DD (default: today).", transform: parseDay)
    var today: LocalDay?
    @Option(help: "Config file (default: ~/.config/rollmon/config.toml).")
    var config: String?
    @OptionGroup var data: DataDirectoryOptions

    /// A hundred years: more than anyone's history, and it keeps the window (one entry a day in the JSON and the
    /// report's calendar) bounded: `--days 100000000` ran for minutes building days no one could have rolled on.
    static let mostDays = 36_600

    func validate() throws {
        if !(1...Self.mostDays).contains(days) {
            throw ValidationError("--days must be 1 to \(Self.mostDays) (a hundred years)")
        }
        // Every day of the window is printed as YYYY-MM-DD, so it cannot reach before the year 1.
        if let today, today.adding(days: -(days - 1)) < LocalDay.first {
            throw ValidationError("--days \(days) ending --today \(today) reaches before \(LocalDay.first), the first day a date YYYY-MM-DD can name")
        }
    }

    /// Opens the history (recovering what a dead process left) and its standing over the window. A bad
    /// `day_starts_at` ends the command with exit 78, a history that cannot be used with exit 74.
    func openStanding() throws -> (history: History, standing: HistoryStanding) {
        let start = try dayStart(configPath: config)
        let history = try data.openHistory()
        do {
            let standing = try history.standing(today: today ?? History.today(dayStart: start), windowDays: days, dayStart: start)
            return (history, standing)
        } catch {
            throw RollmonFailure.rollmon(.ioError, error)
        }
    }
}

func parseDay(_ s: String) throws -> LocalDay {
    guard let d = LocalDay(iso: s) else { throw ValidationError("'\(s)' is not a date YYYY-MM-DD") }
    return d
}
