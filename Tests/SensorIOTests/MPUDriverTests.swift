import RollCore
import Testing
@testable import SensorIO
@testable import SensorModels

@Suite struct MPUDriverTests {
    func make(_ variant: MPU6050Model.Variant = .mpu6050, truth: @escaping TruthSignal, rateError: Double = 0,
              mode: ((ModelRig, MPU6050Model) -> IMUAcquisitionMode)? = nil) throws -> (ModelRig, MPU6050Model, MPUIMU) {
        let rig = ModelRig()
        let model = MPU6050Model(variant: variant, truth: truth, rateError: rateError)
        rig.bus.attach(model, at: 0x68)
        let imu = try #require(IMUDetector.detect(bus: rig.bus, clock: rig.clock,
                                                  mode: mode?(rig, model) ?? .fifo(batchSeconds: 0.01)) as? MPUIMU)
        try imu.configure()
        return (rig, model, imu)
    }

    @Test func configurationIsWrittenAsTheRegisterMapRequires() throws {
        let (_, model, imu) = try make(truth: Truth.atRest)
        #expect(imu.chipName == "MPU-6050")
        let r = model.registers
        #expect(r[0x6B] == 0x01)   // awake, PLL X gyro clock
        #expect(r[0x19] == 0x00)   // SMPLRT_DIV 0
        #expect(r[0x1A] == 0x01)   // DLPF_CFG 1 → 1 kHz
        #expect(r[0x1B] == 0x18)   // FS_SEL 3: ±2000 °/s
        #expect(r[0x1C] == 0x10)   // AFS_SEL 2: ±8 g
        #expect(r[0x23] == 0x78)   // FIFO: gyro xyz + accel
        #expect(r[0x6A] == 0x40)   // FIFO enabled
        #expect(model.configuredRateHz == 1000)
        #expect(abs(imu.gyroFullScaleRadS - 34.906585) < 1e-6)
    }

    @Test func mpu6500VariantGetsAccelConfig2() throws {
        let (_, model, imu) = try make(.mpu6500, truth: Truth.atRest)
        #expect(imu.chipName == "MPU-6500")
        #expect(model.registers[0x1D] == 0x01)
    }

    /// Values chosen as whole LSBs: accel 4096 LSB/g, gyro 16.4 LSB/(°/s). Negative values check sign extension,
    /// distinct axes check big-endian byte order.
    @Test func scalingIsExactToTheLSB() throws {
        let (_, model, imu) = try make(truth: constantTruth(accelG: (1.5, -0.25, 7.999755859375),
                                                             gyroDPS: (-1998, 100, -0.0609756)))
        var readings: [IMUReading] = []
        for _ in 0..<5 { readings += try imu.read() }
        let r = try #require(readings.last)
        let a = r.accelMS2 / standardGravityMS2 * 4096
        #expect(a.x == 6144 && a.y == -1024 && abs(a.z - 32767) < 1e-9)
        let g = r.gyroRadS * (180 / Double.pi) * 16.4
        #expect(abs(g.x - (-32767)) < 1e-6)
        #expect(abs(g.y - 1640) < 1e-9 && abs(g.z - (-1)) < 1e-9)
        // Raw bytes in the model: big-endian, two's complement.
        #expect(model.registers[0x3D] == 0xFC && model.registers[0x3E] == 0x00)   // -1024 = 0xFC00
    }

    @Test func saturatesAtFullScaleInsteadOfWrapping() throws {
        let (_, _, imu) = try make(truth: constantTruth(accelG: (9, -9, 0), gyroDPS: (2500, -2500, 0)))
        var rs: [IMUReading] = []
        for _ in 0..<3 { rs += try imu.read() }
        let r = try #require(rs.last)
        #expect(abs(r.accelMS2.x / standardGravityMS2 * 4096 - 32767) < 1e-9)
        #expect(abs(r.accelMS2.y / standardGravityMS2 * 4096 + 32767) < 1e-9)
        #expect(abs(r.gyroRadS.x * 180 / Double.pi * 16.4 - 32767) < 1e-6)
    }

    /// FIFO mode delivers every sample once, in order, and stamps them on the chip's clock even when that clock runs
    /// 2 % fast (the stamps track the model's true sample instants within a few milliseconds).
    @Test(arguments: [0.0, 0.02, -0.02])
    func fifoDeliversEverySampleWithDriftCorrectedStamps(rateError: Double) throws {
        let (rig, model, imu) = try make(truth: { t in
            PhysicalState(accelMS2: Vector3(0, 0, 9.8), gyroRadS: Vector3(t - 100, 0, 0))  // 0…10 rad/s, inside ±2000 °/s
        }, rateError: rateError)
        var rs: [IMUReading] = []
        while rig.clock.nowSeconds() < 110 { rs += try imu.read() }
        let expected = model.samplesTaken
        #expect(expected - rs.count >= 0 && expected - rs.count <= 12)   // at most one 10 ms batch still queued
        for (a, b) in zip(rs, rs.dropFirst()) { #expect(b.tSeconds > a.tSeconds) }
        // The gyro x carries the true time of the sample (16.4 LSB/(°/s) → 1.06 ms of "time" per LSB): compare the
        // stamps of the last 5 s with it.
        let tail = rs.filter { $0.tSeconds > 105 }
        let worst = tail.map { abs($0.tSeconds - 100 - $0.gyroRadS.x) }.max() ?? 1
        print("MPU FIFO rateError \(rateError): worst stamp error over the last 5 s \(worst * 1000) ms")
        #expect(worst < 0.002, "stamp error \(worst) s with rate error \(rateError)")
    }

    @Test func dataReadyLineStampsAtTheEdges() throws {
        var line: DataReadyLineModel?
        let (rig, model, imu) = try make(truth: Truth.atRest, mode: { rig, m in
            let l = DataReadyLineModel(clock: rig.clock, mpu: m); line = l; return .dataReadyLine(l)
        })
        var rs: [IMUReading] = []
        for _ in 0..<200 { rs += try imu.read() }
        #expect(rs.count == 200)
        let period = rs.dropFirst().enumerated().map { $0.element.tSeconds - rs[$0.offset].tSeconds }
        #expect(period.allSatisfy { abs($0 - 0.001) < 1e-4 })
        #expect(abs(rs.last!.tSeconds - model.timeOfSample(model.samplesTaken)) < 0.002)
        // A broken wire: read() returns empty quickly, then reports no data; it never hangs.
        line!.broken = true
        let start = rig.clock.nowSeconds()
        var thrown: Error?
        while thrown == nil && rig.clock.nowSeconds() - start < 5 {
            do { #expect(try imu.read().isEmpty) } catch { thrown = error }
        }
        guard case .noData? = thrown as? SensorIOError else { Issue.record("got \(String(describing: thrown))"); return }
        #expect(rig.clock.nowSeconds() - start < 0.6)
        // ...and falls back to polling: data keeps coming without the line.
        var after: [IMUReading] = []
        for _ in 0..<50 { after += try imu.read() }
        #expect(after.count >= 45)
    }

    @Test func pollingModeReadsStatusAndDataInOneBurst() throws {
        let (rig, _, imu) = try make(truth: constantTruth(accelG: (0, 0, 1), gyroDPS: (10, 0, 0)), mode: { _, _ in .polling })
        rig.bus.logging = true
        var rs: [IMUReading] = []
        for _ in 0..<100 { rs += try imu.read() }
        #expect(rs.count >= 95)
        #expect(rig.bus.log.contains { $0.write == [0x3A] && $0.readCount == 15 })
        #expect(abs(rs.last!.accelMS2.z - standardGravityMS2) < 1e-9)
    }

    @Test func resetChipIsDetectedByConfigurationReadBack() throws {
        let (rig, model, imu) = try make(truth: Truth.atRest)
        _ = try imu.read()
        model.powerOnReset(atSeconds: rig.clock.nowSeconds())   // brown-out: back to sleep, FIFO off
        var error: Error?
        for _ in 0..<200 where error == nil {
            do { _ = try imu.read() } catch let e { error = e }
        }
        guard case .configurationLost(_, let reg, _, _)? = error as? SensorIOError else {
            Issue.record("expected configurationLost, got \(String(describing: error))"); return
        }
        #expect(reg == 0x6B)
        try imu.configure()
        #expect(model.registers[0x6B] == 0x01)
    }

    /// The host stalls for 200 ms (more than the 1024-byte FIFO holds at 12 bytes × 1 kHz = 85 ms): the overflow
    /// is detected, the FIFO reset, and the lost stretch shows as a gap instead of misaligned frames.
    @Test func fifoOverflowResetsAndLeavesAGap() throws {
        let (rig, model, imu) = try make(truth: constantTruth(accelG: (0.25, -0.5, 1), gyroDPS: (30, -60, 90)))
        var rs: [IMUReading] = []
        for _ in 0..<20 { rs += try imu.read() }
        rig.clock.advance(bySeconds: 0.2)
        let count = try rig.bus.readRegisters(address: 0x68, register: 0x72, count: 2)
        #expect(Int(count[0]) << 8 | Int(count[1]) == 1024)   // full, and no longer frame-aligned
        #expect(model.fifoCount == 1024)
        for _ in 0..<20 { rs += try imu.read() }
        let gaps = zip(rs, rs.dropFirst()).map { $1.tSeconds - $0.tSeconds }
        #expect(gaps.filter { $0 > 0.1 }.count == 1)
        #expect(gaps.allSatisfy { $0 > 0 })
        // Every frame still decodes to the true values: no byte slipped.
        #expect(rs.allSatisfy { abs($0.accelMS2.x / standardGravityMS2 * 4096 - 1024) < 1e-9 && abs($0.gyroRadS.z * 180 / Double.pi * 16.4 - 1476) < 1e-6 })
    }

    /// A bus error cuts a FIFO read after its first 32-byte block (two frames and 8 bytes of the third): the whole
    /// frames are kept and the FIFO is brought back to a frame boundary instead of reset, so only the frames the
    /// error cut into are lost (a reset lost the batch and everything queued behind it: 8 % of the samples at a 2 %
    /// transfer error rate). The failed transfer may have clocked out none of its bytes or some (then a further frame
    /// is lost, or exactly one whole one, which only the timing shows); no byte ever slips.
    @Test(arguments: [(clockedOut: 0, lost: 1), (clockedOut: 5, lost: 2), (clockedOut: 16, lost: 2)])
    func aBusErrorMidFIFOReadLosesOnlyTheFramesItCut(clockedOut: Int, lost: Int) throws {
        let (rig, _, imu) = try make(truth: constantTruth(accelG: (0.25, -0.5, 1), gyroDPS: (30, -60, 90)))
        var rs: [IMUReading] = []
        for _ in 0..<20 { rs += try imu.read() }
        var armed = true
        imu.betweenTransfers = {
            guard armed else { return }
            armed = false
            // The failing transfer: it clocks `clockedOut` bytes out of the FIFO, then fails with EIO.
            if clockedOut > 0 { _ = try? rig.bus.readPort(address: 0x68, register: 0x74, count: clockedOut) }
            rig.bus.failNext(1, at: 0x68)
        }
        rig.bus.logging = true
        for _ in 0..<20 { rs += try imu.read() }
        #expect(!armed, "the cut happened")
        #expect(!rig.bus.log.contains { $0.write?.first == 0x6A }, "no USER_CTRL write: the FIFO was not reset")
        let gaps = zip(rs, rs.dropFirst()).map { Int((($1.tSeconds - $0.tSeconds) * 1000).rounded()) - 1 }
        #expect(gaps.allSatisfy { $0 >= 0 })
        #expect(gaps.reduce(0, +) == lost, "\(gaps.filter { $0 != 0 })")
        #expect(rs.allSatisfy { abs($0.accelMS2.x / standardGravityMS2 * 4096 - 1024) < 1e-9 && abs($0.gyroRadS.z * 180 / Double.pi * 16.4 - 1476) < 1e-6 })
    }

    @Test func worksWithoutBlockReads() throws {
        let rig = ModelRig(blockReads: false)
        let model = MPU6050Model(truth: constantTruth(accelG: (0.5, 0, 0), gyroDPS: (0, 0, -250)))
        rig.bus.attach(model, at: 0x69)
        let imu = try IMUDetector.detect(bus: rig.bus, clock: rig.clock)
        try imu.configure()
        var rs: [IMUReading] = []
        for _ in 0..<3 { rs += try imu.read() }
        #expect(rs.count > 10)
        #expect(abs(rs.last!.gyroRadS.z * 180 / Double.pi + 250) < 0.07)
    }
}
