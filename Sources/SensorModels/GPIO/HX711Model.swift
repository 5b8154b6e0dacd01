import SensorIO

/// The HX711's two-wire protocol, modelled from the Avia Semiconductor HX711 datasheet ("Serial Interface",
/// "Reset and Power-Down", Fig. 2/3 and Table 3), driven by the host through a `SimulatedGPIOChip`:
/// - conversions complete at 10 or 80 SPS; DOUT goes low when one is ready and unread;
/// - each PD_SCK rising edge shifts out one bit, MSB first (24-bit two's complement); the 25th pulls DOUT high;
///   25/26/27 pulses in total select channel A×128 / B×32 / A×64 for the *next* conversion;
/// - PD_SCK high for more than 60 µs powers the chip down (DOUT reads high meanwhile — the datasheet does not say
///   what DOUT does in power-down; high = "not ready" is this model's assumption); PD_SCK low again resets it to
///   channel A×128;
/// - after power-up, reset or an input/gain change the first conversion is ready only after the output settling
///   time (400 ms at 10 SPS, 50 ms at 80 SPS — a simplification: the real filter produces unsettled codes at the
///   normal rate meanwhile);
/// - codes outside 24 bits saturate at 0x800000 / 0x7FFFFF.
/// Faults: `stuckDOUTHigh` (a dead or unpowered board: never ready); `stuckDOUTLow` (DOUT not connected, the input
/// pulled low: always "ready", all zeros); `unplug(fromS:toS:)` (the board loses power for
/// a while: never ready meanwhile, then powered up again, converting after the settling time).
public final class HX711Model: SimulatedLineInput, SimulatedLineOutputObserver {
    public let rateHz: Double
    /// The code the ADC would produce for `input` at time t (before saturation).
    private let code: (HX711Input, Double) -> Int
    private let doutOffset: UInt32
    private let sckOffset: UInt32

    public var stuckDOUTHigh = false
    /// DOUT reads low whatever happens (the DOUT wire off and the host's input pulled low, or the board without
    /// power): it looks ready, and clocks out zeros.
    public var stuckDOUTLow = false
    /// Windows in which the board has no power (DOUT reads high, pulses do nothing); nil end = to the end.
    private var unpluggedWindows: [(fromS: Double, toS: Double?, restored: Bool)] = []
    /// The input (channel/gain) the running conversions use.
    public private(set) var input: HX711Input = .afterReset
    public private(set) var powerDowns = 0
    public private(set) var conversionsShifted = 0
    /// PD_SCK pulses seen while no data was ready (the datasheet gives them no meaning; the model ignores them).
    public private(set) var ignoredPulses = 0

    private var sckHigh = false
    private var sckRoseAt = 0.0
    /// First conversion-ready time of the current schedule; conversions complete at epoch + k / rate.
    private var epoch: Double
    /// Index of the last conversion shifted out (-1: none in this schedule).
    private var lastReadIndex = -1
    /// Pulses in the current read (0 = not reading; 1...24 data; 25...27 selection).
    private var pulses = 0
    private var latched: UInt32 = 0
    /// Schedule to restore if the selection pulses end up choosing the input already in use.
    private var scheduleBeforeSelection: (input: HX711Input, epoch: Double, lastReadIndex: Int)?

    /// `code(input, t)`: the raw ADC code for that input at time t, e.g. from `HX711LoadCell`.
    public init(rateHz: Double = 10, powerUpSeconds: Double = 0, doutOffset: UInt32, sckOffset: UInt32,
                code: @escaping (HX711Input, Double) -> Int) {
        precondition(HX711Timing.supportedRatesHz.contains(rateHz), "HX711 runs at 10 or 80 SPS")
        self.rateHz = rateHz
        self.code = code
        self.doutOffset = doutOffset
        self.sckOffset = sckOffset
        epoch = powerUpSeconds + HX711Timing.settlingSeconds(rateHz: rateHz)
    }

    /// Wires the model to a simulated chip: DOUT is an input of the host, PD_SCK an output the model watches.
    public func attach(to chip: SimulatedGPIOChip) {
        chip.attachInput(self, offset: doutOffset)
        chip.attachObserver(self, offset: sckOffset)
    }

    private var periodSeconds: Double { 1 / rateHz }

    /// Latest completed conversion at t (-1 if none yet in this schedule). Counted in whole nanoseconds so a
    /// conversion due at exactly t is ready at t (0.5 − 0.4 is not 0.1 in binary floating point).
    private func conversionIndex(at t: Double) -> Int {
        let sinceNS = Int64(((t - epoch) * 1e9).rounded())
        let periodNS = Int64((periodSeconds * 1e9).rounded())
        return sinceNS < 0 ? -1 : Int(sinceNS / periodNS)
    }

    private func poweredDown(at t: Double) -> Bool { sckHigh && t - sckRoseAt > HX711Timing.powerDownHighSeconds }

    private func dataReady(at t: Double) -> Bool { conversionIndex(at: t) > lastReadIndex }

    /// The board loses power from `fromS` until `toS` (nil: for good), as an unplugged cable does.
    public func unplug(fromS: Double, toS: Double?) {
        unpluggedWindows.append((fromS, toS, false))
    }

