import SensorIO

/// SensorIO's GPIO layer (libgpiod v1 or v2, whichever this binary was built against) against the kernel's GPIO
/// character device on a gpio-sim chip: requests, bias, outputs, edge events with kernel timestamps, debouncing,
/// and the error for a line someone else holds.
struct GPIOChecks {
    let ctx: HILContext
    let runner: CheckRunner
    let clock = SystemMonotonicClock()

    /// Lines used only by these checks (BCM numbers the default wiring leaves free: GPIOWiring uses 5, 6, 17, 22,
    /// 27). The button and buzzer checks use SensorIO's own default lines.
    static let rawEdgeLine: UInt32 = 23
    static let otherProcessLine: UInt32 = 20
    static let lineCount = 28

    func run() {
        let chip: GPIOChip
        do {
            chip = try GPIOChip.open(ctx.gpioChip)
        } catch {
            runner.unavailable("GPIO checks", because: "cannot open \(ctx.gpioChip): \(error)")
            return
        }
        runner.run("the gpio-sim chip is detected, and this build talks libgpiod API \(ctx.variant)") {
            let found = detectGPIOChips().chips.filter { $0.name == ctx.gpioChip }
            try expectEqual(found.map(\.description), ["\(ctx.gpioChip) [rollmon-sim] (\(Self.lineCount) lines)"],
                            "detected chip")
            try expectEqual("v\(chip.apiVersion)", ctx.variant, "libgpiod API compiled in")
            try expectEqual(chip.kernelDebounce, ctx.variant == "v2", "kernel debounce available")
        }
        runner.run("line info comes from the kernel: configfs line names and the hog's consumer") {
            let line = FootSwitchButton.defaultLine
            let button = try chip.lineInfo(offset: line)
            try expectEqual(button.name, "GPIO\(line)", "line \(line) name")
            try expect(!button.used, "line \(line) is in use by '\(button.consumer)' before any request")
            let hog = try chip.lineInfo(offset: ctx.hoggedLine)
            try expect(hog.used && hog.consumer == "hil-hog", "line \(ctx.hoggedLine): used=\(hog.used) consumer '\(hog.consumer)'")
        }
        rawEdges(chip)
        debouncedButton(chip)
        outputLine(chip)
        busyLines(chip)
    }

    /// Three level changes 30 ms apart (long enough for the kernel's threaded edge handler to read each level)
    /// must arrive as three events of the right kinds, stamped on CLOCK_MONOTONIC between the writes and now.
    private func rawEdges(_ chip: GPIOChip) {
        runner.run("edge events: rising, falling, rising with CLOCK_MONOTONIC kernel timestamps") {
            let sim = SimulatedLine(sysfs: ctx.gpioSysfs, offset: Self.rawEdgeLine)
            try sim.drive(high: false)
            let lines = try chip.requestInputs([Self.rawEdgeLine], config: GPIOInputConfig(bias: .asIs, edges: .both),
                                               consumer: "rollmon-hil-edges")
            defer { lines.release() }
            try expectEqual(try lines.value(offset: Self.rawEdgeLine), false, "initial level")
            let t0 = clock.nowSeconds()
            for high in [true, false, true] {
                try sim.drive(high: high)
                clock.sleep(untilSeconds: clock.nowSeconds() + 0.03)
            }
            let events = try collect(lines, expecting: 3, settleSeconds: 0.2)
            let t1 = clock.nowSeconds()
            try expectEqual(events.map(\.kind), [.rising, .falling, .rising], "edge kinds")
            try expect(events.allSatisfy { $0.line == Self.rawEdgeLine }, "events name line \(Self.rawEdgeLine)")
            let ts = events.map(\.tSeconds)
            try expect(zip(ts, ts.dropFirst()).allSatisfy { $0 < $1 }, "timestamps not increasing: \(ts)")
            try expect(ts.first! >= t0 && ts.last! <= t1,
                       "timestamps \(ts) outside [\(t0), \(t1)]: not on CLOCK_MONOTONIC?")
        }
    }

    /// The "switch foot" button as rollmon uses it (FootSwitchButton: pull-up, falling edge, 30 ms debounce): a
    /// press with contact bounce (five level changes 1 ms apart, then low) must give exactly one press — debounced by
    /// the kernel on libgpiod v2 (uAPI v2 debounce_period_us) and by SensorIO's software debouncer on v1 — and the
    /// bouncy release none.
    private func debouncedButton(_ chip: GPIOChip) {
        runner.run("FootSwitchButton: a press with contact bounce is one press, its release none") {
            let line = FootSwitchButton.defaultLine
            let sim = SimulatedLine(sysfs: ctx.gpioSysfs, offset: line)
            try sim.drive(high: true)
            let button = FootSwitchButton(chip: chip, line: line, consumer: "rollmon-hil-button")
            try button.configure()
            defer { button.release() }
            try expectEqual(try button.isPressed(), false, "pressed before anything happened")
            let periodS = Double(button.debouncePeriodNS) * 1e-9
            for pressed in [true, false] {
                let lastChange = try bounce(sim, settleHigh: !pressed)
                var presses = try button.presses(timeoutNS: Int64(1e9))
                // Keep listening for three debounce periods: a second press would be a bounce let through.
                let quietEnd = clock.nowSeconds() + 3 * periodS
                while clock.nowSeconds() < quietEnd { presses += try button.presses(timeoutNS: 10_000_000) }
                try expectEqual(presses.count, pressed ? 1 : 0, pressed ? "presses for one press" : "presses on release")
                if let p = presses.first {
                    try expect(p.tSeconds >= lastChange + periodS - 0.001,
                               "press stamped \(p.tSeconds), less than the debounce period after the last bounce \(lastChange)")
                }
                try expectEqual(try button.isPressed(), pressed, "debounced state after settling")
            }
        }
    }

