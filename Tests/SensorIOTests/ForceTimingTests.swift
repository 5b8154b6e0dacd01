import Testing
import RollCore
@testable import SensorIO
@testable import SensorModels

/// Force readings at their own rate and time: HX711 at 10 or 80 SPS, ADS1115 in continuous mode, placed on the IMU
/// row of their own conversion time by the sample source.
@Suite struct ForceTimingTests {
    /// An MPU-6050 at 1 kHz and an HX711 board converting at `boardHz`, its driver told `driverHz`; the board's code
    /// encodes its conversion time (1000 codes per second after t = 100 s), its power-up ends at 100 s.
    func hxRig(boardHz: Double, driverHz: Double) throws -> HX711Rig {
        try HX711Rig(boardHz: boardHz, driverHz: driverHz, powerUpSeconds: 100, newtonsPerCount: 1) { _, t in Int((t - 100) * 1000) }
    }

    func run(_ source: SampleSource, _ clock: VirtualClock, until t: Double) -> [Sample] {
        var out: [Sample] = []
        while clock.nowSeconds() < t { out += source.nextSamples() }
        return out
    }

    @Test(arguments: [10.0, 80.0])
    func hx711ReadsAtItsConfiguredRateWithoutErrors(rateHz: Double) throws {
        let r = try hxRig(boardHz: rateHz, driverHz: rateHz)
        let rows = run(r.source, r.rig.clock, until: 105)
        let forced = rows.filter { $0.forceN != nil }
        // Settling after the reset (400 / 50 ms), then one conversion per period.
        let expected = ((105 - r.startedSeconds - HX711Timing.settlingSeconds(rateHz: rateHz)) * rateHz).rounded(.down) + 1
        #expect(Double(forced.count) >= expected - 2 && Double(forced.count) <= expected + 1, "\(forced.count) vs \(expected)")
        #expect(r.log.events.isEmpty, "\(r.log.events)")
        #expect(r.model.powerDowns == 1)   // the one reset at start
        #expect(r.source.forceNominalPeriodSeconds == 1 / rateHz)
        // Each reading rides on the row at its own conversion time: the code encodes t (1000 codes per second).
        let errors = forced.map { $0.tSeconds - (100 + $0.forceN! / 1000) }
        print("HX711 \(rateHz) SPS: row time - conversion time min \(errors.min() ?? 0) max \(errors.max() ?? 0)")
        #expect((errors.min() ?? -1) >= -0.0011 && (errors.max() ?? 1) < 0.0035)
    }

    /// A board with RATE tied low (10 SPS) but configured for 80: the error says which setting to change.
    @Test func hx711AtTheWrongRateSaysSo() throws {
        let r = try hxRig(boardHz: 10, driverHz: 80)
        _ = run(r.source, r.rig.clock, until: 100.3)
        let lost = r.log.events.first { if case .lost = $0 { true } else { false } }
        #expect(lost?.description.contains("set hx711_rate_hz = 10 under [wiring]") == true, "\(r.log.events)")
    }

    /// A board that stops converting (DOUT stuck high) is retried, but a retry inside a reset's settling time does
    /// not reset it again: resets stay fewer than retries, and readings resume once it converts again.
    @Test func hx711RetriesDoNotKeepResettingTheBoard() throws {
        let r = try hxRig(boardHz: 10, driverHz: 10)
        _ = run(r.source, r.rig.clock, until: 101)
        r.model.stuckDOUTHigh = true
        _ = run(r.source, r.rig.clock, until: 105)
        r.model.stuckDOUTHigh = false
        let after = run(r.source, r.rig.clock, until: 108)
        let retries = r.log.events.filter { if case .lost = $0 { true } else if case .retryFailed = $0 { true } else if case .recovered = $0 { true } else { false } }.count
        #expect(retries >= 3)
        #expect(r.model.powerDowns - 1 < retries)
        #expect(after.filter { $0.forceN != nil }.count >= 20)
    }

    /// ADS1115 in continuous mode at 860 SPS: config MODE = 0, about 860 readings a second (not one per 10 ms IMU
    /// batch), each on the row of its own conversion time. The input ramps at 1 V/s, so the code says when the
    /// conversion was made (125 µV per count at ±4.096 V: 0.125 ms).
    @Test func ads1115ContinuousReadingsAtTheirOwnTime() throws {
        let rig = ModelRig()
        let mpu = MPU6050Model(truth: Truth.atRest)
        mpu.noiseLSB = 2
        rig.bus.attach(mpu, at: 0x68)
        let adc = ADS1115Model { _, t in max(0, t - 100) * 1.0 }
        rig.bus.attach(adc, at: 0x48)
        let ads = ADS1115ForceSensor(bus: rig.bus, input: .ain0, gain: .fs4_096V, dataRate: .sps860,
                                     calibration: LinearForceCalibration(tareCounts: 0, newtonsPerCount: 1), clock: rig.clock)
        let imu = try IMUDetector.detect(bus: rig.bus, addresses: [0x68], clock: rig.clock)
        let log = SensorEventLog()
        let source = SampleSource(imu: imu, force: ads, clock: rig.clock) { log.events.append($0) }
        source.start()
        #expect(adc.registers[1] & 0x0100 == 0)   // MODE = 0: continuous conversion
        let startedAt = rig.clock.nowSeconds()
        let rows = run(source, rig.clock, until: 103)
        #expect(log.events.isEmpty, "\(log.events)")
        let forced = rows.filter { $0.forceN != nil && $0.tSeconds > 100.5 }
        // Read at the chip's rate: ~860 a second. A read delayed by an IMU block transfer can land on the same 1 ms
        // IMU row as the next one (the newer is kept), so slightly fewer rows carry a reading.
        let read = Double(source.forceReadingsPlaced + source.forceReadingsMerged)
        let seconds = rig.clock.nowSeconds() - startedAt
        #expect(read > seconds * 860 * 0.98 && read <= seconds * 860 + 2, "\(read) in \(seconds) s")
        #expect(Double(forced.count) > 2.5 * 860 * 0.9)
        print("ADS1115 860 SPS: \(forced.count) rows with force in 2.5 s, placed \(source.forceReadingsPlaced), merged \(source.forceReadingsMerged)")
        var errors: [Double] = []
        for s in forced {
            let convertedAt = 100 + s.forceN! * 4.096 / 32768
            errors.append(s.tSeconds - convertedAt)
        }
        // Stamped half a conversion period before the read, placed on the next IMU row (1 ms): within
        // [-0.58 ms, 0.58 ms + 1 ms] of the conversion, plus the IMU stamps' own error.
        #expect((errors.min() ?? -1) > -0.0012 && (errors.max() ?? 1) < 0.0025)
        #expect(abs(errors.reduce(0, +) / Double(errors.count)) < 0.001)
    }

    @Test func jitterPercentilesFromTheHistogram() {
        var j = IntervalJitter(nominalSeconds: 0.001)
        for _ in 0..<98 { j.add(intervalSeconds: 0.001) }
        j.add(intervalSeconds: 0.0012)
        j.add(intervalSeconds: 0.003)
        #expect(j.count == 100)
        #expect(j.deviationSeconds(quantile: 0.5)! <= 10e-6)
        #expect(abs(j.deviationSeconds(quantile: 0.99)! - 0.0002) <= 10e-6)
        #expect(abs(j.maxDeviationSeconds - 0.002) < 1e-12 && j.deviationSeconds(quantile: 1) == j.maxDeviationSeconds)
    }
}
