import SensorIO
import SensorModels
import Testing

/// The HX711 driver against the datasheet model, on a simulated chip and a virtual clock.
@Suite("HX711 driver against the HX711 line-protocol model")
struct HX711Tests {
    struct Rig {
        let clock: VirtualClock
        let chip: SimulatedGPIOChip
        let model: HX711Model
        let driver: HX711
    }

    /// `code(input, t)` is what the model's ADC produces; default wiring DOUT 5, PD_SCK 6.
    func rig(input: HX711Input = .channelA128, rateHz: Double = 10,
             code: @escaping (HX711Input, Double) -> Int) throws -> Rig {
        let clock = VirtualClock(startSeconds: 100)
        let chip = SimulatedGPIOChip(clock: clock)
        let model = HX711Model(rateHz: rateHz, powerUpSeconds: 100, doutOffset: 5, sckOffset: 6, code: code)
        model.attach(to: chip)
        let driver = HX711(chip: chip, input: input, rateHz: rateHz,
                           calibration: LinearForceCalibration(tareCounts: 0, newtonsPerCount: 1), clock: clock)
        try driver.configure()
        return Rig(clock: clock, chip: chip, model: model, driver: driver)
    }

    /// Rising edges the host drove on PD_SCK between two times.
    func sckPulses(_ r: Rig, from t0: Double, to t1: Double) -> Int {
        r.chip.outputHistory(offset: 6).filter { $0.high && $0.tSeconds >= t0 && $0.tSeconds < t1 }.count
    }

    @Test("exact codes with sign extension", arguments: [0, 1, -1, 123_456, -123_456, 0x7F_FFFE, -0x7F_FFFF, 0x40_0000])
    func exactCodes(value: Int) throws {
        let r = try rig { _, _ in value }
        let reading = try r.driver.readRaw(timeoutSeconds: 1)
        #expect(Int(reading.code) == value)
        #expect(!reading.isSaturated)
        #expect(reading.input == .channelA128)
    }