    /// Whether the board is without power at t; a window that has ended powers the chip up (once) at its end.
    private func unpowered(at t: Double) -> Bool {
        for i in unpluggedWindows.indices where !unpluggedWindows[i].restored {
            let w = unpluggedWindows[i]
            if let end = w.toS, t >= end {
                unpluggedWindows[i].restored = true
                powerUp(at: end)
            } else if t >= w.fromS {
                return true
            }
        }
        return false
    }

    private func powerUp(at t: Double) {
        pulses = 0
        scheduleBeforeSelection = nil
        input = .afterReset
        epoch = t + HX711Timing.settlingSeconds(rateHz: rateHz)
        lastReadIndex = -1
    }

    public func level(atSeconds t: Double) -> Bool {
        if stuckDOUTLow { return false }
        if stuckDOUTHigh || unpowered(at: t) || poweredDown(at: t) { return true }
        if (1...24).contains(pulses) { return (latched >> UInt32(24 - pulses)) & 1 == 1 }
        return !dataReady(at: t)
    }

    public func lineDriven(offset: UInt32, high: Bool, atSeconds t: Double) {
        guard offset == sckOffset, high != sckHigh else { return }
        if high {
            sckHigh = true
            sckRoseAt = t
            risingEdge(at: t)
        } else {
            sckHigh = false
            if t - sckRoseAt > HX711Timing.powerDownHighSeconds { reset(at: t) }
        }
    }

    private func risingEdge(at t: Double) {
        if stuckDOUTHigh || stuckDOUTLow || unpowered(at: t) { ignoredPulses += 1; return }
        if pulses == 0 || pulses >= 25 {
            // Not in a data phase: a pulse either starts reading a ready conversion or extends the selection tail.
            if dataReady(at: t) {
                let k = conversionIndex(at: t)
                let raw = code(input, epoch + Double(k) * periodSeconds)
                let saturated = min(max(raw, Int(HX711Timing.minCode)), Int(HX711Timing.maxCode))
                latched = UInt32(bitPattern: Int32(saturated)) & 0xFF_FFFF
                lastReadIndex = k
                scheduleBeforeSelection = nil
                pulses = 1
                return
            }
            if (25...26).contains(pulses) {
                pulses += 1
                select(at: t)
                return
            }
            ignoredPulses += 1
            return
        }
        pulses += 1
        if pulses == 25 {
            conversionsShifted += 1
            scheduleBeforeSelection = (input, epoch, lastReadIndex)
            select(at: t)
        }
    }

    /// Applies the selection encoded by the pulse count so far (25/26/27) to the next conversion.
    private func select(at t: Double) {
        guard let chosen = HX711Input(pulsesPerRead: pulses), let before = scheduleBeforeSelection else { return }
        if chosen == before.input {
            (input, epoch, lastReadIndex) = (before.input, before.epoch, before.lastReadIndex)
        } else {
            // New input or gain: the next conversion is ready after the settling time.
            input = chosen
            epoch = t + HX711Timing.settlingSeconds(rateHz: rateHz)
            lastReadIndex = -1
        }
    }

    private func reset(at t: Double) {
        powerDowns += 1
        pulses = 0
        scheduleBeforeSelection = nil
        input = .afterReset
        epoch = t + HX711Timing.settlingSeconds(rateHz: rateHz)
        lastReadIndex = -1
    }
}

/// A strain-gauge load cell on the HX711's channel A, excited from AVDD (as on the common breakout boards), so the
/// bridge output is ratiometric: code = (V_diff / AVDD) · gain · 2^24, because the full-scale differential input is
/// ±0.5·AVDD/gain (HX711 datasheet, "Analog Inputs": ±20 mV at gain 128 with AVDD = 5 V) mapped onto ±2^23 codes.
public struct HX711LoadCell: Sendable, Equatable {
    /// Rated capacity in newtons (e.g. a 50 kg bar cell: 490 N).
    public var capacityN: Double
    /// Rated output in mV/V at capacity, from the cell's own datasheet. The default 2.0 mV/V is a common rating for
    /// bar-type strain-gauge cells but is an assumption here: set it to your cell's figure.
    public var ratedOutputMVPerV: Double
    /// Zero balance: output at no load, in mV/V (a real cell is never exactly 0).
    public var zeroBalanceMVPerV: Double

    public init(capacityN: Double = 490, ratedOutputMVPerV: Double = 2.0, zeroBalanceMVPerV: Double = 0.05) {
        self.capacityN = capacityN; self.ratedOutputMVPerV = ratedOutputMVPerV; self.zeroBalanceMVPerV = zeroBalanceMVPerV
    }

    /// The unsaturated HX711 code for `forceN` on channel A at `gain`.
    public func code(forceN: Double, gain: Int) -> Int {
        let ratio = (zeroBalanceMVPerV + ratedOutputMVPerV * forceN / capacityN) * 1e-3
        return Int((ratio * Double(gain) * 16_777_216).rounded())
    }

    /// Codes per newton at `gain` (what a perfect calibration would find).
    public func codesPerNewton(gain: Int) -> Double {
        ratedOutputMVPerV * 1e-3 / capacityN * Double(gain) * 16_777_216
    }
}
