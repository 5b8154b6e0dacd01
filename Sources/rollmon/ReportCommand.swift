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
    @Option(help: "The HTML file to write.")
    var out: String
    @Option(help: "Also write the day rows as CSV to this file.")
    var csv: String?
    @OptionGroup var window: HistoryWindowOptions

    func run() throws {
        try RecordingGuard.refuseOverwrite(out, flag: "--out")
        if let csv {
            try RecordingGuard.refuseOverwrite(csv, flag: "--csv")
            try RecordingGuard.refuseSameFile(out, csv, flags: ("--out", "--csv"))
        }
        let (history, standing) = try window.openStanding()
        let holds: [DayHolds]
        let latest: String?
        let routines: [DayRoutine]
        do {
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
        let shoes = try ShoeBook(history).standing()
        let html = ReportPage.render(.init(session: series, sessionNote: note, standing: standing, holds: holds, generated: iso,
                                           shoes: shoes, routines: routines))
        try TextFile.write(html, to: out)
        if let csv { try TextFile.write(DayCSV.render(standing), to: csv) }
        print("wrote \(out)" + (csv.map { " and \($0)" } ?? ""))
    }

}
