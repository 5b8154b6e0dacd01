import ArgumentParser
import Foundation
import RollHistory

/// What `live` and `demo` do around a session for the history: choose the recording's path in the data directory,
/// hold the recording's lock while it is written, and at the end add it and print today's standing.
struct SessionHistoryHook {
    let directory: DataDirectory
    let recordPath: String
    private let lock: RecordingLock?

    /// `record` (the `--record` flag) or `DIR/sessions/<time>.csv`.
    init(data: DataDirectoryOptions, record: String?) throws {
        directory = data.directory
        if let record {
            recordPath = record
        } else {
            do { try directory.create() } catch {
                throw RollmonFailure(.cantCreate, "rollmon: \(error)")
            }
            recordPath = directory.newRecordingPath()
        }
        lock = RecordingLock(recording: recordPath)
    }

    /// Adds the finished recording to the history and prints today's standing (on standard error with `--json`, so
    /// standard output stays the one JSON object). A history that cannot be used is said, with how to add it later.
    func finish(json: Bool, configPath: String?) throws {
        // The recording failed before its first byte (the summary's `recording` outage says why): a file that holds
        // nothing cannot be a session in the history, and there is nothing to add later.
        if History.isEmptyFile(recordPath) {
            lock?.release()
            FileHandle.standardError.write(Data("rollmon: nothing reached \(recordPath), so this session is not in the history\n".utf8))
            return
        }
        let history: History
        do {
            history = try History(directory: directory)
            try history.addRecording(path: recordPath)
        } catch {
            throw RollmonFailure(.ioError, "rollmon: \(error); the session is recorded in \(recordPath): add it later with rollmon history add \(recordPath)")
        }
        lock?.release()
        for note in history.notes { FileHandle.standardError.write(Data("rollmon: \(note)\n".utf8)) }
        let start = try dayStart(configPath: configPath)
        let standing = try history.standing(today: History.today(dayStart: start), windowDays: 1, dayStart: start)
        let line = "Today: " + HistoryText.standingLine(standing)
        if json { FileHandle.standardError.write(Data((line + "\n").utf8)) } else { print(line) }
    }
}
