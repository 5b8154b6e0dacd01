/// One HX711 conversion as read from the wire.
public struct HX711RawReading: Sendable, Equatable {
    /// Sign-extended 24-bit code.
    public var code: Int32
    /// When the conversion finished, monotonic seconds: the middle of the window between DOUT last seen high (or
    /// the last read) and seen low.
    public var tSeconds: Double
    public var input: HX711Input
    /// At 0x7FFFFF or 0x800000: the input is out of range and the value means nothing.
    public var isSaturated: Bool { code >= HX711Timing.maxCode || code <= HX711Timing.minCode }
}

/// HX711 load-cell ADC bit-banged over two GPIO lines (PD_SCK output, DOUT input), on libgpiod or a simulated chip.
///
/// Timing guard: the datasheet allows PD_SCK high for at most 50 µs (T3) and powers the chip down after 60 µs high,
/// which resets it and loses the conversion being shifted out. A Linux process can be preempted at any moment, so
/// the driver measures monotonic time from just before each rising edge to just after the matching falling edge (an
/// upper bound of the high phase) and discards the conversion if any bit's bound exceeds 50 µs. A long high during
/// the selection pulses (after all 24 bits) keeps the data. Either way the chip is then reset on purpose (it may or may
/// not have powered down, and may be mid-word), and the conversion after a reset is discarded if it would be at the
/// reset default gain rather than the one asked for.
public final class HX711: ForceDevice {
    public let chipName = "HX711"
    public let doutLine: UInt32
    public let sckLine: UInt32
    public let input: HX711Input
    /// 10 or 80 SPS: set by the board's RATE pin (low = 10, high = 80), which the driver cannot read.
    public let rateHz: Double
    public var calibration: LinearForceCalibration
    /// Give up waiting for DOUT after this long without a conversion: the output settling time after a reset or a
    /// gain change (400 ms at 10 SPS, 50 ms at 80 SPS) plus two periods of slack, 0.6 s / 75 ms.
    public var readyTimeoutSeconds: Double

    private let chip: any GPIOChipHandle
    private let clock: any MonotonicClock
    private let consumer: String
    private var sck: (any GPIOLineHandle)?
    private var dout: (any GPIOLineHandle)?
    /// Start of the current wait for a conversion (configure, reset or the last good read).
    private var waitingSinceSeconds = 0.0
    /// The next ready conversion was made at the reset default gain, not `input`: throw it away.
    private var discardNext = false
    /// When the chip was last reset on purpose, and whether a conversion has come since.
    private var lastResetSeconds = -Double.infinity
    private var convertedSinceReset = false
    /// When DOUT was last seen high (no conversion ready).
    private var lastSeenBusySeconds = -Double.infinity

    /// Reads in which a PD_SCK high phase may have exceeded 50 µs (the word is discarded if it happened during the
    /// 24 data bits; either way the chip is reset on purpose).
    public private(set) var corruptedConversions = 0
    /// Conversions thrown away because they were made at another gain (after configure or a reset).
    public private(set) var wrongGainConversions = 0

    /// Default wiring (BCM numbering on the Pi's header chip): DOUT → GPIO 5 (pin 29), PD_SCK → GPIO 6 (pin 31).
    public static let defaultDOUTLine: UInt32 = 5
    public static let defaultSCKLine: UInt32 = 6

    public init(chip: any GPIOChipHandle, doutLine: UInt32 = HX711.defaultDOUTLine,
                sckLine: UInt32 = HX711.defaultSCKLine, input: HX711Input = .channelA128, rateHz: Double = 10,
                calibration: LinearForceCalibration, clock: any MonotonicClock, consumer: String = "rollmon-hx711") {
        self.chip = chip; self.doutLine = doutLine; self.sckLine = sckLine; self.input = input
        self.rateHz = rateHz; self.calibration = calibration; self.clock = clock; self.consumer = consumer
        readyTimeoutSeconds = HX711Timing.settlingSeconds(rateHz: rateHz) + 2 / rateHz
    }

    public var nominalPeriodSeconds: Double { 1 / rateHz }
    /// GPIO only: no I2C traffic.
    public var busTraffic: BusTraffic { BusTraffic() }
    /// The next conversion: one period after the last (the settling time after a reset). DOUT is checked from a
    /// little before, since the chip's oscillator is not exact.
    public var nextReadingDueSeconds: Double {
        waitingSinceSeconds + (convertedSinceReset ? 0.9 / rateHz : HX711Timing.settlingSeconds(rateHz: rateHz))
    }

    /// Requests the lines (PD_SCK low, DOUT input) if not held, and resets the chip by holding PD_SCK high for
    /// > 60 µs, so it starts from the known channel A×128 state whatever a previous program left behind. Called
    /// again while a reset is still settling (a retry after `notReady`), it does not reset again: each reset gets
    /// its full settling time, so a 10 SPS board is never kept in reset by retries.
    public func configure() throws {
        if sck == nil || dout == nil {
            sck?.release(); dout?.release()
            sck = nil; dout = nil
            let sck = try chip.requestOutputs([sckLine], initialValues: [false], consumer: consumer)
            self.sck = sck
            // DOUT is a push-pull output of the HX711: no pull needed.
            dout = try chip.requestInputs([doutLine], config: GPIOInputConfig(bias: .disabled), consumer: consumer)
        }
        guard let sck else { return }
        if clock.nowSeconds() - lastResetSeconds < readyTimeoutSeconds && !convertedSinceReset { return }
        try resetChip(sck)
    }

