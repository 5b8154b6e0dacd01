/// A buzzer or LED on one GPIO output, playing `IndicatorPattern`s without ever blocking: the reading loop calls
/// `tick()` whenever it is awake and the line is set to what the pattern says for that moment, written only when it
/// changes (one GPIO write per edge, not per tick). Timing resolution is therefore the loop's period.
///
/// Default wiring: an active buzzer (with its own oscillator) through a transistor on BCM GPIO 27 (header pin 13),
/// and/or an LED with a series resistor on BCM GPIO 22 (header pin 15); high = on.
public final class IndicatorOutput {
    public static let defaultBuzzerLine: UInt32 = 27
    public static let defaultLEDLine: UInt32 = 22

    public let line: UInt32
    public let activeHigh: Bool
    private let chip: any GPIOChipHandle
    private let clock: any MonotonicClock
    private let consumer: String
    private var request: (any GPIOLineHandle)?
    private var current: (pattern: IndicatorPattern, startSeconds: Double)?
    private var lineOn = false

    public init(chip: any GPIOChipHandle, line: UInt32 = IndicatorOutput.defaultBuzzerLine, activeHigh: Bool = true,
                clock: any MonotonicClock, consumer: String = "rollmon-buzzer") {
        self.chip = chip; self.line = line; self.activeHigh = activeHigh; self.clock = clock; self.consumer = consumer
    }

    /// Requests the line, off.
    public func configure() throws {
        request?.release()
        request = try chip.requestOutputs([line], initialValues: [!activeHigh], consumer: consumer)
        lineOn = false
    }

    /// The pattern playing now, if any.
    public var playing: IndicatorPattern? { current?.pattern }

    /// Starts `pattern` now unless a higher-priority one is still playing; restarting the same pattern keeps its
    /// phase (calling `play(.severe)` on every over-limit sample must not restart the beep).
    public func play(_ pattern: IndicatorPattern) throws {
        try expire()
        if let current {
            if current.pattern == pattern { return }
            if current.pattern.priority > pattern.priority { return }
        }
        current = (pattern, clock.nowSeconds())
        try tick()
    }

    /// Stops `pattern` if it is the one playing (e.g. pressure came back under the limit), or anything if nil.
    public func stop(_ pattern: IndicatorPattern? = nil) throws {
        if let pattern, current?.pattern != pattern { return }
        current = nil
        try set(false)
    }

    /// Brings the line up to date with the pattern; call it from the reading loop. Never blocks.
    public func tick() throws {
        try expire()
        guard let current else { return try set(false) }
        try set(current.pattern.isOn(elapsedSeconds: clock.nowSeconds() - current.startSeconds) ?? false)
    }

    public func release() {
        if request != nil { try? set(false) }  // leave the buzzer silent, but don't request the line just for that
        current = nil
        request?.release()
        request = nil
    }

    private func expire() throws {
        if let c = current, c.pattern.isOn(elapsedSeconds: clock.nowSeconds() - c.startSeconds) == nil {
            current = nil
            try set(false)
        }
    }

    private func set(_ on: Bool) throws {
        if request == nil { try configure() }
        guard on != lineOn, let request else { return }
        try request.setValue(on == activeHigh, offset: line)
        lineOn = on
    }
}
