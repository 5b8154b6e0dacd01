/// One debounced press of the "switch foot" button, stamped by the kernel (CLOCK_MONOTONIC).
public struct ButtonPress: Sendable, Equatable {
    public var timestampNS: UInt64
    public var tSeconds: Double { Double(timestampNS) * 1e-9 }
    public init(timestampNS: UInt64) { self.timestampNS = timestampNS }
}

/// The "switch foot" push-button on a GPIO input: debounced edges in, presses out. Non-blocking by default so the
/// reading loop can poll it between samples.
///
/// Wiring assumed by the defaults: a normally-open button between BCM GPIO 17 (header pin 11) and GND, with the
/// SoC's internal pull-up enabled — so the line idles high and a press is a falling edge.
public final class FootSwitchButton {
    public static let defaultLine: UInt32 = 17
    /// 30 ms: mid-range of the 20–50 ms debounce period Jack Ganssle recommends after measuring real switch bounce
    /// ("A Guide to Debouncing", 2004/2008); long enough for a foot-operated switch, short against a human press.
    public static let defaultDebouncePeriodNS: UInt64 = 30_000_000

    public let line: UInt32
    public let activeLow: Bool
    public let debouncePeriodNS: UInt64
    private let chip: any GPIOChipHandle
    private let consumer: String
    private var request: (any GPIOLineHandle)?

    public init(chip: any GPIOChipHandle, line: UInt32 = FootSwitchButton.defaultLine, activeLow: Bool = true,
                debouncePeriodNS: UInt64 = FootSwitchButton.defaultDebouncePeriodNS,
                consumer: String = "rollmon-button") {
        self.chip = chip; self.line = line; self.activeLow = activeLow
        self.debouncePeriodNS = debouncePeriodNS; self.consumer = consumer
    }

    /// Requests the line with pull-up (active low) or pull-down (active high), press-edge detection and debouncing
    /// (in the kernel with libgpiod v2, in SensorIO with v1).
    public func configure() throws {
        request?.release()
        request = nil
        let config = GPIOInputConfig(bias: activeLow ? .pullUp : .pullDown, edges: activeLow ? .falling : .rising,
                                     debouncePeriodNS: debouncePeriodNS)
        request = try chip.requestInputs([line], config: config, consumer: consumer)
    }

    /// Presses that happened so far, waiting up to `timeoutNS` for the first one (0 = don't wait).
    public func presses(timeoutNS: Int64 = 0) throws -> [ButtonPress] {
        if request == nil { try configure() }
        guard let request else { return [] }
        guard try request.waitEdgeEvents(timeoutNS: timeoutNS) else { return [] }
        return try request.drainEdgeEvents().map { ButtonPress(timestampNS: $0.timestampNS) }
    }

    /// Whether the button is held down right now (debounced level).
    public func isPressed() throws -> Bool {
        if request == nil { try configure() }
        guard let request else { return false }
        return try request.value(offset: line) != activeLow
    }

    public func release() {
        request?.release()
        request = nil
    }
}