    /// Holds PD_SCK high for 100 µs — comfortably past the 60 µs power-down threshold (datasheet "Reset and
    /// Power-Down") — then low: the chip resets to channel A×128 and starts converting after the settling time.
    private func resetChip(_ sck: any GPIOLineHandle) throws {
        try sck.setValue(true, offset: sckLine)
        clock.sleep(untilSeconds: clock.nowSeconds() + 100e-6)
        try sck.setValue(false, offset: sckLine)
        afterReset()
    }

    /// A conversion if DOUT says one is ready, else nil (never blocks). Throws `HX711Error.notReady` when none has
    /// come for `readyTimeoutSeconds`. Returns nil, too, for a conversion that had to be discarded.
    public func pollRaw() throws -> HX711RawReading? {
        guard let sck, let dout else { try configure(); return nil }
        let now = clock.nowSeconds()
        if try dout.value(offset: doutLine) {
            lastSeenBusySeconds = now
            if now - waitingSinceSeconds > readyTimeoutSeconds {
                throw HX711Error.notReady(doutLine: doutLine, sckLine: sckLine, waitedSeconds: now - waitingSinceSeconds,
                                          rateHz: rateHz)
            }
            return nil
        }
        // The conversion finished after DOUT was last seen high (or the last read), and at most one period ago (an
        // unread conversion is replaced by the next): stamp it in the middle of that window.
        let windowStart = max(lastSeenBusySeconds, waitingSinceSeconds, now - 1 / rateHz)
        return try shiftOut(sck: sck, dout: dout, readyAt: (windowStart + now) / 2)
    }

    /// Waits (sleeping 1 ms between DOUT checks) for the next good conversion, up to `timeoutSeconds`.
    public func readRaw(timeoutSeconds: Double) throws -> HX711RawReading {
        let deadline = clock.nowSeconds() + timeoutSeconds
        let start = waitingSinceSeconds
        while true {
            if let reading = try pollRaw() { return reading }
            let now = clock.nowSeconds()
            if now >= deadline {
                throw HX711Error.notReady(doutLine: doutLine, sckLine: sckLine, waitedSeconds: now - start, rateHz: rateHz)
            }
            clock.sleep(untilSeconds: min(now + 1e-3, deadline))
        }
    }

    /// `ForceDevice`: calibrated newtons. A saturated code throws `HX711Error.outOfRange` rather than report a
    /// force that is really just the ADC's limit.
    public func poll() throws -> ForceReading? {
        guard let raw = try pollRaw() else { return nil }
        if raw.isSaturated { throw HX711Error.outOfRange(code: raw.code) }
        return ForceReading(tSeconds: raw.tSeconds, forceN: calibration.forceN(fromRaw: Double(raw.code)))
    }

    public func release() {
        sck?.release(); dout?.release()
        sck = nil; dout = nil
    }

    // MARK: the wire protocol

    /// One PD_SCK pulse; returns whether its high phase certainly stayed within T3 max.
    private func pulse(_ sck: any GPIOLineHandle) throws -> Bool {
        let before = clock.nowSeconds()
        try sck.setValue(true, offset: sckLine)
        try sck.setValue(false, offset: sckLine)
        return clock.nowSeconds() - before <= HX711Timing.maxClockHighSeconds
    }

    private func shiftOut(sck: any GPIOLineHandle, dout: any GPIOLineHandle, readyAt: Double) throws -> HX711RawReading? {
        var bits: UInt32 = 0
        for _ in 0..<24 {
            guard try pulse(sck) else {
                // The chip may have powered down mid-word (and reset), or may still be waiting for the rest of the
                // pulses: we cannot tell which. Reset it on purpose so its state is known again.
                corruptedConversions += 1
                try resetChip(sck)
                return nil
            }
            // DOUT changes after the rising edge (T2 ≤ 0.1 µs) and holds until the next one: read it after the pulse,
            // so the high phase is a single GPIO write long.
            bits = bits << 1 | (try dout.value(offset: doutLine) ? 1 : 0)
        }
        var selectionIntact = true
        for _ in 24..<input.pulsesPerRead {
            if !(try pulse(sck)) { selectionIntact = false }
        }
        // "The 25th pulse at PD_SCK input will pull DOUT pin back to high" (datasheet, Serial Interface): all-zero
        // bits with DOUT still low afterwards is a line nobody drives, not a conversion.
        if bits == 0, selectionIntact, !(try dout.value(offset: doutLine)) {
            throw HX711Error.doutStuckLow(doutLine: doutLine, sckLine: sckLine)
        }
        let code = Int32(bitPattern: bits << 8) >> 8  // sign-extend the 24-bit two's complement
        let discardThis = discardNext
        if selectionIntact {
            discardNext = false  // the pulses just sent selected `input` for the next conversion
            waitingSinceSeconds = clock.nowSeconds()
            convertedSinceReset = true
        } else {
            // The 24 bits are complete and valid, but a selection pulse may have powered the chip down (undoing the
            // selection) or not: reset on purpose so the next conversion's gain is known (A×128).
            corruptedConversions += 1
            try resetChip(sck)
        }
        if discardThis {
            wrongGainConversions += 1
            return nil
        }
        return HX711RawReading(code: code, tSeconds: readyAt, input: input)
    }

    /// The chip is (or may be) reset: it converts channel A×128 next, after the settling time.
    private func afterReset() {
        waitingSinceSeconds = clock.nowSeconds()
        lastResetSeconds = waitingSinceSeconds
        convertedSinceReset = false
        discardNext = input != .afterReset
    }
}
