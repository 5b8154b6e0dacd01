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
    /// enough (about 160 kB of samples) to stay in the cache the consumer reads it from.
    static let blockSamples = 2048
    /// Blocks that exist at once: one being filled, one being consumed, the rest waiting in between.
    static let blocksInFlight = 4

    private let handoff: Handoff
    private var thread: pthread_t
    private var joined = false
    /// No second thread could be started: rows are parsed on the caller's thread.
    private let inline: Bool
    /// The block being handed out and the next sample in it. `@exclusivity(unchecked)`: only the caller's thread
    /// touches them, never in overlapping accesses; the run-time check Swift otherwise makes on a class property
    /// cost ~75 instructions per sample (callgrind, `rollmon replay`), a third of the time of handing one out.
    @exclusivity(unchecked) private var block: [Sample] = []
    @exclusivity(unchecked) private var index = 0

    /// Takes over `reader` (it must not be used again by the caller) and starts parsing its rows on a new thread.
    public init(_ reader: TraceReader) {
        metadata = reader.metadata
        hasForce = reader.hasForce
        hasFoot = reader.hasFoot
        handoff = Handoff(reader)
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
        if index < block.count {
            let s = block[index]
            index &+= 1
            return s
        }
        return try nextBlock()
    }

    private func nextBlock() throws(TraceError) -> Sample? {
        if inline { return try handoff.readInline() }
        switch handoff.take(returning: &block) {
        case .block:
            index = 1
            return block[0]
        case .end(let warnings):
            join()
            self.warnings = warnings
            return nil
        case .failed(let error):
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
        case block
        case end([TraceWarning])
        case failed(TraceError)
    }

    /// The state both threads share, behind one mutex. `@unchecked Sendable`: the reader is used only by the parsing
    /// thread (or only by the caller when no thread could be started), and everything else only under `mutex`.
    final class Handoff: @unchecked Sendable {
        private let reader: TraceReader
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        /// Full blocks, oldest first, and emptied ones to refill (their capacity is kept).
        private var full: [[Sample]] = []
        private var empty: [[Sample]] = []
        private var blocksMade = 0
        /// Set once by the parsing thread after its last block: nil error means the end of the file.
        private var finished = false
        private var failure: TraceError?
        private var cancelled = false

        init(_ reader: TraceReader) {
            self.reader = reader
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(changed, nil)
        }

        deinit {
            pthread_cond_destroy(changed)
            pthread_mutex_destroy(mutex)
            changed.deallocate()
            mutex.deallocate()
        }

        /// The parsing thread: fills blocks until the end of the file, an error, or `cancel()`.
        func produce() {
            var error: TraceError?
            var block: [Sample]
            while true {
                guard let b = emptyBlock() else { return }   // cancelled
                block = b
                do {
                    while block.count < ReadAheadTraceReader.blockSamples, let s = try reader.nextSample() {
                        block.append(s)
                    }
                } catch let e {
                    error = e
                }
                let last = error != nil || block.count < ReadAheadTraceReader.blockSamples
                lock()
                if !block.isEmpty { full.append(block) }
                if last {
                    finished = true
                    failure = error
                }
                pthread_cond_broadcast(changed)
                unlock()
                if last { return }
            }
        }

        /// A block to fill: a returned one, or a new one while fewer than `blocksInFlight` exist; waits otherwise.
        private func emptyBlock() -> [Sample]? {
            lock()
            defer { unlock() }
            while true {
                if cancelled { return nil }
                if let b = empty.popLast() { return b }
                if blocksMade < ReadAheadTraceReader.blocksInFlight {
                    blocksMade += 1
                    var b: [Sample] = []
                    b.reserveCapacity(ReadAheadTraceReader.blockSamples)
                    return b
                }
                pthread_cond_wait(changed, mutex)
            }
        }

        /// The caller's side: gives back `block` (consumed) and puts the next full one in its place.
        func take(returning block: inout [Sample]) -> Take {
            lock()
            defer { unlock() }
            if block.capacity > 0 {
                block.removeAll(keepingCapacity: true)
                empty.append(block)
                block = []
                pthread_cond_broadcast(changed)
            }
            while full.isEmpty && !finished { pthread_cond_wait(changed, mutex) }
            if !full.isEmpty {
                block = full.removeFirst()
                return .block
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
