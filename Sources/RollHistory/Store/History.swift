import Foundation
import RollAnalysis
import RollCore

/// The history of one data directory: the store, kept in step with the recordings.
///
/// Opening it indexes every recording in `sessions/` that has no row yet and is not being recorded right now (its
/// process died: kill -9, power cut), marked `recovered`. Nothing is deleted or rewritten.
public final class History {
    public let directory: DataDirectory
    public let store: HistoryStore
    /// What opening found and could not index (one line each, for standard error).
    public private(set) var notes: [String] = []
    /// Recordings indexed as recovered by this opening.
    public private(set) var recovered: [String] = []
    /// Sessions replayed again because a migration asked for it.
    public private(set) var reindexedCount = 0

    public init(directory: DataDirectory) throws(HistoryError) {
        self.directory = directory
        try directory.create()
        store = try HistoryStore(path: directory.database)
        try recover()
        try reindexMarked()
    }

    /// Sessions a migration marked: replay their recordings again. A recording that is gone or whose content changed
    /// is said, and its row kept as it was.
    private func reindexMarked() throws(HistoryError) {
        for row in try store.sessionsNeedingReindex() {
            let path = directory.file(forStored: row.recording)
            var fresh: IndexedSession?
            if (try? SessionIndexer.contentHash(path: path)) == row.hash {
                fresh = try? SessionIndexer.index(path: path, storedPath: row.recording, started: row.started,
                                                  knownHash: row.hash)
            }
            if fresh == nil { notes.append("\(path): recording missing or changed; its history row is kept as it was") }
            try store.reindexed(id: row.id, with: fresh)
            if fresh != nil { reindexedCount += 1 }
        }
    }

    private func recover() throws(HistoryError) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.sessions)) ?? []
        let candidates = names.filter { $0.hasSuffix(".csv") }.sorted()
        guard !candidates.isEmpty else { return }
        let known = try store.knownRecordings()
        for name in candidates {
            let path = directory.sessions + "/" + name
            let stored = directory.storedPath(for: path)
            if known.contains(stored) || RecordingLock.isHeld(recording: path) { continue }
            // Nothing reached it (the disk was full from the first byte, or the process died before writing one):
            // there is nothing to recover, and saying so on every command would be noise.
            if Self.isEmptyFile(path) { continue }
            do {
                let s = try SessionIndexer.index(path: path, storedPath: stored, recovered: true)
                if case .added = try store.add(s) { recovered.append(stored) }
                RecordingLock.removeStale(recording: path)
            } catch IndexError.endsBeforeFirstRow {
                // Cut short inside its header (a power cut in the session's first moments): no sample reached it,
                // so, like an empty file, nothing to recover and nothing to say on every command.
                continue
            } catch let e as IndexError {
                notes.append("\(e) (not in the history)")
            } catch let e as HistoryError {
                throw e
            } catch {
                notes.append("\(path): \(error)")
            }
        }
    }

    /// A regular file of zero bytes: a recording that holds nothing at all.
    public static func isEmptyFile(_ path: String) -> Bool {
        guard let a = try? FileManager.default.attributesOfItem(atPath: path) else { return false }
        return a[.type] as? FileAttributeType == .typeRegular && (a[.size] as? NSNumber)?.intValue == 0
    }

    public enum Added: Equatable, Sendable {
        case added(stored: String)
        case alreadyPresent(stored: String)
        /// Another rollmon is still writing it (its lock is held): that process adds it when its session ends (or the
        /// next command recovers it, should it die). Indexing it now would store a part of it, and the whole later.
        case beingRecorded(stored: String)
    }

    /// Indexes and stores a finished recording of this process (`live`, `demo`).
    @discardableResult
    public func addRecording(path: String) throws -> Added {
        let stored = directory.storedPath(for: path)
        let s = try SessionIndexer.index(path: path, storedPath: stored)
        switch try store.add(s) {
        case .added: return .added(stored: stored)
        case let .alreadyPresent(existing): return .alreadyPresent(stored: existing)
        }
    }

    /// `history add`: indexes a trace where it is (not copied) unless its content is already in the history.
    public func addTrace(path: String, started: String?) throws -> Added {
        let stored = directory.storedPath(for: path)
        // `history add` of a recording a running `demo` writes once stored its first seconds, and the session's own
        // add at its end the whole: two sessions, the time counted twice.
        if RecordingLock.isHeld(recording: path) { return .beingRecorded(stored: stored) }
        let hash: String
        do { hash = try SessionIndexer.contentHash(path: path) } catch {
            throw IndexError.unreadable(path: path, reason: "\(error)")
        }
        if try store.containsHash(hash) { return .alreadyPresent(stored: try store.recording(forHash: hash) ?? stored) }
        let s = try SessionIndexer.index(path: path, storedPath: stored, started: started, knownHash: hash)
        switch try store.add(s) {
        case .added: return .added(stored: stored)
        case let .alreadyPresent(existing): return .alreadyPresent(stored: existing)
        }
    }

    /// The standing on `today` over `windowDays`, in the current time zone.
    public func standing(today: LocalDay, windowDays: Int, dayStart: DayStart,
                         timeZone: TimeZone = .current) throws(HistoryError) -> HistoryStanding {
        let contributions = try store.contributions(dayStart: dayStart) {
            timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: $0))
        }
        return HistoryStanding(today: today, windowDays: windowDays, dayStart: dayStart, contributions: contributions,
                               pauses: try store.pauses())
    }

    /// Tender-hold positions per day over the days of `standing`.
    public func holdsByDay(_ standing: HistoryStanding, timeZone: TimeZone = .current) throws(HistoryError) -> [(day: LocalDay, positions: [Double])] {
        guard let oldest = standing.days.last?.date else { return [] }
        // Two days of margin before the window's first day: offsets and the day start only move a session back.
        let from = Double(oldest.dayNumber - 2) * 86_400
        var byDay: [LocalDay: [Double]] = [:]
        for h in try store.holdPositions(fromUnixS: from) {
            let day = standing.dayStart.day(unixSeconds: h.startedUnixS,
                                            utcOffsetSeconds: timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: h.startedUnixS)))
            if day >= oldest && day <= standing.today { byDay[day, default: []].append(h.position) }
        }
        return byDay.keys.sorted().map { ($0, byDay[$0]!) }
    }

    /// The day that is "today" now, by the same rule as a session's day.
    public static func today(dayStart: DayStart, now: Date = Date(), timeZone: TimeZone = .current) -> LocalDay {
        let t = now.timeIntervalSince1970
        return dayStart.day(unixSeconds: t, utcOffsetSeconds: timeZone.secondsFromGMT(for: now))
    }
}
