import Foundation
import GRDB

/// One guided routine as the history keeps it (interface §7, results): every step, measured or not. The measured
/// steps' samples are in their recordings (indexed as sessions, the source of truth for the day figures); the timed
/// and counted steps exist nowhere else, so this row is the user's own entry, like a pause.
public struct RoutineRecord: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        /// Stable step id (`right_foot`, `calf_stretch_left`, …).
        public var id: String
        public var name: String
        /// `measured`, `timed` or `counted`.
        public var mode: String
        public var targetS: Double
        public var doneS: Double
        /// `done`, `partial` or `skipped`.
        public var status: String
        /// The recording holding a measured step's samples, as the history stores recording paths.
        public var recording: String?
        public init(id: String, name: String, mode: String, targetS: Double, doneS: Double, status: String, recording: String?) {
            self.id = id; self.name = name; self.mode = mode; self.targetS = targetS; self.doneS = doneS
            self.status = status; self.recording = recording
        }
    }

    /// `post_run` or `pre_run`.
    public var kind: String
    /// ISO-8601, as the routine's result says.
    public var started: String
    /// The user ended it before its last step.
    public var quit: Bool
    public var steps: [Step]

    public init(kind: String, started: String, quit: Bool, steps: [Step]) {
        self.kind = kind; self.started = started; self.quit = quit; self.steps = steps
    }

    public var stepsDone: Int { steps.filter { $0.status == "done" }.count }
}

extension HistoryStore {
    /// Stores a finished routine with its steps; the same routine (kind and start) twice is stored once.
    /// Returns whether it was new.
    @discardableResult
    public func addRoutine(_ r: RoutineRecord) throws(HistoryError) -> Bool {
        let startedUnixS = ISOTime.parse(r.started) ?? Date().timeIntervalSince1970
        return try run {
            try db.write { db in
                try db.execute(sql: "INSERT OR IGNORE INTO routine_run (kind, started, started_unix_s, quit) VALUES (?, ?, ?, ?)",
                               arguments: [r.kind, r.started, startedUnixS, r.quit])
                guard db.changesCount > 0 else { return false }
                let id = db.lastInsertedRowID
                for (ordinal, s) in r.steps.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO routine_step (routine_id, ordinal, step_id, name, mode, target_s, done_s, status, recording)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [id, ordinal, s.id, s.name, s.mode, s.targetS, s.doneS, s.status, s.recording])
                }
                return true
            }
        }
    }

    /// Routines started at or after `fromUnixS`, newest first, each with its steps in plan order.
    public func routines(fromUnixS: Double) throws(HistoryError) -> [(startedUnixS: Double, routine: RoutineRecord)] {
        try run {
            try db.read { db in
                let runs = try Row.fetchAll(db, sql: """
                    SELECT id, kind, started, started_unix_s, quit FROM routine_run WHERE started_unix_s >= ?
                    ORDER BY started_unix_s DESC, id DESC
                    """, arguments: [fromUnixS])
                return try runs.map { run in
                    let steps = try Row.fetchAll(db, sql: """
                        SELECT step_id, name, mode, target_s, done_s, status, recording FROM routine_step
                        WHERE routine_id = ? ORDER BY ordinal
                        """, arguments: [run[0] as Int64]).map {
                        RoutineRecord.Step(id: $0[0], name: $0[1], mode: $0[2], targetS: $0[3], doneS: $0[4], status: $0[5], recording: $0[6])
                    }
                    return (run[3], RoutineRecord(kind: run[1], started: run[2], quit: run[4], steps: steps))
                }
            }
        }
    }
}

extension History {
    /// Stores a finished routine; a measured step's recording path is stored the way its session row stores it.
    @discardableResult
    public func addRoutine(_ r: RoutineRecord) throws(HistoryError) -> Bool {
        var stored = r
        for i in stored.steps.indices { stored.steps[i].recording = stored.steps[i].recording.map(directory.storedPath(for:)) }
        return try store.addRoutine(stored)
    }

    /// The routines of the days of `standing`, newest first, each with its day (the same day rule as sessions).
    public func routines(_ standing: HistoryStanding, timeZone: TimeZone = .current) throws(HistoryError) -> [(day: LocalDay, routine: RoutineRecord)] {
        guard let oldest = standing.days.last?.date else { return [] }
        // Two days of margin before the window's first day: offsets and the day start only move a routine back.
        let from = Double(oldest.dayNumber - 2) * 86_400
        return try store.routines(fromUnixS: from).compactMap { row in
            let day = standing.dayStart.day(unixSeconds: row.startedUnixS,
                                            utcOffsetSeconds: timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: row.startedUnixS)))
            return day >= oldest && day <= standing.today ? (day, row.routine) : nil
        }
    }
}
