#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RollCore

/// A `TraceReader` whose rows are read and parsed on a second thread while the caller analyses the samples already
/// parsed: on a machine with a free core, replay takes about as long as the slower of the two halves instead of
/// their sum (`make bench`, README "Performance").
///
/// The same samples come out in the same order, and a malformed row throws the same `TraceError` (file, line,
/// column) after every sample before it, so the output is exactly what a plain `TraceReader` gives. Memory stays
/// flat: at most `blocksInFlight` blocks of `blockSamples` samples exist at any time; the parsing thread waits while
/// the caller is that far behind.
public final class ReadAheadTraceReader {
    public let metadata: TraceMetadata
    public let hasForce: Bool
    public let hasFoot: Bool
    /// The reader's warnings (e.g. a last line cut short); complete once `nextSample()` has returned nil.
    public private(set) var warnings: [TraceWarning] = []

    /// Samples per hand-off: large enough that the lock is taken once per few hundred microseconds of work, small
    /// enough (about 150 kB of samples) to stay in the cache the consumer reads it from.
    static let blockSamples = 2048
    /// Blocks, allocated once: one being filled, one being read, the rest waiting in between.
    static let blocksInFlight = 4

    private let handoff: Handoff
    private var thread: pthread_t
    private var joined = false
    /// No second thread could be started: rows are parsed on the caller's thread.
    private let inline: Bool
    /// The block being handed out: the next sample, the end, and which of the handoff's blocks it is (-1: none).
    /// `@exclusivity(unchecked)`: only the caller's thread touches them, never in overlapping accesses; the run-time
    /// check Swift otherwise makes on a class property cost ~75 instructions per sample (callgrind, `rollmon replay`).
    @exclusivity(unchecked) private var cursor: UnsafePointer<Sample>
    @exclusivity(unchecked) private var blockEnd: UnsafePointer<Sample>
    @exclusivity(unchecked) private var slot = -1

    /// Takes over `reader` (it must not be used again by the caller) and starts parsing its rows on a new thread.
    public init(_ reader: TraceReader) {
        metadata = reader.metadata
        hasForce = reader.hasForce
        hasFoot = reader.hasFoot
        handoff = Handoff(reader)
        cursor = UnsafePointer(handoff.storage)
        blockEnd = cursor
        let box = Unmanaged.passRetained(handoff).toOpaque()
        var tid = pthread_t()
        let rc = pthread_create(&tid, nil, { arg in
            let h = Unmanaged<Handoff>.fromOpaque(arg!).takeRetainedValue()
            h.produce()
            return nil
        }, box)
        // No thread to be had: parse on the caller's thread instead (same samples, same errors).
        if rc != 0 { Unmanaged<Handoff>.fromOpaque(box).release() }
        inline = rc != 0
        joined = inline
        thread = tid
    }

    deinit {
        handoff.cancel()
        join()
    }

    /// The next sample, nil at the end of the file; throws what `TraceReader.nextSample()` throws, at the same row.
    @inline(__always)
    public func nextSample() throws(TraceError) -> Sample? {
        if cursor < blockEnd {
            let s = cursor.pointee
            cursor += 1
            return s
        }
        return try nextBlock()
    }

    private func nextBlock() throws(TraceError) -> Sample? {
        if inline { return try handoff.readInline() }
        switch handoff.take(returning: slot) {
        case .block(let next, let count):
            slot = next
            let base = UnsafePointer(handoff.block(next))
            cursor = base + 1
            blockEnd = base + count
            return base.pointee
        case .end(let warnings):
            slot = -1
            join()
            self.warnings = warnings
            return nil
        case .failed(let error):
            slot = -1
            join()
            throw error
        }
    }

    private func join() {
        guard !joined else { return }
        joined = true
        pthread_join(thread, nil)
    }

    /// What the parsing thread hands over.
    enum Take {
        /// Block `slot` holds `count` (≥ 1) samples.
        case block(slot: Int, count: Int)
        case end([TraceWarning])
        case failed(TraceError)
    }

    /// The state both threads share: `blocksInFlight` fixed blocks of samples, allocated once, and which of them
    /// are full (in file order) or free, behind one mutex. `@unchecked Sendable`: the reader and a block being filled
    /// are used only by the parsing thread (or, when no thread could be started, only by the caller); a full block
    /// only by the caller from `take` until it gives it back; everything else only under `mutex`.
    final class Handoff: @unchecked Sendable {
        private let reader: TraceReader
        /// `Sample` is a trivial type (numbers and enums): the blocks are plain memory, written and read in place.
        let storage: UnsafeMutablePointer<Sample>
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private var full: [(slot: Int, count: Int)] = []
        private var free = Array(0..<ReadAheadTraceReader.blocksInFlight)
        /// Set once by the parsing thread after its last block; `failure` nil means the end of the file.
        private var finished = false
        private var failure: TraceError?
        private var cancelled = false

        init(_ reader: TraceReader) {
            self.reader = reader
            assert(_isPOD(Sample.self), "blocks are written and read as plain memory")
            storage = .allocate(capacity: ReadAheadTraceReader.blocksInFlight * ReadAheadTraceReader.blockSamples)
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(changed, nil)
        }

        deinit {
            pthread_cond_destroy(changed)
            pthread_mutex_destroy(mutex)
            changed.deallocate()
            mutex.deallocate()
            storage.deallocate()
        }

        func block(_ slot: Int) -> UnsafeMutablePointer<Sample> { storage + slot * ReadAheadTraceReader.blockSamples }

        /// The parsing thread: fills blocks until the end of the file, an error, or `cancel()`.
        func produce() {
            while true {
                guard let slot = freeSlot() else { return }   // cancelled
                let base = block(slot)
                var count = 0
                var error: TraceError?
                do {
                    while count < ReadAheadTraceReader.blockSamples, let s = try reader.nextSample() {
                        (base + count).initialize(to: s)
                        count += 1
                    }
                } catch let e {
                    error = e
                }
                let last = error != nil || count < ReadAheadTraceReader.blockSamples
                lock()
                if count > 0 { full.append((slot, count)) } else { free.append(slot) }
                if last {
                    finished = true
                    failure = error
                }
                pthread_cond_broadcast(changed)
                unlock()
                if last { return }
            }
        }

        /// A block to fill; waits while all are full or being read.
        private func freeSlot() -> Int? {
            lock()
            defer { unlock() }
            while true {
                if cancelled { return nil }
                if let slot = free.popLast() { return slot }
                pthread_cond_wait(changed, mutex)
            }
        }

        /// The caller's side: gives back block `consumed` (-1: none) and returns the next full one.
        func take(returning consumed: Int) -> Take {
            lock()
            defer { unlock() }
            if consumed >= 0 {
                free.append(consumed)
                pthread_cond_broadcast(changed)
            }
            while full.isEmpty && !finished { pthread_cond_wait(changed, mutex) }
            if !full.isEmpty {
                let next = full.removeFirst()
                return .block(slot: next.slot, count: next.count)
            }
            if let failure { return .failed(failure) }
            return .end(reader.warnings)
        }

        /// Without a parsing thread: the reader directly.
        func readInline() throws(TraceError) -> Sample? {
            try reader.nextSample()
        }

        func cancel() {
            lock()
            cancelled = true
            pthread_cond_broadcast(changed)
            unlock()
        }

        private func lock() { pthread_mutex_lock(mutex) }
        private func unlock() { pthread_mutex_unlock(mutex) }
    }
}
