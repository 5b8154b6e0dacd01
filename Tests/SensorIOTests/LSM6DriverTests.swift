import RollCore
import Testing
import RollAnalysis
@testable import SensorIO
@testable import SensorModels

@Suite struct LSM6DriverTests {
    func make(whoAmI: UInt8 = 0x69, truth: @escaping TruthSignal, address: UInt8 = 0x6B,
              line: Bool = false, noiseLSB: Double = 0) throws -> (ModelRig, LSM6DS3Model, IMUDevice) {
        let rig = ModelRig()
        let model = LSM6DS3Model(whoAmI: whoAmI, truth: truth)
        model.noiseLSB = noiseLSB
        rig.bus.attach(model, at: address)
        let mode: IMUAcquisitionMode = line ? .dataReadyLine(DataReadyLineModel(clock: rig.clock, lsm6: model)) : .polling
        let imu = try IMUDetector.detect(bus: rig.bus, clock: rig.clock, mode: mode)
        try imu.configure()
        return (rig, model, imu)
    }

    @Test func configurationIsWrittenAsTheDatasheetRequires() throws {
        let (_, model, imu) = try make(truth: Truth.atRest)
        #expect(imu.chipName == "LSM6DS3")
        #expect(model.registers[0x10] == 0x7C)  // ODR_XL 833 Hz, FS_XL ±8 g
        #expect(model.registers[0x11] == 0x7C)  // ODR_G 833 Hz, FS_G ±2000 °/s
        #expect(model.registers[0x12] == 0x44)  // BDU + IF_INC
        #expect(model.registers[0x0D] == 0x00)  // no INT1 routing without a line
        #expect(imu.sampleRateHz == 833)
    }

    @Test(arguments: [(UInt8(0x6A), "LSM6DSL"), (UInt8(0x6C), "LSM6DSOX")])
    func familyMembersAreRecognised(who: UInt8, name: String) throws {
        let (_, _, imu) = try make(whoAmI: who, truth: Truth.atRest, address: 0x6A)
        #expect(imu.chipName == name)
    }

    /// ±8 g: 0.244 mg/LSB; ±2000 °/s: 70 mdps/LSB. Little-endian, sign-extended.
    @Test func scalingIsExactToTheLSBAndLittleEndian() throws {
        let gLSB = 0.244e-3, dpsLSB = 0.070
        let (_, model, imu) = try make(truth: constantTruth(accelG: (1000 * gLSB, -4097 * gLSB, -1 * gLSB),
                                                             gyroDPS: (-12345 * dpsLSB, 2 * dpsLSB, 32767 * dpsLSB)))
        var rs: [IMUReading] = []
        for _ in 0..<5 { rs += try imu.read() }
        let r = try #require(rs.last)
        let a = r.accelMS2 / (gLSB * standardGravityMS2), g = r.gyroRadS * (180 / Double.pi) / dpsLSB
        #expect(abs(a.x - 1000) < 1e-9 && abs(a.y + 4097) < 1e-9 && abs(a.z + 1) < 1e-9)
        #expect(abs(g.x + 12345) < 1e-9 && abs(g.y - 2) < 1e-9 && abs(g.z - 32767) < 1e-9)
        // -12345 = 0xCFC7 stored low byte first at OUTX_L_G.
        #expect(model.registers[0x22] == 0xC7 && model.registers[0x23] == 0xCF)
    }

    @Test func pollingTracksTheChipRate() throws {
        let (rig, _, imu) = try make(truth: Truth.atRest, noiseLSB: 3)
        var rs: [IMUReading] = []
        let t0 = rig.clock.nowSeconds()
        while rig.clock.nowSeconds() < t0 + 2 { rs += try imu.read() }
        // 833 Hz for 2 s = 1666 samples; polling may lose a few to host timing but not many.
        #expect(rs.count > 1600 && rs.count <= 1667)
        for (a, b) in zip(rs, rs.dropFirst()) { #expect(b.tSeconds > a.tSeconds) }
    }

    @Test func dataReadyLineRoutesINT1() throws {
        let (_, model, imu) = try make(truth: Truth.atRest, line: true)
        #expect(model.registers[0x0D] == 0x02)   // INT1_DRDY_G only: one edge per sample
        var rs: [IMUReading] = []
        for _ in 0..<100 { rs += try imu.read() }
        #expect(rs.count == 100)
        #expect(abs((rs.last!.tSeconds - rs.first!.tSeconds) - 99 / 833.0) < 1e-3)
    }

    @Test func stuckOutputIsReportedAndAResetClearsIt() throws {
        let (rig, model, imu) = try make(truth: Truth.atRest, noiseLSB: 3)
        for _ in 0..<100 { _ = try imu.read() }
        model.stuckData = true
        let t0 = rig.clock.nowSeconds()
        var error: Error?
        while error == nil && rig.clock.nowSeconds() < t0 + 3 { do { _ = try imu.read() } catch let e { error = e } }
        guard case let .stuckData(_, seconds)? = error as? SensorIOError else { Issue.record("\(String(describing: error))"); return }
        #expect(seconds >= 2.0)
        #expect(rig.clock.nowSeconds() - t0 < 2.1)
        try imu.configure()   // SW_RESET revives the model's core
        #expect(!model.stuckData)
    }

    @Test func resetToPowerOnIsDetected() throws {
        let (rig, model, imu) = try make(truth: Truth.atRest)
        _ = try imu.read()
        model.powerOnReset(atSeconds: rig.clock.nowSeconds())
        var error: Error?
        for _ in 0..<50 where error == nil { do { _ = try imu.read() } catch let e { error = e } }
        guard case .configurationLost? = error as? SensorIOError else { Issue.record("\(String(describing: error))"); return }
        try imu.configure()
        #expect(model.registers[0x10] == 0x7C)
    }
}
