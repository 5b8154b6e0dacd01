/// Debounces one input line from its raw edges, the way the Linux kernel does for uAPI v2 requests with a debounce
/// period (drivers/gpio/gpiolib-cdev.c: every raw edge restarts a delayed work of `period` (debounce_irq_handler →
/// mod_delayed_work); when it runs, the line is read and an edge is emitted only if the level differs from the last
/// debounced level (debounce_work_func), stamped with the time the work ran).
///
/// libgpiod v1 (uAPI v1) has no debounce at all, so on v1 SensorIO runs this in user space over the raw edges
/// (`SoftwareDebouncedLines`); the simulated chip uses it as its "kernel". Both therefore report the same events:
/// the settled level's edge, stamped `lastRawEdge + period`.
public struct EdgeDebouncer: Sendable, Equatable {
    public let line: UInt32
    public let periodNS: UInt64
    public let edges: GPIOEdgeDetection
    /// The debounced level (true = high).
    public private(set) var stableLevel: Bool
    /// The level after the most recent raw edge.
    public private(set) var rawLevel: Bool
    /// Timestamp of the most recent raw edge while a settle is pending, nil when settled.
    public private(set) var pendingSinceNS: UInt64?

    public init(line: UInt32, periodNS: UInt64, edges: GPIOEdgeDetection, initialLevel: Bool) {
        self.line = line; self.periodNS = periodNS; self.edges = edges
        stableLevel = initialLevel; rawLevel = initialLevel
    }

    /// When the pending settle completes (if no further raw edge arrives), else nil.
    public var deadlineNS: UInt64? { pendingSinceNS.map { $0 + periodNS } }

    /// Feeds one raw edge; returns the debounced edge that became final before it, if any.
    public mutating func feed(_ raw: EdgeEvent) -> EdgeEvent? {
        let settled = settle(nowNS: raw.timestampNS)
        rawLevel = raw.kind == .rising
        pendingSinceNS = raw.timestampNS
        return settled
    }

    /// Completes a pending settle if `nowNS` is at or past its deadline; returns the debounced edge, if any.
    public mutating func settle(nowNS: UInt64) -> EdgeEvent? {
        guard let deadline = deadlineNS, nowNS >= deadline else { return nil }
        pendingSinceNS = nil
        guard rawLevel != stableLevel else { return nil }  // bounced back: nothing happened
        stableLevel = rawLevel
        let kind: EdgeKind = rawLevel ? .rising : .falling
        return edges.accepts(kind) ? EdgeEvent(kind: kind, timestampNS: deadline, line: line) : nil
    }
}
