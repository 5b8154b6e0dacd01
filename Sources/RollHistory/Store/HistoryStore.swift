import Foundation
import GRDB
import RollAnalysis
import RollSummary
import RollCore

/// The history database (`DIR/history.sqlite`): the index of the recordings plus the user's own entries (pauses).
///
/// SQLite through GRDB, in WAL mode (readers never wait for a writer, so `history` answers while `live` saves) with
/// `synchronous = FULL` (a committed session survives a power cut) and a busy timeout, so two rollmon processes
/// can share a data directory. Opening never creates over, repairs or replaces an existing file.
public final class HistoryStore {
    public let path: String
    let db: DatabaseQueue
    /// How long a write waits for another process's write before giving up with `HistoryError.locked`.
    public static let busyTimeoutS = 5.0

    /// Opens (creating if absent) and migrates the database at `path`.
    public init(path: String, busyTimeoutS: Double = HistoryStore.busyTimeoutS) throws(HistoryError) {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(busyTimeoutS)
        // WAL is switched on below, after the schema check, by hand: GRDB's `.wal` set-up writes to the file on every
        // opening (and sets synchronous = NORMAL), which would touch a file we must refuse and wait on a lock
        // that a reader does not need.
        config.foreignKeysEnabled = true
        // Per connection, no write: a committed session is on disk before the commit returns (power cut safe).
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        do {
            db = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw Self.map(error, path: path, timeoutS: busyTimeoutS)
        }
        try migrate(timeoutS: busyTimeoutS)
    }

