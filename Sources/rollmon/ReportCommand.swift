import ArgumentParser
import Foundation
import RollHistory
import RollReport
import RollTrace

/// `rollmon report` (interface v2 §6): one self-contained HTML page for a physio or for yourself.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report (inline SVG charts, no scripts): the session, and the last N days.",
        discussion: "--session latest (default) takes the history's newest session; --session TRACE reads that recording."
    )

    @Option(help: "latest, or a trace file (default latest).")
    var session: String = "latest"
    @Option(help: "How many days the history part covers, ending --today (default 30).")
    var days: Int = 30
    @Option(help: "The last day, YYYY-MM-DD (default: today).", transform: parseDay)
    var today: LocalDay?
    @Option(help: "The HTML file to write.")
    var out: String
    @Option(help: "Also write the day rows as CSV to this file.")
    var csv: String?
    @Option(help: "Config file (default: ~/.config/rollmon/config.toml).")
    var config: String?
    @OptionGroup var data: DataDirectoryOptions

    func validate() throws {
        if days < 1 { throw ValidationError("--days must be 1 or more") }
    }

    func run() throws {
        let start = try dayStart(configPath: config)
        let history = try data.openHistory()
        let standing: HistoryStanding
        let holds: [DayHolds]
        let latest: String?
        let routines: [DayRoutine]
        do {
            standing = try history.standing(today: today ?? History.today(dayStart: start), windowDays: days, dayStart: start)
            holds = try history.holdsByDay(standing).map { DayHolds(day: $0.day, positions: $0.positions) }
            latest = try history.store.latestRecording()
            routines = try history.routines(standing).map { DayRoutine(day: $0.day, routine: $0.routine) }
        } catch {
            throw RollmonFailure(.ioError, "rollmon: \(error)")
        }
        var series: SessionSeries?
        var note: String?
        if session == "latest" {
            if let stored = latest {
                let path = history.directory.file(forStored: stored)
                do { series = try SessionSeries.read(path: path, name: stored) } catch {
                    note = "The latest session's recording (\(path)) cannot be read: \(error)"
                    FileHandle.standardError.write(Data("rollmon: \(note!)\n".utf8))
                }
            } else {
                note = "No session in the history yet: roll one with rollmon live (or rollmon demo)."
            }
        } else {
            do { series = try SessionSeries.read(path: session, name: (session as NSString).lastPathComponent) } catch let e {
                throw RollmonFailure(e.line == 0 ? .noInput : .dataError, e.description)
            }
        }
        let iso = ISO8601DateFormatter().string(from: Date())
        let html = ReportPage.render(.init(session: series, sessionNote: note, standing: standing, holds: holds, generated: iso, routines: routines))
        try TextFile.write(html, to: out)
        if let csv { try TextFile.write(DayCSV.render(standing), to: csv) }
        print("wrote \(out)" + (csv.map { " and \($0)" } ?? ""))
    }

}
