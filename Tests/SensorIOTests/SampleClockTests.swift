import Testing
@testable import SensorIO

/// The chip-clock → host-clock mapping on its own: a chip whose oscillator is off by `rateError`, drained in batches
/// whose observation times carry up to 2 ms of read latency.
@Suite struct SampleClockTests {
    struct Jitter {
        var state: UInt64 = 12345
        mutating func next() -> Double {   // uniform in [0, 1)
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    @Test(arguments: [0.0, 0.015, -0.03])
    func stampsFollowTheChipClock(rateError: Double) {
        var clock = SampleClock(nominalRateHz: 1000)
        var jitter = Jitter()
        let trueRate = 1000 * (1 + rateError)
        let t0 = 50.0
        var produced = 0
        var worstLate = 0.0
        var stamps: [Double] = []
        var hostT = t0
        while hostT < t0 + 20 {
            hostT += 0.01
            let available = Int(((hostT - t0) * trueRate).rounded(.down)) - produced
            let observed = hostT + 0.002 * jitter.next()
            let ts = clock.stamp(count: available, observedAtSeconds: observed)
            for (i, t) in ts.enumerated() {
                let truth = t0 + Double(produced + i + 1) / trueRate
                if hostT > t0 + 5 { worstLate = max(worstLate, abs(t - truth)) }
            }
            stamps += ts
            produced += available
        }
        #expect(abs(clock.rateHz / trueRate - 1) < 0.002, "learnt \(clock.rateHz) Hz for \(trueRate) Hz")
        #expect(worstLate < 0.0015, "worst stamp error \(worstLate * 1000) ms at rate error \(rateError)")
        for (a, b) in zip(stamps, stamps.dropFirst()) where !(b > a) { Issue.record("not increasing: \(a) then \(b)"); break }
        print("SampleClock rateError \(rateError): learnt \(clock.rateHz) Hz, worst error after 5 s \(worstLate * 1000) ms")
    }

    @Test func invalidateMakesTheGapVisible() {
        var clock = SampleClock(nominalRateHz: 833)
        let a = clock.stamp(count: 10, observedAtSeconds: 10)
        clock.invalidate()
        let b = clock.stamp(count: 10, observedAtSeconds: 13)
        #expect(b[0] - a[9] > 2.9)
        #expect(abs(b[9] - 13) < 0.002)
    }
}