    /// Refuses a newer file, then applies what is missing. Reads first, so an up-to-date file is never written to.
    private func migrate(timeoutS: Double) throws(HistoryError) {
        let migrator = HistorySchema.migrator
        do {
            let (superseded, unknown, complete) = try db.read { db in
                let applied = try migrator.appliedIdentifiers(db)
                let known = Set(try migrator.appliedMigrations(db))
                return (try migrator.hasBeenSuperseded(db), applied.subtracting(known).sorted(),
                        try migrator.hasCompletedMigrations(db))
            }
            if superseded { throw HistoryError.newerSchema(path: path, unknown: unknown) }
            // WAL persists in the file: set once (for a new or a pre-WAL file), a read ever after.
            let mode = try db.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
            if mode?.lowercased() != "wal" {
                try db.writeWithoutTransaction { db in
                    guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")?.lowercased() == "wal" else {
                        throw HistoryError.io(path: path, detail: "cannot switch the database to WAL mode")
                    }
                }
            }
            if !complete { try migrator.migrate(db) }
        } catch let e as HistoryError {
            throw e
        } catch {
            throw Self.map(error, path: path, timeoutS: timeoutS)
        }
    }

    /// Why the database at `path` could not be used, without changing it (`rollmon doctor`): opened query-only, every
    /// page read (`PRAGMA quick_check`: a file cut short or damaged reads as malformed only where its pages are, so its
    /// 16-byte header alone said "readable") and its schema compared with this rollmon's. Nil when it can be used.
    public static func problem(path: String) -> HistoryError? {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeoutS)
        // Not `readonly`: a read-only connection to a WAL file leaves its -wal and -shm behind; this one writes
        // nothing either (query_only) and, as the last connection, removes them when it closes.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA query_only = ON") }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            return try queue.read { db -> HistoryError? in
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                if check != ["ok"] { return .notADatabase(path: path, detail: check.prefix(1).joined()) }
                let migrator = HistorySchema.migrator
                if try migrator.hasBeenSuperseded(db) {
                    let known = Set(try migrator.appliedMigrations(db))
                    return .newerSchema(path: path, unknown: try migrator.appliedIdentifiers(db).subtracting(known).sorted())
                }
                return nil
            }
        } catch {
            return map(error, path: path, timeoutS: busyTimeoutS)
        }
    }

    static func map(_ error: Error, path: String, timeoutS: Double) -> HistoryError {
        if let e = error as? HistoryError { return e }
        guard let e = error as? DatabaseError else { return .io(path: path, detail: "\(error)") }
        switch e.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .locked(path: path, waitedS: timeoutS)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_FORMAT:
            return .notADatabase(path: path, detail: e.message ?? "\(e.resultCode)")
        default:
            return .io(path: path, detail: e.message ?? "\(e.resultCode)")
        }
    }

    /// Runs `body` and turns SQLite's errors into `HistoryError`.
    func run<T>(_ body: () throws -> T) throws(HistoryError) -> T {
        do { return try body() } catch { throw Self.map(error, path: path, timeoutS: Self.busyTimeoutS) }
    }

    // MARK: - Sessions

    public enum AddResult: Equatable, Sendable {
        case added(id: Int64)
        /// The same content is already in the history (under this recording path).
        case alreadyPresent(recording: String)
    }

    /// Stores one indexed session, once per content hash.
    @discardableResult
    public func add(_ s: IndexedSession) throws(HistoryError) -> AddResult {
        try run {
            try db.write { db -> AddResult in
                if let existing = try String.fetchOne(db, sql: "SELECT recording FROM session WHERE content_hash = ?",
                                                      arguments: [s.contentHash]) {
                    return .alreadyPresent(recording: existing)
                }
                let sum = s.summary
                try db.execute(sql: """
                    INSERT INTO session (content_hash, recording, started, started_unix_s, tool, target, duration_s,
                        samples, right_s, left_s, calves_s, severe_events, bursts, tender_holds, warnings, recovered,
                        indexed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [s.contentHash, s.recording, s.started, s.startedUnixS, s.tool.rawValue,
                                     s.target.rawValue, sum.durationS, sum.samples, s.rightS, s.leftS, s.calvesS,
                                     sum.segments.reduce(0) { $0 + $1.severeEvents },
                                     sum.segments.reduce(0) { $0 + $1.bursts },
                                     sum.segments.reduce(0) { $0 + $1.tenderHolds },
                                     sum.warnings.map(SummaryWords.text).joined(separator: "\n"), s.recovered,
                                     ISOTime.format(unixSeconds: Date().timeIntervalSince1970)])
                let id = db.lastInsertedRowID
                try insertDetails(db, id: id, s)
                return .added(id: id)
            }
        }
    }

    private func insertDetails(_ db: Database, id: Int64, _ s: IndexedSession) throws {
        for (i, g) in s.summary.segments.enumerated() {
            try db.execute(sql: """
                INSERT INTO segment (session_id, ordinal, foot, start_s, end_s, active_s, distance_m, strokes,
                    full_length_strokes, median_stroke_m, peak_force_n, bursts, severe_events, tender_holds, verdict)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, i, g.foot, g.startS, g.endS, g.activeS, g.distanceM, g.strokes,
                                 g.fullLengthStrokes, g.medianStrokeM, g.peakForceN, g.bursts, g.severeEvents,
                                 g.tenderHolds, g.verdict.rawValue])
        }
        for (i, a) in s.summary.alerts.enumerated() {
            try db.execute(sql: "INSERT INTO alert (session_id, ordinal, t_s, kind, message) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, i, a.tS, a.kind.rawValue, SummaryWords.message(a)])
        }
        for (segment, zones) in s.timeAlongFootS.enumerated() {
            for (zone, t) in zones.enumerated() {
                try db.execute(sql: "INSERT INTO segment_zone (session_id, segment, zone, time_s) VALUES (?, ?, ?, ?)",
                               arguments: [id, segment, zone, t])
            }
        }
        for (i, h) in s.holds.enumerated() {
            try db.execute(sql: """
                INSERT INTO tender_hold (session_id, ordinal, segment, t_s, position_along_foot) VALUES (?, ?, ?, ?, ?)
                """, arguments: [id, i, h.segment, h.tS, h.positionAlongFoot])
        }
    }

    /// Sessions a migration asked to replay from their recordings: (id, stored path, content hash, started).
    public func sessionsNeedingReindex() throws(HistoryError) -> [(id: Int64, recording: String, hash: String, started: String)] {
        try run {
            try db.read { db in
                try Row.fetchAll(db, sql: "SELECT id, recording, content_hash, started FROM session WHERE needs_reindex = 1")
                    .map { (id: $0[0], recording: $0[1], hash: $0[2], started: $0[3]) }
            }
        }
    }

    /// Replaces a session's analysis with a fresh one of the same recording (same content hash) and clears its
    /// re-index mark; with nil only clears the mark (the recording is gone or changed: the row is kept as it was).
    public func reindexed(id: Int64, with s: IndexedSession?) throws(HistoryError) {
        try run {
            try db.write { db in
                if let s {
                    for table in ["segment", "alert", "tender_hold", "segment_zone"] {
                        try db.execute(sql: "DELETE FROM \(table) WHERE session_id = ?", arguments: [id])
                    }
                    let sum = s.summary
                    try db.execute(sql: """
                        UPDATE session SET duration_s = ?, samples = ?, right_s = ?, left_s = ?, calves_s = ?,
                            severe_events = ?, bursts = ?, tender_holds = ?, warnings = ?, indexed_at = ?
                        WHERE id = ?
                        """, arguments: [sum.durationS, sum.samples, s.rightS, s.leftS, s.calvesS,
                                         sum.segments.reduce(0) { $0 + $1.severeEvents },
                                         sum.segments.reduce(0) { $0 + $1.bursts },
                                         sum.segments.reduce(0) { $0 + $1.tenderHolds },
                                         sum.warnings.map(SummaryWords.text).joined(separator: "\n"),
                                         ISOTime.format(unixSeconds: Date().timeIntervalSince1970), id])
                    try insertDetails(db, id: id, s)
                }
                try db.execute(sql: "UPDATE session SET needs_reindex = 0 WHERE id = ?", arguments: [id])
            }
        }
    }

    /// Recording paths the history already knows.
    public func knownRecordings() throws(HistoryError) -> Set<String> {
        try run { try db.read { try String.fetchSet($0, sql: "SELECT recording FROM session") } }
    }

    public func containsHash(_ hash: String) throws(HistoryError) -> Bool {
        try run { try db.read { try Bool.fetchOne($0, sql: "SELECT 1 FROM session WHERE content_hash = ?", arguments: [hash]) ?? false } }
    }

    public func recording(forHash hash: String) throws(HistoryError) -> String? {
        try run { try db.read { try String.fetchOne($0, sql: "SELECT recording FROM session WHERE content_hash = ?", arguments: [hash]) } }
    }

    /// Every session's day figures, oldest first; `offset` gives the local zone's UTC offset at an instant.
    public func contributions(dayStart: DayStart, offset: (Double) -> Int) throws(HistoryError) -> [SessionContribution] {
        try run {
            try db.read { db in
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT started_unix_s, right_s, left_s, calves_s, severe_events, bursts, tender_holds
                    FROM session ORDER BY started_unix_s
                    """)
                var out: [SessionContribution] = []
                while let r = try rows.next() {
                    let t: Double = r[0]
                    out.append(SessionContribution(day: dayStart.day(unixSeconds: t, utcOffsetSeconds: offset(t)),
                                                   rightS: r[1], leftS: r[2], calvesS: r[3], severeEvents: r[4],
                                                   bursts: r[5], tenderHolds: r[6]))
                }
                return out
            }
        }
    }

    /// The most recently started session's stored recording path.
    public func latestRecording() throws(HistoryError) -> String? {
        try run { try db.read { try String.fetchOne($0, sql: "SELECT recording FROM session ORDER BY started_unix_s DESC, id DESC LIMIT 1") } }
    }

    /// Every tender hold with a known position: (session start, position 0 heel … 1 ball), oldest first.
    public func holdPositions(fromUnixS: Double) throws(HistoryError) -> [(startedUnixS: Double, position: Double)] {
        try run {
            try db.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT s.started_unix_s, h.position_along_foot FROM tender_hold h JOIN session s ON s.id = h.session_id
                    WHERE h.position_along_foot IS NOT NULL AND s.started_unix_s >= ? ORDER BY s.started_unix_s, h.ordinal
                    """, arguments: [fromUnixS]).map { (startedUnixS: $0[0], position: $0[1]) }
            }
        }
    }

    // MARK: - Pauses

    public func addPause(_ p: PauseSpan) throws(HistoryError) {
        try run {
            try db.write { db in
                try db.execute(sql: "INSERT INTO pause (from_day, to_day, reason, created_at) VALUES (?, ?, ?, ?)",
                               arguments: [p.from.description, p.to.description, p.reason,
                                           ISOTime.format(unixSeconds: Date().timeIntervalSince1970)])
            }
        }
    }

    public func pauses() throws(HistoryError) -> [PauseSpan] {
        try run {
            try db.read { db in
                try Row.fetchAll(db, sql: "SELECT from_day, to_day, reason FROM pause ORDER BY from_day").compactMap { r in
                    guard let f = LocalDay(iso: r[0]), let t = LocalDay(iso: r[1]) else { return nil }
                    return PauseSpan(from: f, to: t, reason: r[2])
                }
            }
        }
    }
}
