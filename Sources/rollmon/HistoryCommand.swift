import ArgumentParser
import Foundation
import RollCore
import RollHistory

/// `rollmon history` (interface v2 §5): the daily habit across sessions, and the entries that feed it.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Days, streaks and adherence across sessions: were both feet rolled 2 minutes, every day?",
        subcommands: [HistoryShowCommand.self, HistoryAddCommand.self, HistoryPauseCommand.self],
        defaultSubcommand: HistoryShowCommand.self
    )
}

struct HistoryShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "The last N days: a calendar of met / partly / missed / paused days, streak, adherence, balance.",
        discussion: "A day is met when each foot had at least 120 s of active time (config [history] day_starts_at, default 04:00, sets when a day begins)."
    )

    @OptionGroup var window: HistoryWindowOptions
    @Flag(help: "Print exactly one JSON object (interface v2 §5).")
    var json = false

    func run() throws {
        let (history, standing) = try window.openStanding()
        let shoes = try ShoeBook(history).standing()
        let routines: [(day: LocalDay, routine: RoutineRecord)]
        do { routines = try history.routines(standing) } catch { throw RollmonFailure(.ioError, "rollmon: \(error)") }
        print(json ? HistoryJSON.render(standing, shoes: shoes, routines: routines)
                   : HistoryText.render(standing, shoes: shoes, routines: routines))
    }
}

struct HistoryAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add recorded traces to the history (the same content twice is stored once).",
        discussion: "The day comes from the trace's 'started' metadata; --started gives it for traces without one (and overrides it)."
    )

    @Argument(help: "rollmon-trace files.")
    var traces: [String]
    @Option(help: "Start time, ISO-8601 (e.g. 2026-12-05T07:30:00Z), for traces without 'started'.")
    var started: String?
    @OptionGroup var data: DataDirectoryOptions

    func validate() throws {
        if traces.isEmpty { throw ValidationError("give at least one trace file") }
        if let s = started, ISOTime.parse(s) == nil {
            throw ValidationError("--started '\(s)' is not an ISO-8601 time such as 2026-12-05T07:30:00Z")
        }
    }

    func run() throws {
        let history = try data.openHistory()
        var worst: ExitStatus?
        for trace in traces {
            do {
                switch try history.addTrace(path: trace, started: started) {
                case let .added(stored): print("added \(stored)")
                case let .alreadyPresent(stored): print("already in the history: \(trace) (as \(stored))")
                case let .beingRecorded(stored):
                    print("still being recorded: \(trace); it joins the history (as \(stored)) when its session ends")
                }
            } catch let e as IndexError {
                FileHandle.standardError.write(Data("rollmon: \(e)\n".utf8))
                if worst == nil { if case .unreadable = e { worst = .noInput } else { worst = .dataError } }
            } catch {
                throw RollmonFailure(.ioError, "rollmon: \(error)")
            }
        }
        if let worst { throw ExitCode(worst.rawValue) }
    }
}

struct HistoryPauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Days off (injury, illness): they neither break nor extend a streak and leave adherence out."
    )

    @Option(help: "First day off, YYYY-MM-DD.", transform: parseDay)
    var from: LocalDay
    @Option(help: "Last day off, YYYY-MM-DD (inclusive).", transform: parseDay)
    var to: LocalDay
    @Option(help: "Why (kept with the pause).")
    var reason: String?
    @OptionGroup var data: DataDirectoryOptions

    func validate() throws {
        if to < from { throw ValidationError("--to (\(to)) is before --from (\(from))") }
    }

    func run() throws {
        let history = try data.openHistory()
        do { try history.store.addPause(PauseSpan(from: from, to: to, reason: reason)) } catch {
            throw RollmonFailure(.ioError, "rollmon: \(error)")
        }
        let days = to.dayNumber - from.dayNumber + 1
        print("paused \(from) to \(to) (\(counted(days, "day", "days")))\(reason.map { ": \($0)" } ?? "")")
    }
}
