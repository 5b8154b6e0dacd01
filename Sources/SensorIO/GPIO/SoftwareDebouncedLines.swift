/// Input lines debounced in user space: wraps a request made with both-edge detection and no kernel debounce
/// (libgpiod v1 cannot ask the kernel to debounce) and reports only settled edges of the kinds asked for, with the
/// same semantics as the kernel's debouncer (see `EdgeDebouncer`).
public final class SoftwareDebouncedLines: GPIOLineHandle {
    private let raw: any GPIOLineHandle
    private var debouncers: [UInt32: EdgeDebouncer]
    private var ready: [EdgeEvent] = []
    /// CLOCK_MONOTONIC now, in the clock raw edges are stamped with.
    private let nowNS: () -> UInt64

    /// `raw` must deliver both edges of every line in `offsets`; `edges` is what the caller wants to see.
    public init(raw: any GPIOLineHandle, edges: GPIOEdgeDetection, periodNS: UInt64,
                nowNS: @escaping () -> UInt64) throws {
        self.raw = raw
        self.nowNS = nowNS
        var debouncers: [UInt32: EdgeDebouncer] = [:]
        for offset in raw.offsets {
            debouncers[offset] = EdgeDebouncer(line: offset, periodNS: periodNS, edges: edges,
                                               initialLevel: try raw.value(offset: offset))
        }
        self.debouncers = debouncers
    }

    public var offsets: [UInt32] { raw.offsets }

    /// The debounced level, like the kernel returns for a debounced line.
    public func value(offset: UInt32) throws -> Bool {
        try absorbPending()
        if let d = debouncers[offset] { return d.stableLevel }
        return try raw.value(offset: offset)
    }

    public func setValue(_ value: Bool, offset: UInt32) throws { try raw.setValue(value, offset: offset) }

    public func waitEdgeEvents(timeoutNS: Int64) throws -> Bool {
        let start = nowNS()
        let end: UInt64? = timeoutNS < 0 ? nil : start &+ UInt64(timeoutNS)
        while true {
            try absorbPending()
            if !ready.isEmpty { return true }
            let now = nowNS()
            if let end, now >= end { return false }
            // Sleep in the raw wait until the earliest of: the caller's timeout, the next settle deadline.
            var until = end
            if let deadline = debouncers.values.compactMap(\.deadlineNS).min() {
                until = until.map { min($0, deadline) } ?? deadline
            }
            let waitNS: Int64 = until.map { $0 > now ? Int64($0 - now) : 0 } ?? -1
            _ = try raw.waitEdgeEvents(timeoutNS: waitNS)
        }
    }

    public func readEdgeEvents(maxEvents: Int) throws -> [EdgeEvent] {
        try absorbPending()
        let n = min(maxEvents, ready.count)
        let out = Array(ready.prefix(n))
        ready.removeFirst(n)
        return out
    }

    public func release() { raw.release() }

    /// Moves queued raw edges through the debouncers and completes settles whose deadline has passed.
    private func absorbPending() throws {
        while try raw.waitEdgeEvents(timeoutNS: 0) {
            let batch = try raw.readEdgeEvents(maxEvents: 64)
            if batch.isEmpty { break }
            for event in batch {
                if let settled = debouncers[event.line]?.feed(event) { ready.append(settled) }
            }
        }
        let now = nowNS()
        var settledNow: [EdgeEvent] = []
        for offset in debouncers.keys.sorted() {
            if let settled = debouncers[offset]?.settle(nowNS: now) { settledNow.append(settled) }
        }
        ready += settledNow.sorted { $0.timestampNS < $1.timestampNS }
    }
}
