import RollCore
import Testing
@testable import SensorIO
@testable import SensorModels

@Suite struct SampleSourceTests {
    final class EventLog { var events: [SensorEvent] = [] }

    func rig(force: Bool = true) throws -> (ModelRig, MPU6050Model, SampleSource, EventLog) {
        let rig = ModelRig()
        let mpu = MPU6050Model(truth: { t in PhysicalState(accelMS2: Vector3(0, 0, standardGravityMS2), gyroRadS: Vector3(0, 0, 1)) })
        mpu.noiseLSB = 2
        rig.bus.attach(mpu, at: 0x68)
        rig.bus.attach(ADS1115Model { _, _ in 2.0 }, at: 0x48)
        let imu = try IMUDetector.detect(bus: rig.bus, clock: rig.clock)
        let ads = ADS1115ForceSensor(bus: rig.bus, input: .ain0, gain: .fs4_096V, dataRate: .sps475,
                                     calibration: LinearForceCalibration(tareCounts: 0, newtonsPerCount: 0.01),
                                     clock: rig.clock)
        let log = EventLog()
        let source = SampleSource(imu: imu, force: force ? ads : nil, clock: rig.clock) { log.events.append($0) }
        source.start()
        return (rig, mpu, source, log)
    }

    func run(_ source: SampleSource, _ clock: VirtualClock, seconds: Double, every: ((Double) -> Void)? = nil) -> [Sample] {
        var out: [Sample] = []
        let end = clock.nowSeconds() + seconds
        while clock.nowSeconds() < end {
            every?(clock.nowSeconds())
            out += source.nextSamples()
        }
        return out
    }

