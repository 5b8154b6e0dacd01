import Testing
import RollCore
@testable import SensorIO
@testable import SensorModels

/// The LSM6 FIFO in both layouts (DS3 / DSL pattern words, DSOX tagged words) against the register model.
@Suite struct LSM6FIFOTests {
    static let family: [UInt8] = [0x69, 0x6A, 0x6C]

    func make(_ who: UInt8, truth: @escaping TruthSignal = Truth.atRest, noiseLSB: Double = 2) throws -> (ModelRig, LSM6DS3Model, LSM6IMU) {
        let rig = ModelRig()
        let model = LSM6DS3Model(whoAmI: who, truth: truth)
        model.noiseLSB = noiseLSB
        rig.bus.attach(model, at: 0x6A)
        let imu = try #require(IMUDetector.detect(bus: rig.bus, addresses: [0x6A], clock: rig.clock) as? LSM6IMU)
        try imu.configure()
        return (rig, model, imu)
    }

    @Test(arguments: family)
    func fifoRegistersAreWrittenPerLayout(who: UInt8) throws {
        let (_, model, imu) = try make(who)
        let r = model.registers
        if who == 0x6C {
            #expect(r[0x09] == 0x77)   // FIFO_CTRL3: BDR_GY = BDR_XL = 0111 (833 Hz)
            #expect(r[0x0A] == 0x06)   // FIFO_CTRL4: continuous mode
        } else {
            #expect(r[0x08] == 0x09)   // FIFO_CTRL3: DEC_FIFO_GYRO = DEC_FIFO_XL = 001 (no decimation)
            #expect(r[0x0A] == 0x3E)   // FIFO_CTRL5: ODR_FIFO 0111 (833 Hz), FIFO_MODE 110 (continuous)
        }
        #expect(r[0x0D] == 0x00)       // no INT1 routing without a line
        imu.selectRate(416)
        try imu.configure()
        #expect(model.registers[0x10] == 0x6C && model.registers[0x11] == 0x6C)   // ODR 0110, ±8 g / ±2000 °/s
        #expect(who == 0x6C ? model.registers[0x09] == 0x66 : model.registers[0x0A] == 0x36)
    }

    /// Whole-LSB values per axis, negative ones for sign extension: every FIFO sample decodes exactly.
    @Test(arguments: family)
    func fifoSamplesDecodeExactly(who: UInt8) throws {
        let gLSB = 0.244e-3, dpsLSB = 0.070
        let (rig, model, imu) = try make(who, truth: constantTruth(accelG: (1000 * gLSB, -4097 * gLSB, -1 * gLSB),
                                                                  gyroDPS: (-12345 * dpsLSB, 2 * dpsLSB, 32767 * dpsLSB)),
                                         noiseLSB: 0)
        imu.stuckLimitSeconds = nil
        var rs: [IMUReading] = []
        while rig.clock.nowSeconds() < 101 { rs += try imu.read() }
        #expect(model.samplesTaken - rs.count >= 0 && model.samplesTaken - rs.count <= 9)
        for r in rs {
            let a = r.accelMS2 / (gLSB * 9.80665), g = r.gyroRadS * (180 / Double.pi) / dpsLSB
            #expect(abs(a.x - 1000) < 1e-9 && abs(a.y + 4097) < 1e-9 && abs(a.z + 1) < 1e-9)
            #expect(abs(g.x + 12345) < 1e-9 && abs(g.y - 2) < 1e-9 && abs(g.z - 32767) < 1e-9)
        }
    }

