import Foundation
import RollAnalysis
import RollCore
import RollTrace
import Synchronization

/// The live recording: a `TraceWriter` on the reading thread plus the cadence that keeps a power cut from costing more
/// than about a second — rows reach the kernel every `flushIntervalS`, and are fsynced every `syncIntervalS` on a
/// thread of their own, so a slow SD card never stalls the reading thread. Every failure comes back from `tick` /
/// `finish` as a value for the screen and the summary; recording failures never stop the session.
final class SessionRecorder: @unchecked Sendable {
    /// Rows reach the kernel at least this often (a crash of rollmon loses at most this much).
    static let flushIntervalS = 0.5
    /// Rows reach the disk at least this often (a power cut loses at most about this much).
    static let syncIntervalS = 1.0

    let path: String
    private let writer: TraceWriter
    private var lastFlushWallS: Double
    private var lastSyncWallS: Double
    private let syncWanted = DispatchSemaphore(value: 0)
    private let syncThreadDone = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    /// The latest fsync failure, handed to the reading thread by the next `tick`.
    private let syncFailure = Mutex<TraceWriteError?>(nil)

    init(path: String, metadata: TraceMetadata, hasForce: Bool, startWallS: Double, writePath: TraceWritePath = .posix) throws {
        self.path = path
        writer = try TraceWriter(path: path, metadata: metadata, hasForce: hasForce, hasFoot: true, writePath: writePath,
                             replacing: false)
        lastFlushWallS = startWallS
        lastSyncWallS = startWallS
        let thread = Thread { [self] in syncLoop() }
        thread.start()
    }

    func append(_ s: Sample) { writer.append(s) }

    /// Call often from the reading thread. Returns the failures since the last call (a flush, an earlier fsync).
    func tick(wallS: Double) -> [TraceWriteError] {
        var failures: [TraceWriteError] = []
        if wallS - lastFlushWallS >= Self.flushIntervalS {
            lastFlushWallS = wallS
            if case .failure(let e) = writer.flush() { failures.append(e) }
        }
        if wallS - lastSyncWallS >= Self.syncIntervalS {
            lastSyncWallS = wallS
            syncWanted.signal()
        }
        if let e = syncFailure.withLock({ f in defer { f = nil }; return f }) { failures.append(e) }
        return failures
    }

    /// Time of the oldest row not yet handed to the kernel (nil when all are).
    var unwrittenSinceS: Double? { writer.unwrittenSinceS }

    /// Rows that could not be kept while the disk refused them (see `TraceWriter.rowsDropped`).
    var rowsDropped: Int { writer.rowsDropped }

    /// Stops the sync thread, then flushes, fsyncs and closes the file. Returns what failed on the way.
    func finish() -> [TraceWriteError] {
        stopping.store(true, ordering: .releasing)
        syncWanted.signal()
        syncThreadDone.wait()
        var failures: [TraceWriteError] = []
        if let e = syncFailure.withLock({ $0 }) { failures.append(e) }
        if case .failure(let e) = writer.close() { failures.append(e) }
        return failures
    }

    private func syncLoop() {
        while true {
            syncWanted.wait()
            if stopping.load(ordering: .acquiring) { break }
            if case .failure(let e) = writer.fsync() { syncFailure.withLock { $0 = e } }
        }
        syncThreadDone.signal()
    }
}
