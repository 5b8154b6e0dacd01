import SensorIO
import SensorModels
import Testing

@Suite("Edge debouncing and the foot-switch button")
struct ButtonDebounceTests {
    @Test("EdgeDebouncer follows the kernel: settled level's edge, stamped last raw edge + period")
    func debouncerKernelSemantics() {
        var d = EdgeDebouncer(line: 17, periodNS: 30_000_000, edges: .falling, initialLevel: true)
        // Bounce: falling at 1.000 s, rising 1.001, falling 1.002 — then stays low.
        #expect(d.feed(EdgeEvent(kind: .falling, timestampNS: 1_000_000_000, line: 17)) == nil)
        #expect(d.feed(EdgeEvent(kind: .rising, timestampNS: 1_001_000_000, line: 17)) == nil)
        #expect(d.feed(EdgeEvent(kind: .falling, timestampNS: 1_002_000_000, line: 17)) == nil)
        #expect(d.deadlineNS == 1_032_000_000)
        #expect(d.settle(nowNS: 1_031_999_999) == nil)
        #expect(d.settle(nowNS: 1_032_000_000) == EdgeEvent(kind: .falling, timestampNS: 1_032_000_000, line: 17))
        #expect(d.stableLevel == false)
        // Release: rising, settles, but only falling edges were asked for.
        #expect(d.feed(EdgeEvent(kind: .rising, timestampNS: 2_000_000_000, line: 17)) == nil)
        #expect(d.settle(nowNS: 3_000_000_000) == nil)
        #expect(d.stableLevel == true)
        // A glitch shorter than the period that returns to the stable level: nothing at all.
        #expect(d.feed(EdgeEvent(kind: .falling, timestampNS: 4_000_000_000, line: 17)) == nil)
        #expect(d.feed(EdgeEvent(kind: .rising, timestampNS: 4_005_000_000, line: 17)) == nil)
        #expect(d.settle(nowNS: 5_000_000_000) == nil)
        // A later raw edge also completes an earlier settle.
        #expect(d.feed(EdgeEvent(kind: .falling, timestampNS: 6_000_000_000, line: 17)) == nil)
        #expect(d.feed(EdgeEvent(kind: .rising, timestampNS: 6_500_000_000, line: 17))
            == EdgeEvent(kind: .falling, timestampNS: 6_030_000_000, line: 17))
    }

    /// A button on a simulated chip, with `kernelDebounce` as on libgpiod v2 (true) or v1 (false, SensorIO filters).
    private func rig(kernelDebounce: Bool) -> (VirtualClock, SimulatedWaveform, FootSwitchButton) {
        let clock = VirtualClock(startSeconds: 10)
        let chip = SimulatedGPIOChip(clock: clock, kernelDebounce: kernelDebounce)
        let wave = SimulatedWaveform(initialLevel: true)  // pulled up, not pressed
        chip.attachInput(wave, offset: FootSwitchButton.defaultLine)
        return (clock, wave, FootSwitchButton(chip: chip))
    }

    @Test("bouncy press and release → exactly one press, at the kernel's debounced time", arguments: [true, false])
    func bouncyPressIsOnePress(kernelDebounce: Bool) throws {
        let (clock, wave, button) = rig(kernelDebounce: kernelDebounce)
        try button.configure()
        // 5 bounces 1 ms apart on press (11 level changes, last one at 11.010 s) and on release at 11.500 s.
        wave.addBouncyPress(pressSeconds: 11.0, releaseSeconds: 11.5, bounces: 5, bounceIntervalSeconds: 0.001)
        var presses: [ButtonPress] = []
        while clock.nowSeconds() < 13 {
            presses += try button.presses(timeoutNS: 50_000_000)  // the reading loop's 50 ms wait
        }
        #expect(presses.count == 1)
        // Last bounce at 11.010 s + 30 ms debounce period.
        #expect(abs((presses.first?.tSeconds ?? 0) - 11.040) < 1e-6)
        #expect(try button.isPressed() == false)
    }

    @Test("two presses → two; a 5 ms glitch → none", arguments: [true, false])
    func pressesAndGlitches(kernelDebounce: Bool) throws {
        let (clock, wave, button) = rig(kernelDebounce: kernelDebounce)
        try button.configure()
        wave.addBouncyPress(pressSeconds: 11.0, releaseSeconds: 11.3, bounces: 3, bounceIntervalSeconds: 0.002)
        wave.add(level: false, atSeconds: 12.0)  // glitch: 5 ms low, shorter than the 30 ms period
        wave.add(level: true, atSeconds: 12.005)
        wave.addBouncyPress(pressSeconds: 13.0, releaseSeconds: 13.2, bounces: 2, bounceIntervalSeconds: 0.003)
        var presses: [ButtonPress] = []
        while clock.nowSeconds() < 14 { presses += try button.presses(timeoutNS: 20_000_000) }
        #expect(presses.count == 2)
        #expect(abs(presses[0].tSeconds - (11.012 + 0.030)) < 1e-6)
        #expect(abs(presses[1].tSeconds - (13.012 + 0.030)) < 1e-6)
    }

    @Test("polling without waiting never advances time and returns nothing before the press settles")
    func nonBlockingPoll() throws {
        let (clock, wave, button) = rig(kernelDebounce: false)
        try button.configure()
        wave.addBouncyPress(pressSeconds: 10.5, releaseSeconds: 11.0, bounces: 1, bounceIntervalSeconds: 0.001)
        let t0 = clock.nowSeconds()
        #expect(try button.presses().isEmpty)
        #expect(clock.nowSeconds() == t0)
        clock.sleep(untilSeconds: 10.520)  // pressed but not yet settled (settles at 10.532)
        #expect(try button.presses().isEmpty)
        clock.sleep(untilSeconds: 10.540)
        #expect(try button.presses().map(\.timestampNS) == [10_532_000_000])
    }

    @Test("a line held by another program names it")
    func busyButtonLine() {
        let clock = VirtualClock()
        let chip = SimulatedGPIOChip(clock: clock)
        chip.occupy(offset: 17, consumer: "gpio-keys")
        #expect {
            try FootSwitchButton(chip: chip).configure()
        } throws: { error in
            (error as? GPIOError)?.description.contains("\"gpio-keys\"") == true
        }
    }

    @Test("data-ready edges are returned one per sample, oldest first, with their timestamps")
    func dataReadyLine() throws {
        let clock = VirtualClock(startSeconds: 1)
        let chip = SimulatedGPIOChip(clock: clock)
        let drdy = SimulatedWaveform(initialLevel: false)
        for k in 0..<3 {  // 1 kHz data-ready pulses, 50 µs wide
            drdy.add(level: true, atSeconds: 1.001 + Double(k) * 0.001)
            drdy.add(level: false, atSeconds: 1.00105 + Double(k) * 0.001)
        }
        chip.attachInput(drdy, offset: 4)
        let line = try GPIODataReadyLine(chip: chip, line: 4)
        #expect(abs((try line.waitForDataReady(timeoutSeconds: 0.01) ?? 0) - 1.001) < 1e-9)
        clock.sleep(untilSeconds: 1.0035)  // the reader fell behind: two more edges are queued
        #expect(abs((try line.waitForDataReady(timeoutSeconds: 0) ?? 0) - 1.002) < 1e-9)
        #expect(abs((try line.waitForDataReady(timeoutSeconds: 0) ?? 0) - 1.003) < 1e-9)
        #expect(try line.waitForDataReady(timeoutSeconds: 0.005) == nil)
    }
}