    /// The gyro x carries the true sample time (1 rad/s per s → 818 LSB/s): every sample arrives once, in order,
    /// and its stamp is the chip's sample instant to within a few milliseconds.
    @Test(arguments: family)
    func fifoDeliversEverySampleOnceWithTrueStamps(who: UInt8) throws {
        let (rig, model, imu) = try make(who, truth: { t in
            PhysicalState(accelMS2: Vector3(0, 0, 9.8), gyroRadS: Vector3(t - 100, 0, 0))
        }, noiseLSB: 0)
        var rs: [IMUReading] = []
        while rig.clock.nowSeconds() < 108 { rs += try imu.read() }
        #expect(model.samplesTaken - rs.count >= 0 && model.samplesTaken - rs.count <= 9)
        for (a, b) in zip(rs, rs.dropFirst()) { #expect(b.tSeconds > a.tSeconds) }
        let tail = rs.filter { $0.tSeconds > 104 }
        let worst = tail.map { abs($0.tSeconds - (100 + $0.gyroRadS.x)) }.max() ?? 1
        #expect(worst < 0.004, "worst stamp error \(worst) s")
    }

    /// A bus error cuts a pattern FIFO read after its first 32-byte block (two samples and 2 words of the third):
    /// the whole samples are kept and reading goes on (before: the error stood and the chip was re-initialised);
    /// the next drain starts at the next whole pattern (FIFO_STATUS3/4), so one sample is lost and every stamp
    /// stays true.
    @Test(arguments: [UInt8(0x69), 0x6A])
    func aBusErrorMidFIFOReadLosesOnlyTheSampleItCut(who: UInt8) throws {
        let (rig, _, imu) = try make(who, truth: { t in
            PhysicalState(accelMS2: Vector3(0, 0, 9.8), gyroRadS: Vector3(t - 100, 0, 0))
        }, noiseLSB: 0)
        var rs: [IMUReading] = []
        while rig.clock.nowSeconds() < 104 { rs += try imu.read() }
        var armed = true
        imu.betweenTransfers = {
            guard armed else { return }
            armed = false
            rig.bus.failNext(1, at: 0x6A)
        }
        while rig.clock.nowSeconds() < 106 { rs += try imu.read() }
        #expect(!armed, "the cut happened")
        for (a, b) in zip(rs, rs.dropFirst()) { #expect(b.tSeconds > a.tSeconds) }
        let period = 1 / imu.sampleRateHz
        let lost = zip(rs, rs.dropFirst()).map { Int((($1.tSeconds - $0.tSeconds) / period).rounded()) - 1 }
            .filter { $0 > 0 }
        #expect(lost == [1], "\(lost)")
        let worst = rs.filter { $0.tSeconds > 103 }.map { abs($0.tSeconds - (100 + $0.gyroRadS.x)) }.max() ?? 1
        #expect(worst < 0.004, "worst stamp error \(worst) s")
    }

    /// An overrun is seen in FIFO_STATUS2, the FIFO reset through bypass mode, and the gap reported as an event
    /// by the sample source; reading goes on.
    @Test(arguments: family)
    func overrunIsResetAndReported(who: UInt8) throws {
        let (rig, model, imu) = try make(who)
        let (source, log) = try startedSource(imu, rig)
        var rows = source.samples(until: 101, clock: rig.clock)
        rig.bus.logging = true
        model.injectFIFOOverflow()
        rows += source.samples(until: 102, clock: rig.clock)
        // The driver wrote bypass (000) and then continuous mode again to the FIFO mode register.
        let modeWrites = rig.bus.log.compactMap { $0.write }.filter { $0.count == 2 && $0[0] == 0x0A }.map { $0[1] & 0x07 }
        #expect(modeWrites == [0x00, 0x06])
        let lost = log.events.compactMap { e -> (Int, Double, Double)? in
            if case let .samplesLost(_, n, from, to, _) = e { return (n, from, to) } else { return nil }
        }
        #expect(lost.count == 1)
        if let (n, from, to) = lost.first {
            #expect(n >= 0 && to > from)
            // The gap in the rows is the reported one.
            let gap = zip(rows, rows.dropFirst()).first { $1.tSeconds == to }
            #expect(gap?.0.tSeconds == from)
        }
        #expect(rows.last!.tSeconds > 101.9)
        #expect(!log.events.contains { if case .lost = $0 { true } else { false } })
    }

    /// MPU-6050: FIFO_OFLOW in INT_STATUS, same handling.
    @Test func mpuOverflowIsResetAndReported() throws {
        let rig = ModelRig()
        let mpu = MPU6050Model(truth: Truth.atRest)
        mpu.noiseLSB = 2
        rig.bus.attach(mpu, at: 0x68)
        let imu = try IMUDetector.detect(bus: rig.bus, addresses: [0x68], clock: rig.clock)
        let (source, log) = try startedSource(imu, rig)
        var rows = source.samples(until: 101, clock: rig.clock)
        mpu.injectFIFOOverflow()
        rows += source.samples(until: 102, clock: rig.clock)
        let lost = log.events.filter { if case .samplesLost = $0 { true } else { false } }
        #expect(lost.count == 1)
        #expect(lost.first?.description.contains("FIFO overflow") == true)
        #expect(rows.last!.tSeconds > 101.9)
    }

    /// The data-ready line for the LSM6: INT1 ← gyro data ready, one row per edge; an edge missed while the
    /// latched line stayed high does not stall reading.
    @Test(arguments: family)
    func dataReadyLineDrivesReads(who: UInt8) throws {
        let rig = ModelRig()
        let model = LSM6DS3Model(whoAmI: who)
        model.noiseLSB = 2
        rig.bus.attach(model, at: 0x6A)
        let line = DataReadyLineModel(clock: rig.clock, lsm6: model)
        let imu = try IMUDetector.detect(bus: rig.bus, addresses: [0x6A], clock: rig.clock, mode: .dataReadyLine(line))
        try imu.configure()
        #expect(model.registers[0x0D] == 0x02)
        #expect(model.registers[0x0A] & 0x07 == 0)   // FIFO not used with a line
        var rs: [IMUReading] = []
        for _ in 0..<833 { rs += try imu.read() }
        #expect(rs.count == 833)
    }
}

