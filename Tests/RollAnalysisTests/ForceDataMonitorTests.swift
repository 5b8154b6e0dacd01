import RollAnalysis
import RollCore
import Testing

/// When force data end and resume, decided from the rows alone (so replay decides as live did).
@Suite("Force data staleness and IMU gaps")
struct ForceDataMonitorTests {
    /// Rows at `imuHz`; a reading every `1/forceHz` s except in `missing`.
    static func feed(_ m: inout ForceDataMonitor, from t0: Double = 0, durationS: Double, imuHz: Double = 100,
                     forceHz: Double, missing: Range<Double>? = nil) -> [(t: Double, forceN: Double?, change: ForceDataMonitor.Change)] {
        var out: [(Double, Double?, ForceDataMonitor.Change)] = []
        var nextForceT = t0
        let n = Int((durationS * imuHz).rounded())
        for i in 0..<n {
            let t = t0 + Double(i) / imuHz
            var f: Double?
            if t + 1e-9 >= nextForceT {
                nextForceT += 1 / forceHz
                if !(missing?.contains(t) ?? false) { f = 42 }
            }
            let r = m.update(tS: t, forceN: f, afterIMUGap: false)
            out.append((t, r.forceN, r.change))
        }
        return out
    }

    @Test func steadyReadingsNeverGoStaleAtEitherHX711Rate() {
        for hz in [10.0, 80.0] {
            var m = ForceDataMonitor()
            let rows = Self.feed(&m, durationS: 30, imuHz: 1000, forceHz: hz)
            #expect(m.allOutages.isEmpty, "\(hz) Hz")
            #expect(rows.dropFirst().allSatisfy { $0.forceN == 42 }, "\(hz) Hz: held between readings")
            #expect(abs(m.periodS! - 1 / hz) < 0.002, "\(hz) Hz: learnt period \(m.periodS!)")
        }
    }

    @Test func readingsThatStopMidSessionEndTheForceDataWithinTheLimitAndResume() {
        var m = ForceDataMonitor()
        // HX711 at 10 SPS: 5 missed conversions = 0.5 s.
        let rows = Self.feed(&m, durationS: 20, forceHz: 10, missing: 8.0..<12.0)
        #expect(abs(m.staleLimitS - 0.5) < 0.01)
        let ended = rows.first { $0.change == .ended }!
        // Last reading at 7.9 s: force data end once 0.5 s have passed without one, not before, never held after.
        #expect(ended.t > 7.9 + 0.5 - 1e-9 && ended.t <= 7.9 + 0.5 + 0.011, "\(ended.t)")
        #expect(rows.filter { $0.t > 7.9 && $0.t < ended.t }.allSatisfy { $0.forceN == 42 })
        #expect(rows.filter { $0.t >= ended.t && $0.t < 12 }.allSatisfy { $0.forceN == nil })
        let resumed = rows.first { $0.change == .resumed }!
        #expect(abs(resumed.t - 12.0) < 1e-6)
        #expect(m.allOutages == [SensorOutage(sensor: .force, fromS: 7.9, toS: resumed.t)])
    }

    @Test func aSensorThatNeverAnswersIsAnOutageFromTheStartOpenToTheEnd() {
        var m = ForceDataMonitor()
        let rows = Self.feed(&m, from: 3, durationS: 5, forceHz: 10, missing: 0..<100)
        let ended = rows.first { $0.change == .ended }!
        #expect(ended.t > 3 + m.startupLimitS - 1e-9 && ended.t < 3 + m.startupLimitS + 0.011)
        #expect(m.allOutages == [SensorOutage(sensor: .force, fromS: 3, toS: nil)])
        #expect(m.isInOutage)
    }

    @Test func anIMUGapRestartsTheWaitInsteadOfBlamingTheForceSensor() {
        var m = ForceDataMonitor()
        _ = Self.feed(&m, durationS: 5, forceHz: 80)
        // No rows for 0.6 s (an IMU outage), then rows without a reading for 0.2 s, then readings again.
        var r = m.update(tS: 5.6, forceN: nil, afterIMUGap: true)
        #expect(r.forceN == nil && r.change == .none)   // the held value is older than the gap: not used
        r = m.update(tS: 5.8, forceN: nil, afterIMUGap: false)
        #expect(r.change == .none && !m.isInOutage)
        r = m.update(tS: 5.81, forceN: 30, afterIMUGap: false)
        #expect(r.forceN == 30 && m.allOutages.isEmpty)
    }

    @Test func imuGapsLongerThanTheIntegrationLimitAreOutages() {
        var g = IMUGapMonitor(gapLimitS: 0.25)
        var resumed: [Double] = []
        for t in [0.0, 0.01, 0.2, 0.45, 0.46, 1.5, 1.51] where g.update(tS: t) { resumed.append(t) }
        #expect(resumed == [1.5])
        #expect(g.outages == [SensorOutage(sensor: .imu, fromS: 0.46, toS: 1.5)])
    }

    @Test func contactSwitchesToTheKinematicRuleAndBackWithoutLosingAPendingSpell() {
        var c = ContactTracker(usesForce: true, contactForceN: 10, rollingSpeedMS: 0.01, bridgeS: 5)
        #expect(c.update(tS: 0, forceN: 50, speedMS: 0.05) == .nothing)
        #expect(c.state == .contact)
        // Force data end while rolling: contact from rolling.
        _ = c.update(tS: 1, forceN: nil, speedMS: 0.05)
        #expect(c.state == .contact)
        // Still for a moment: pending (kinematic bridge)...
        _ = c.update(tS: 2, forceN: nil, speedMS: 0)
        #expect(c.state == .pending)
        // ...force data come back with the foot on the ball: the pending spell was contact.
        #expect(c.update(tS: 3, forceN: 40, speedMS: 0) == .commitPending)
        #expect(c.state == .contact)
        // And with the foot off: dropped.
        _ = c.update(tS: 4, forceN: nil, speedMS: 0.05)
        _ = c.update(tS: 5, forceN: nil, speedMS: 0)
        #expect(c.update(tS: 6, forceN: 2, speedMS: 0) == .dropPending)
        #expect(c.state == .none)
    }

    @Test func theSevereAlarmEndsWhenForceDataEnd() throws {
        var a = RollAnalyzer(settings: .default, hasForceSensor: true)
        var lostAt: Double?
        var severeNowAfterLoss = false
        // 300 N (above the 250 N limit) at 80 Hz on 1 kHz rows for 2 s, then the sensor goes silent for 3 s.
        for i in 0..<5000 {
            let t = Double(i) / 1000
            let f: Double? = t < 2 && i % 12 == 0 ? 300 : nil
            a.process(Sample(tSeconds: t, accelMS2: Vector3(0, 0, 9.81), gyroRadS: .zero, forceN: f)) { e in
                if case .alert(let al) = e, al.kind == .forceLost { lostAt = al.tS }
            }
            let snap = a.snapshot
            if lostAt != nil, snap.forceN.map({ $0 >= 250 }) ?? false { severeNowAfterLoss = true }
            if let lost = lostAt, t > lost { #expect(snap.forceDataLost && snap.forceN == nil) }
        }
        let lost = try #require(lostAt)
        #expect(lost > 1.992 + 0.25 && lost < 1.992 + 0.26, "\(lost): last reading 1.992 s, limit 0.25 s")
        #expect(!severeNowAfterLoss)
        let summary = a.finish()
        #expect(summary.alerts.filter { $0.kind == .severePressure }.count == 1)
        #expect(summary.outages == [SensorOutage(sensor: .force, fromS: 1.992, toS: nil)])
    }
}
