import RollCore
import Testing
@testable import SensorIO
@testable import SensorModels

/// An HX711 is back only with a real reading: `configure()` is a reset pulse an unplugged board takes without a word,
/// so the sample source keeps it on probation until a conversion comes within the rate's ready timeout and is
/// plausible. Pin-level: the HX711 model behind a simulated GPIO chip, the MPU-6050 model on the same clock.
@Suite struct HX711BackDetectionTests {
    /// A steady 120 N (120 000 counts at 1 mN per count).
    func rig(rateHz: Double = 80) throws -> HX711Rig {
        try HX711Rig(boardHz: rateHz, driverHz: rateHz, newtonsPerCount: 1e-3) { _, _ in 120_000 }
    }

    func run(_ r: HX711Rig, seconds: Double) -> [Sample] { r.source.samples(until: r.clock.nowSeconds() + seconds, clock: r.clock) }

    func count(_ r: HX711Rig, _ kind: (SensorEvent) -> Bool) -> Int { r.log.events.filter(kind).count }
    static func isLost(_ e: SensorEvent) -> Bool { if case .lost(let n, _, _) = e { n == "HX711" } else { false } }
    static func isBack(_ e: SensorEvent) -> Bool { if case .recovered(let n, _) = e { n == "HX711" } else { false } }

    @Test(arguments: [10.0, 80.0])
    func unpluggedForGoodIsLostOnceAndNeverBack(rateHz: Double) throws {
        let r = try rig(rateHz: rateHz)
        #expect(run(r, seconds: 1).contains { $0.forceN != nil })
        r.model.unplug(fromS: r.clock.nowSeconds(), toS: nil)
        let after = run(r, seconds: 10)
        #expect(count(r, Self.isLost) == 1, "\(r.log.events)")
        #expect(count(r, Self.isBack) == 0, "\(r.log.events)")
        // It was retried all along (a reset each time, then the ready timeout).
        #expect(r.log.events.contains { if case .retryFailed(let n, _, _) = $0 { n == "HX711" } else { false } })
        #expect(!after.dropFirst(200).contains { $0.forceN != nil })
    }

    @Test func replugIsBackOnceWithItsFirstReading() throws {
        let r = try rig()
        _ = run(r, seconds: 1)
        let from = r.clock.nowSeconds()
        r.model.unplug(fromS: from, toS: from + 3)
        let after = run(r, seconds: 8)
        #expect(count(r, Self.isLost) == 1 && count(r, Self.isBack) == 1, "\(r.log.events)")
        guard case let .recovered(_, gap)? = r.log.events.last(where: Self.isBack) else { return }
        // Back after the 3 s window, the next retry (backoff at most 2 s) and the 50 ms settling.
        #expect(gap > 3 && gap < 5.2, "gap \(gap)")
        #expect(after.suffix(1000).contains { $0.forceN != nil })
    }

    /// DOUT stuck low (its wire off, the input pulled low): always "ready", 24 zero bits, and still low after the
    /// 25th pulse, which a live chip uses to pull DOUT high. Not a reading, and never "back".
    @Test func doutStuckLowIsNoReading() throws {
        let r = try rig()
        _ = run(r, seconds: 1)
        r.model.stuckDOUTLow = true
        _ = run(r, seconds: 6)
        #expect(count(r, Self.isLost) == 1 && count(r, Self.isBack) == 0, "\(r.log.events)")
        let reason = r.log.events.compactMap { if case let .lost(n, why, _) = $0, n == "HX711" { why } else { nil } }.first
        #expect(reason?.contains("DOUT (GPIO 5) stays low") == true, "\(reason ?? "")")
        // The driver on its own: the same pins give the same verdict.
        let clock = VirtualClock(startSeconds: 0)
        let gpio = SimulatedGPIOChip(clock: clock)
        let model = HX711Model(rateHz: 80, doutOffset: 5, sckOffset: 6) { _, _ in 0 }
        model.attach(to: gpio)
        model.stuckDOUTLow = true
        let hx = HX711(chip: gpio, rateHz: 80, calibration: LinearForceCalibration(tareCounts: 0, newtonsPerCount: 1), clock: clock)
        try hx.configure()
        #expect(throws: HX711Error.doutStuckLow(doutLine: 5, sckLine: 6)) { _ = try hx.pollRaw() }
    }

    /// A real chip converting exactly 0 still pulls DOUT high after the 25th pulse: a reading.
    @Test func aTrueZeroCodeIsAReading() throws {
        let clock = VirtualClock(startSeconds: 0)
        let gpio = SimulatedGPIOChip(clock: clock)
        let model = HX711Model(rateHz: 80, doutOffset: 5, sckOffset: 6) { _, _ in 0 }
        model.attach(to: gpio)
        let hx = HX711(chip: gpio, rateHz: 80, calibration: LinearForceCalibration(tareCounts: 0, newtonsPerCount: 1), clock: clock)
        try hx.configure()
        let raw = try hx.readRaw(timeoutSeconds: 1)
        #expect(raw.code == 0)
    }
}