    @Test func forceRidesOnTheNextRowAndFootMarkersAreInjected() throws {
        let (rig, _, source, log) = try rig()
        var s = run(source, rig.clock, seconds: 0.5)
        source.markFoot(.left)
        s += run(source, rig.clock, seconds: 0.5)
        #expect(s.count > 950 && s.count <= 1020, "\(s.count)")   // each call may run a 10 ms batch past the end
        let withForce = s.filter { $0.forceN != nil }
        print("SampleSource: \(s.count) rows, \(withForce.count) with force")
        // The ADS1115 is read at its own rate (475 SPS), not once per 10 ms IMU batch: ~475 rows carry a reading.
        #expect(Double(withForce.count) > 0.95 * Double(s.count) * 475 / 1000 && withForce.count <= s.count * 475 / 1000 + 1)
        #expect(source.forceReadingsMerged == 0)
        #expect(source.forceNominalPeriodSeconds == 1 / 475.0)
        #expect(withForce.allSatisfy { abs($0.forceN! - 160) < 1e-9 })   // 2.0 V → 16000 counts × 0.01 N
        #expect(s.filter { $0.foot == .left }.count == 1)
        #expect(log.events.isEmpty)
        for (a, b) in zip(s, s.dropFirst()) { #expect(b.tSeconds > a.tSeconds) }
    }

    @Test func disconnectedIMUIsRetriedReinitialisedAndLeavesAGap() throws {
        let (rig, mpu, source, log) = try rig(force: false)
        var s = run(source, rig.clock, seconds: 1)
        let cutAt = rig.clock.nowSeconds()
        rig.bus.disconnect(0x68)
        s += run(source, rig.clock, seconds: 1.5)
        rig.bus.reconnect(0x68, powerCycled: true)   // came back with power-on registers (asleep)
        s += run(source, rig.clock, seconds: 3)
        guard case .lost? = log.events.first else { Issue.record("\(log.events)"); return }
        #expect(log.events.contains { if case .retryFailed = $0 { true } else { false } })
        guard case let .recovered(_, gap)? = log.events.last else { Issue.record("\(log.events)"); return }
        #expect(gap > 1.4 && gap < 3.6)
        #expect(mpu.registers[0x6B] == 0x01)   // re-initialised
        let gaps = zip(s, s.dropFirst()).map { $1.tSeconds - $0.tSeconds }
        let biggest = gaps.max() ?? 0
        #expect(biggest > 1.4, "the outage must show as a time gap")
        #expect(gaps.filter { $0 > 0.01 }.count == 1)
        #expect(s.last!.tSeconds > cutAt + 3)
        for g in gaps { #expect(g > 0) }
    }

    /// Found, then gone before its set-up (a loose cable as the session starts): `start()` does not fail; the IMU is
    /// lost from the start, retried and re-initialised like one lost mid-session, and rows begin when it is back.
    @Test func anIMUThatFailsItsSetUpAtStartIsRetriedAndRowsBeginWhenItIsBack() throws {
        let rig = ModelRig()
        let mpu = MPU6050Model(truth: { _ in PhysicalState(accelMS2: Vector3(0, 0, standardGravityMS2), gyroRadS: Vector3(0, 0, 1)) })
        mpu.noiseLSB = 2
        rig.bus.attach(mpu, at: 0x68)
        let imu = try IMUDetector.detect(bus: rig.bus, clock: rig.clock)
        rig.bus.disconnect(0x68)
        let log = EventLog()
        let source = SampleSource(imu: imu, force: nil, clock: rig.clock) { log.events.append($0) }
        let startS = rig.clock.nowSeconds()
        source.start()
        #expect(source.imuFailedAtStartS == startS)
        #expect(!source.imuIsAnswering)
        guard case .lost? = log.events.first else { Issue.record("\(log.events)"); return }
        var s = run(source, rig.clock, seconds: 1.5)
        #expect(s.isEmpty)
        rig.bus.reconnect(0x68, powerCycled: true)
        s += run(source, rig.clock, seconds: 3)
        #expect(source.imuIsAnswering)
        guard case .recovered? = log.events.last else { Issue.record("\(log.events)"); return }
        let first = try #require(s.first).tSeconds
        #expect(first > startS + 1.5 && first < startS + 4, "first row at \(first - startS) s")
    }

    @Test func powerGlitchWithoutDisconnectIsCaughtByReadBack() throws {
        let (rig, mpu, source, log) = try rig(force: false)
        _ = run(source, rig.clock, seconds: 0.5)
        mpu.powerOnReset(atSeconds: rig.clock.nowSeconds())
        let s = run(source, rig.clock, seconds: 2)
        #expect(log.events.contains { if case .lost(_, let reason, _) = $0 { reason.contains("lost its configuration") } else { false } })
        guard case .recovered? = log.events.last else { Issue.record("\(log.events)"); return }
        #expect(s.count > 1000)
    }

    @Test func transientEIOCostsOnlyAMomentAndForceFailureDoesNotStopIMU() throws {
        let (rig, _, source, log) = try rig()
        let before = run(source, rig.clock, seconds: 0.2)
        #expect(before.contains { $0.forceN != nil })
        rig.bus.failNext(1, at: 0x68)
        rig.bus.disconnect(0x48)
        let s = run(source, rig.clock, seconds: 1)
        // The EIO costs one FIFO batch plus the re-initialisation (0.1 s reset wait + first retry after 50 ms).
        #expect(s.count > 700)
        #expect(log.events.contains { if case .lost(let n, _, _) = $0 { n == "MPU-6050" } else { false } })
        #expect(log.events.contains { if case .lost(let n, _, _) = $0 { n == "ADS1115" } else { false } })
        #expect(log.events.contains { if case .recovered(let n, _) = $0 { n == "MPU-6050" } else { false } })
        #expect(!log.events.contains { if case .recovered(let n, _) = $0 { n == "ADS1115" } else { false } })
        // At most the readings already taken before the disconnect (one 10 ms batch at 475 SPS) ride on rows.
        #expect(s.filter { $0.forceN != nil }.count <= 6)
        rig.bus.reconnect(0x48)
        let after = run(source, rig.clock, seconds: 3)
        #expect(log.events.contains { if case .recovered(let n, _) = $0 { n == "ADS1115" } else { false } })
        #expect(after.suffix(500).contains { $0.forceN != nil })
    }

    @Test func stuckIMUIsReinitialised() throws {
        let (rig, mpu, source, log) = try rig(force: false)
        _ = run(source, rig.clock, seconds: 0.5)
        mpu.stuckData = true
        _ = run(source, rig.clock, seconds: 3)
        #expect(log.events.contains { if case .lost(_, let reason, _) = $0 { reason.contains("stuck") } else { false } })
        guard case .recovered? = log.events.last else { Issue.record("\(log.events)"); return }
        #expect(!mpu.stuckData)
    }

    @Test func backoffGrowsAndCaps() {
        let b = RetryBackoff(initialSeconds: 0.05, maxSeconds: 2)
        #expect([1, 2, 3, 4, 7, 30].map { b.delay(attempt: $0) } == [0.05, 0.1, 0.2, 0.4, 2, 2])
    }
}