    @Test("conversions arrive at the output data rate after the settling time", arguments: [10.0, 80.0])
    func dataRate(rateHz: Double) throws {
        var k = 0
        let r = try rig(rateHz: rateHz) { _, _ in k += 1; return k * 1000 }
        let configuredAt = r.clock.nowSeconds()
        var times: [Double] = []
        var codes: [Int32] = []
        for _ in 0..<5 {
            let reading = try r.driver.readRaw(timeoutSeconds: 1)
            times.append(reading.tSeconds); codes.append(reading.code)
        }
        #expect(codes == [1000, 2000, 3000, 4000, 5000])  // none skipped, none read twice
        // First one after the settling time (reset in configure), polled every 1 ms: stamped in the middle of the
        // millisecond in which DOUT went low.
        let settling = rateHz == 80 ? 0.050 : 0.400
        #expect(abs(times[0] - (configuredAt + settling)) <= 0.0006)
        for (a, b) in zip(times, times.dropFirst()) { #expect(abs((b - a) - 1 / rateHz) < 0.0015) }
    }

    @Test("gain/channel selection: pulse count per read, and the wrong-gain first conversion is discarded",
          arguments: HX711Input.allCases)
    func gainPulses(input: HX711Input) throws {
        let r = try rig(input: input) { input, _ in input.gain * 1000 + (input == .channelB32 ? 7 : 0) }
        let t0 = r.clock.nowSeconds()
        let reading = try r.driver.readRaw(timeoutSeconds: 2)
        #expect(reading.input == input)
        #expect(Int(reading.code) == input.gain * 1000 + (input == .channelB32 ? 7 : 0))
        #expect(r.model.input == input)
        // configure's reset leaves channel A×128: for another input the first conversion is thrown away.
        #expect(r.driver.wrongGainConversions == (input == .channelA128 ? 0 : 1))
        let reads = input == .channelA128 ? 1 : 2
        #expect(sckPulses(r, from: t0, to: r.clock.nowSeconds()) == reads * input.pulsesPerRead)
        let t1 = r.clock.nowSeconds()
        _ = try r.driver.readRaw(timeoutSeconds: 1)
        #expect(sckPulses(r, from: t1, to: r.clock.nowSeconds()) == input.pulsesPerRead)
    }

    @Test("saturated codes are reported as out of range, not as a force")
    func saturation() throws {
        for (input, expected) in [(0x90_0000, HX711Timing.maxCode), (-0x90_0000, HX711Timing.minCode)] {
            let r = try rig { _, _ in input }
            let raw = try r.driver.readRaw(timeoutSeconds: 1)
            #expect(raw.code == expected)
            #expect(raw.isSaturated)
            r.clock.advance(bySeconds: 0.1)
            #expect(throws: HX711Error.outOfRange(code: expected)) { _ = try r.driver.poll() }
        }
    }

    @Test("preempted with PD_SCK high for 80 µs mid-word: detected, discarded, chip reset, next read good")
    func preemptionPowerDown() throws {
        let r = try rig { _, t in Int((t - 100) * 10_000) }  // code = elapsed ms × 10, so a stale value shows
        let first = try r.driver.readRaw(timeoutSeconds: 1)
        #expect(r.driver.corruptedConversions == 0)
        let powerDownsBefore = r.model.powerDowns  // 1: configure's deliberate reset
        // Preempt after the 10th rising edge of the next read, for 80 µs (> 60 µs: the chip powers down).
        r.chip.stall(afterDriving: 6, high: true, occurrence: 10, seconds: 80e-6)
        let stalledAround = r.clock.nowSeconds() + 0.1
        let next = try r.driver.readRaw(timeoutSeconds: 2)
        #expect(r.driver.corruptedConversions == 1)
        // The stall powered it down; then the driver reset it on purpose (it cannot know which happened).
        #expect(r.model.powerDowns == powerDownsBefore + 2)
        // The reading we got is a fresh conversion after the reset's settling time, with the right code.
        #expect(next.tSeconds >= stalledAround + 0.400 - 0.002)
        // Its code encodes its conversion time (0.1 ms steps): ready at most one 1 ms poll before it was read.
        let convertedAt = 100 + Double(next.code) / 10_000
        #expect(next.tSeconds - convertedAt >= -1e-4 && next.tSeconds - convertedAt < 0.0015)
        #expect(next.tSeconds > first.tSeconds)
    }

    @Test("a 55 µs high phase is out of spec (T3 max 50 µs): discarded although the chip did not power down")
    func outOfSpecHighPhase() throws {
        let r = try rig { _, _ in 4242 }
        _ = try r.driver.readRaw(timeoutSeconds: 1)
        let powerDownsBefore = r.model.powerDowns
        r.chip.stall(afterDriving: 6, high: true, occurrence: 3, seconds: 55e-6)
        let t0 = r.clock.nowSeconds()
        let next = try r.driver.readRaw(timeoutSeconds: 2)
        #expect(next.code == 4242)  // not a word made of a half-shifted one
        #expect(r.driver.corruptedConversions == 1)
        // Only the driver's own reset powered it down, not the 55 µs phase; the next word came after settling.
        #expect(r.model.powerDowns == powerDownsBefore + 1)
        #expect(next.tSeconds > t0 + 0.1 + 0.4 - 0.002)
    }

    @Test("a long high on a gain pulse keeps the word but discards the next, wrong-gain, conversion")
    func preemptionOnSelectionPulse() throws {
        let r = try rig(input: .channelA64) { input, _ in input.gain }
        #expect(try r.driver.readRaw(timeoutSeconds: 2).code == 64)
        // 27 pulses per read: stall on the 26th (a selection pulse).
        r.chip.stall(afterDriving: 6, high: true, occurrence: 26, seconds: 100e-6)
        let powerDownsBefore = r.model.powerDowns
        let kept = try r.driver.readRaw(timeoutSeconds: 2)
        #expect(kept.code == 64)
        #expect(r.model.powerDowns == powerDownsBefore + 2)  // the stall's, then the driver's own reset
        #expect(r.driver.corruptedConversions == 1)
        let wrongBefore = r.driver.wrongGainConversions
        let after = try r.driver.readRaw(timeoutSeconds: 2)
        #expect(after.code == 64)  // the A×128 conversion after the reset was not reported
        #expect(r.driver.wrongGainConversions == wrongBefore + 1)
    }

    @Test("stuck DOUT: poll returns nil until the timeout, then a notReady error that names the lines")
    func stuckDOUT() throws {
        let r = try rig { _, _ in 1 }
        r.model.stuckDOUTHigh = true
        #expect(try r.driver.poll() == nil)
        do {
            _ = try r.driver.readRaw(timeoutSeconds: 5)
            Issue.record("read from a dead HX711")
        } catch let error as HX711Error {
            guard case let .notReady(dout, sck, waited, _) = error else { Issue.record("\(error)"); return }
            #expect(dout == 5 && sck == 6)
            // readyTimeoutSeconds at 10 SPS = 0.4 s settling + 2 periods = 0.6 s.
            #expect(abs(waited - 0.6) < 0.002)
            #expect(error.description.contains("GPIO 5") && error.description.contains("GPIO 6"))
        }
    }

    @Test("PD_SCK line held by another program: configure names it")
    func busySCK() {
        let clock = VirtualClock()
        let chip = SimulatedGPIOChip(clock: clock)
        chip.occupy(offset: 6, consumer: "hx711-py")
        let driver = HX711(chip: chip, calibration: LinearForceCalibration(tareCounts: 0, newtonsPerCount: 1),
                           clock: clock)
        #expect(throws: GPIOError(.lineBusy(chip: "gpiochip0 [rollmon-sim]", offset: 6, consumer: "hx711-py"),
                                  errno: .resourceBusy)) { try driver.configure() }
    }

    @Test("ForceDevice: a 490 N load cell reads back the applied force after tare and scale")
    func calibratedForce() throws {
        let cell = HX711LoadCell(capacityN: 490, ratedOutputMVPerV: 2.0, zeroBalanceMVPerV: 0.05)
        var forceN = 0.0
        let r = try rig { input, _ in cell.code(forceN: forceN, gain: input.gain) }
        let tare = try r.driver.readRaw(timeoutSeconds: 1)
        // 0.05 mV/V zero balance at gain 128: 0.05e-3 × 128 × 2^24 = 107 374 codes.
        #expect(tare.code == 107_374)
        r.driver.calibration = LinearForceCalibration(tareCounts: Double(tare.code),
                                                      newtonsPerCount: 1 / cell.codesPerNewton(gain: 128))
        forceN = 200
        var reading: ForceReading?
        while reading == nil {
            r.clock.advance(bySeconds: 0.01)
            reading = try r.driver.poll()
        }
        // One code is 1/8766 N; rounding of tare and reading: within 2 codes.
        #expect(abs((reading?.forceN ?? 0) - 200) < 2 / cell.codesPerNewton(gain: 128))
    }

    @Test("the model itself, clocked by hand: ready after settling, MSB first on rising edges, 25th pulse pulls DOUT high, >60 µs high powers down")
    func modelProtocolByHand() throws {
        let clock = VirtualClock(startSeconds: 0)
        let chip = SimulatedGPIOChip(clock: clock, operationCostSeconds: 1e-6)
        let model = HX711Model(rateHz: 10, powerUpSeconds: 0, doutOffset: 5, sckOffset: 6) { _, _ in -5_921_371 }
        model.attach(to: chip)
        let sck = try chip.requestOutputs([6], initialValues: [false], consumer: "test")
        let dout = try chip.requestInputs([5], config: GPIOInputConfig(), consumer: "test")
        clock.sleep(untilSeconds: 0.399)
        #expect(try dout.value(offset: 5) == true)  // still settling (400 ms at 10 SPS)
        clock.sleep(untilSeconds: 0.400)
        #expect(try dout.value(offset: 5) == false)  // data ready
        var word: UInt32 = 0
        for _ in 0..<24 {
            try sck.setValue(true, offset: 6)
            word = word << 1 | (try dout.value(offset: 5) ? 1 : 0)  // valid while high, after T2
            try sck.setValue(false, offset: 6)
        }
        #expect(word == 0xA5_A5A5)  // −5 921 371 in 24-bit two's complement
        try sck.setValue(true, offset: 6)
        #expect(try dout.value(offset: 5) == true)  // 25th pulse
        try sck.setValue(false, offset: 6)
        #expect(try dout.value(offset: 5) == true)  // read: not ready until the next conversion
        clock.sleep(untilSeconds: 0.500)
        #expect(try dout.value(offset: 5) == false)  // next conversion, one period later
        // Power-down: PD_SCK high for 70 µs.
        try sck.setValue(true, offset: 6)
        clock.advance(bySeconds: 70e-6)
        #expect(try dout.value(offset: 5) == true)
        try sck.setValue(false, offset: 6)
        #expect(model.powerDowns == 1)
        #expect(model.input == .channelA128)
        let resetAt = clock.nowSeconds()
        clock.sleep(untilSeconds: resetAt + 0.399)
        #expect(try dout.value(offset: 5) == true)  // settling again after the reset
        clock.sleep(untilSeconds: resetAt + 0.401)
        #expect(try dout.value(offset: 5) == false)
    }
}
