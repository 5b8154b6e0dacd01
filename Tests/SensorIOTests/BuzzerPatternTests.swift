import SensorIO
import SensorModels
import Testing

@Suite("Buzzer/LED patterns driven by a clock tick")
struct BuzzerPatternTests {
    /// Plays by ticking every `tickSeconds` until `untilSeconds`; returns the line's (time, level) changes.
    func run(_ setup: (IndicatorOutput) throws -> Void, tickSeconds: Double = 0.005, untilSeconds: Double,
             during: ((IndicatorOutput, Double) throws -> Void)? = nil) throws -> [(tSeconds: Double, high: Bool)] {
        let clock = VirtualClock(startSeconds: 50)
        let chip = SimulatedGPIOChip(clock: clock, operationCostSeconds: 0)
        let out = IndicatorOutput(chip: chip, clock: clock)
        try out.configure()
        try setup(out)
        while clock.nowSeconds() < 50 + untilSeconds {
            clock.advance(bySeconds: tickSeconds)
            try during?(out, clock.nowSeconds() - 50)
            try out.tick()
        }
        return chip.outputHistory(offset: IndicatorOutput.defaultBuzzerLine).map { ($0.tSeconds - 50, $0.high) }
    }

    /// On-intervals (start, length) from a level history.
    func onIntervals(_ h: [(tSeconds: Double, high: Bool)]) -> [(start: Double, length: Double)] {
        var out: [(Double, Double)] = []
        var onAt: Double?
        for e in h {
            if e.high, onAt == nil { onAt = e.tSeconds }
            if !e.high, let s = onAt { out.append((s, e.tSeconds - s)); onAt = nil }
        }
        return out
    }

    @Test("milestone: one long beep of 0.8 s, then silence")
    func milestone() throws {
        let h = try run({ try $0.play(.milestone) }, untilSeconds: 3)
        let on = onIntervals(h)
        #expect(on.count == 1)
        #expect(abs(on[0].start) < 1e-9 && abs(on[0].length - 0.8) <= 0.005 + 1e-9)
        #expect(h.last?.high == false)
    }

    @Test("burst: a double beep (two 120 ms beeps, 120 ms apart)")
    func burst() throws {
        let on = onIntervals(try run({ try $0.play(.burst) }, untilSeconds: 2))
        #expect(on.count == 2)
        #expect(on.allSatisfy { abs($0.length - 0.12) <= 0.005 + 1e-9 })
        #expect(abs(on[1].start - 0.24) <= 0.005 + 1e-9)
    }

    @Test("severe: 5 Hz beeping for as long as it lasts; repeated play() keeps the phase; stop() silences")
    func severe() throws {
        let h = try run({ try $0.play(.severe) }, untilSeconds: 2.05) { out, t in
            if t < 1.0 { try out.play(.severe) }  // called on every over-limit sample
            if abs(t - 1.5) < 0.0025 { try out.play(.milestone) }  // lower priority: ignored
            if t >= 2.0 { try out.stop(.severe) }
        }
        let on = onIntervals(h)
        #expect(on.count == 10)  // 0.0, 0.2, ... 1.8 s
        for (i, beep) in on.enumerated() {
            #expect(abs(beep.start - 0.2 * Double(i)) <= 0.005 + 1e-9)
            #expect(abs(beep.length - 0.1) <= 0.005 + 1e-9)
        }
        #expect(h.last?.high == false)
    }

    @Test("a pressure warning pre-empts a milestone beep")
    func priority() throws {
        let h = try run({ try $0.play(.milestone) }, untilSeconds: 1.0) { out, t in
            if abs(t - 0.3) < 0.0025 { try out.play(.severe) }
        }
        let on = onIntervals(h)
        // Milestone beep cut at 0.4 s (severe starts at 0.3 s already on, turns off at 0.4 s).
        #expect(abs(on[0].start) < 1e-9 && abs(on[0].length - 0.4) <= 0.0051)
        #expect(on.count >= 3)
    }

    @Test("tick never blocks and writes the line only on changes")
    func tickIsCheap() throws {
        let clock = VirtualClock(startSeconds: 0)
        let chip = SimulatedGPIOChip(clock: clock, operationCostSeconds: 2e-6)
        let out = IndicatorOutput(chip: chip, clock: clock)
        try out.configure()
        try out.play(.severe)
        let ops0 = chip.operationCount
        for _ in 0..<1000 {
            let before = clock.nowSeconds()
            try out.tick()
            #expect(clock.nowSeconds() - before <= 2e-6 + 1e-12)  // at most one GPIO write
            clock.advance(bySeconds: 0.001)
        }
        // 1 s of 5 Hz beeping after the first "on": edges at 0.1, 0.2, ... 0.9 s (and maybe 1.0 s) — one write per
        // edge, not one per tick (1000 ticks).
        #expect((9...10).contains(chip.operationCount - ops0))
    }
}