    /// Drives the contact through a bounce that ends at the requested level; returns when the last change began.
    private func bounce(_ sim: SimulatedLine, settleHigh: Bool) throws -> Double {
        var lastChange = 0.0
        for level in [settleHigh, !settleHigh, settleHigh, !settleHigh, settleHigh] {
            lastChange = clock.nowSeconds()
            try sim.drive(high: level)
            clock.sleep(untilSeconds: clock.nowSeconds() + 0.001)
        }
        return lastChange
    }

    /// The buzzer as rollmon drives it (IndicatorOutput): the severe-pressure pattern switches the line on at once,
    /// and stop() switches it off; the simulator sees the levels on the wire.
    private func outputLine(_ chip: GPIOChip) {
        runner.run("IndicatorOutput: the buzzer line goes high on the severe pattern and low on stop") {
            let line = IndicatorOutput.defaultBuzzerLine
            let sim = SimulatedLine(sysfs: ctx.gpioSysfs, offset: line)
            let buzzer = IndicatorOutput(chip: chip, line: line, clock: clock, consumer: "rollmon-hil-buzzer")
            try buzzer.configure()
            defer { buzzer.release() }
            try expectEqual(try sim.level(), false, "level after configure (off)")
            try expectEqual(try chip.lineInfo(offset: line).consumer, "rollmon-hil-buzzer", "consumer shown by the kernel")
            try buzzer.play(.severe)
            try expectEqual(try sim.level(), true, "level right after play(.severe)")
            try buzzer.stop(.severe)
            try expectEqual(try sim.level(), false, "level after stop(.severe)")
        }
    }

    private func busyLines(_ chip: GPIOChip) {
        runner.run("a line hogged by the kernel: the error names the holder (\"hil-hog\")") {
            try expectBusy(chip, ctx.hoggedLine, holder: "hil-hog")
        }
        runner.run("a line held by another process (gpioset): the error names the holder") {
            // libgpiod 1.6's gpioset from the host root; --mode=signal holds the line until it is signalled.
            let holder = try Child.spawn("/usr/bin/gpioset", ["--mode=signal", ctx.gpioChip, "\(Self.otherProcessLine)=1"])
            defer { holder.kill() }
            let end = clock.nowSeconds() + 10
            while !(try chip.lineInfo(offset: Self.otherProcessLine).used) {
                guard holder.isRunning, clock.nowSeconds() < end else {
                    throw CheckFailure("gpioset did not take line \(Self.otherProcessLine)")
                }
                clock.sleep(untilSeconds: clock.nowSeconds() + 0.01)
            }
            try expectBusy(chip, Self.otherProcessLine, holder: "gpioset")
        }
    }

    private func expectBusy(_ chip: GPIOChip, _ line: UInt32, holder: String) throws {
        do {
            let lines = try chip.requestInputs([line], config: GPIOInputConfig(), consumer: "rollmon-hil")
            lines.release()
            throw CheckFailure("requesting line \(line) succeeded although \(holder) holds it")
        } catch let e as GPIOError {
            guard case let .lineBusy(_, offset, consumer) = e.reason else {
                throw CheckFailure("expected lineBusy, got: \(e)")
            }
            try expectEqual(offset, line, "offset in the error")
            try expectEqual(consumer, holder, "holder in the error")
            try expect(e.description.contains("\"\(holder)\""), "message does not name the holder: \(e)")
        }
    }

    /// Waits for `expecting` events (up to 2 s), then keeps listening for `settleSeconds` to catch extra ones.
    private func collect(_ lines: any GPIOLineHandle, expecting: Int, settleSeconds: Double) throws -> [EdgeEvent] {
        var events: [EdgeEvent] = []
        let end = clock.nowSeconds() + 2
        while events.count < expecting && clock.nowSeconds() < end {
            if try lines.waitEdgeEvents(timeoutNS: 100_000_000) { events += try lines.readEdgeEvents(maxEvents: 16) }
        }
        let quietEnd = clock.nowSeconds() + settleSeconds
        while clock.nowSeconds() < quietEnd {
            let left = Int64((quietEnd - clock.nowSeconds()) * 1e9)
            if left > 0, try lines.waitEdgeEvents(timeoutNS: left) { events += try lines.readEdgeEvents(maxEvents: 16) }
        }
        return events
    }
}
