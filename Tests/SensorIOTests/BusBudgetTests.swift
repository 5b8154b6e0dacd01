import Foundation
import Testing
import RollCore
@testable import SensorIO
@testable import SensorModels

/// The bus budget: wire timing from the I2C specification, the adapter clock from sysfs, the rate choice, and
/// model runs on a 100 kHz bus that lose samples at too high a rate and none at the chosen one.
@Suite struct BusBudgetTests {
    // MARK: wire timing and clock

    /// UM10204 Table 10, Standard-mode: read-byte-data = 4 bytes × 9 clocks at 10 µs, plus START hold 4.0 µs,
    /// repeated START set-up 4.7 + hold 4.0 µs, STOP set-up 4.0 µs and bus-free 4.7 µs.
    @Test func readByteAt100kHzTakesItsSpecTime() {
        let t = I2CWireTiming(clockHz: 100_000)
        #expect(abs(t.seconds(for: .readByte) - (360e-6 + 4.0e-6 + 8.7e-6 + 4.0e-6 + 4.7e-6)) < 1e-12)
        // Fast-mode: 0.6 µs conditions, 1.3 µs bus free; a 14-byte burst = 17 bytes × 9 clocks at 2.5 µs.
        let f = I2CWireTiming(clockHz: 400_000)
        #expect(abs(f.seconds(for: .readBlock(14)) - (17 * 9 * 2.5e-6 + 0.6e-6 + 1.2e-6 + 0.6e-6 + 1.3e-6)) < 1e-12)
    }

    @Test func adapterClockIsReadFromTheDeviceTreeAsBigEndian() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("rollmon-sysfs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let node = root.appendingPathComponent("bus/i2c/devices/i2c-1/of_node")
        try FileManager.default.createDirectory(at: node, withIntermediateDirectories: true)
        try Data([0x00, 0x06, 0x1A, 0x80]).write(to: node.appendingPathComponent("clock-frequency"))   // 400 000
        let clock = I2CBusClock.read(busNumber: 1, sysfsRoot: root.path)
        #expect(clock.clockHz == 400_000 && clock.isKnown)
        #expect(clock.description == "bus at 400 kHz")
        // Another bus has no property: unknown, assumed 100 kHz, and it says so.
        let other = I2CBusClock.read(busNumber: 3, sysfsRoot: root.path)
        #expect(other.clockHz == 100_000 && !other.isKnown)
        #expect(other.description == "bus clock unknown (no device-tree clock-frequency), assuming the Pi default 100 kHz")
        // A malformed property (not one u32 cell) is not trusted.
        try Data([0x01, 0x86, 0xA0]).write(to: node.appendingPathComponent("clock-frequency"))
        #expect(!I2CBusClock.read(busNumber: 1, sysfsRoot: root.path).isKnown)
        #expect(I2CBusClock.busNumber(fromName: "i2c-11") == 11 && I2CBusClock.busNumber(fromName: "/dev/i2c-1") == 1)
    }

    // MARK: rate choice

    func mpu(_ rig: ModelRig, mode: IMUAcquisitionMode = .fifo(batchSeconds: 0.01)) throws -> (MPU6050Model, IMUDevice) {
        let model = MPU6050Model(truth: Truth.atRest)
        model.noiseLSB = 2
        rig.bus.attach(model, at: 0x68)
        return (model, try IMUDetector.detect(bus: rig.bus, addresses: [0x68], clock: rig.clock, mode: mode))
    }

    static let stock = I2CBusClock(clockHz: 100_000, source: .deviceTree(path: "test"))
    static let fast = I2CBusClock(clockHz: 400_000, source: .deviceTree(path: "test"))

    @Test func stockBusGetsTheMPUAt500HzAndTheAdvice() throws {
        let (_, imu) = try mpu(ModelRig())
        // 1 kHz needs about 1.28 s of bus time per second at 100 kHz (the issue's ~125 kbit/s).
        #expect(imu.busTraffic(rateHz: 1000).utilisation(I2CWireTiming(clockHz: 100_000)) > 1.2)
        let b = BusBudget.plan(imu: imu, clock: Self.stock)
        #expect(b.rateHz == 500 && !b.overloaded)
        #expect(b.description == "bus at 100 kHz: MPU-6050 at 500 Hz (69 % of the bus); set dtparam=i2c_arm_baudrate=400000 for 1000 Hz")
        let f = BusBudget.plan(imu: imu, clock: Self.fast)
        #expect(f.rateHz == 1000)
        #expect(f.description == "bus at 400 kHz: MPU-6050 at 1000 Hz (32 % of the bus)")
        let unknown = BusBudget.plan(imu: imu, clock: I2CBusClock(clockHz: 100_000, source: .assumedDefault))
        #expect(unknown.description.hasPrefix("bus clock unknown (no device-tree clock-frequency), assuming the Pi default 100 kHz: MPU-6050 at 500 Hz"))
    }

    @Test func forceSensorOnTheSameBusLowersTheRate() throws {
        let rig = ModelRig()
        let (_, imu) = try mpu(rig)
        let ads = ADS1115ForceSensor(bus: rig.bus, input: .ain0, gain: .fs4_096V, dataRate: .sps860,
                                     calibration: LinearForceCalibration(tareCounts: 0, newtonsPerCount: 0.01), clock: rig.clock)
        let b = BusBudget.plan(imu: imu, clock: Self.stock, others: ads.busTraffic)
        #expect(b.rateHz == 250)
        #expect(BusBudget.plan(imu: imu, clock: Self.fast, others: ads.busTraffic).rateHz == 1000)
    }

    @Test func lsm6OnAStockBusRunsAt416Hz() throws {
        for who in [UInt8(0x69), 0x6A, 0x6C] {
            let rig = ModelRig()
            rig.bus.attach(LSM6DS3Model(whoAmI: who), at: 0x6A)
            let imu = try IMUDetector.detect(bus: rig.bus, addresses: [0x6A], clock: rig.clock)
            #expect(BusBudget.plan(imu: imu, clock: Self.stock).rateHz == 416, "WHO_AM_I \(who)")
            #expect(BusBudget.plan(imu: imu, clock: Self.fast).rateHz == 833)
        }
    }

    @Test func nothingFitsIsSaid() throws {
        let (_, imu) = try mpu(ModelRig())
        let b = BusBudget.plan(imu: imu, clock: I2CBusClock(clockHz: 10_000, source: .deviceTree(path: "t")))
        #expect(b.overloaded && b.rateHz == 250)
        #expect(b.description.contains("more than the bus can carry"))
    }

    // MARK: model runs on a 100 kHz bus

    final class Events { var lost: [(count: Int, from: Double, to: Double)] = []; var other: [SensorEvent] = [] }

    struct RunResult { var rows: Int; var taken: Int; var lostEvents: Int; var lostSamples: Int; var busShare: Double; var rateHz: Double }

    /// Runs `imu` through a `SampleSource` for `seconds` of virtual time on the rig's bus.
    func run(_ rig: ModelRig, _ imu: IMUDevice, samplesTaken: () -> Int, seconds: Double) throws -> RunResult {
        let events = Events()
        let source = SampleSource(imu: imu, force: nil, clock: rig.clock) { e in
            if case let .samplesLost(_, n, from, to, _) = e { events.lost.append((n, from, to)) } else { events.other.append(e) }
        }
        source.start()
        let busy0 = rig.bus.busySeconds, t0 = rig.clock.nowSeconds()
        var rows = 0
        while rig.clock.nowSeconds() < t0 + seconds { rows += source.nextSamples().count }
        let share = (rig.bus.busySeconds - busy0) / (rig.clock.nowSeconds() - t0)
        #expect(events.other.isEmpty, "\(events.other)")
        return RunResult(rows: rows, taken: samplesTaken(), lostEvents: events.lost.count,
                         lostSamples: events.lost.reduce(0) { $0 + $1.count }, busShare: share, rateHz: imu.sampleRateHz)
    }

    @Test func stockBusMPUAt1kHzOverflowsAndAtTheChosenRateLosesNothing() throws {
        let slowRig = ModelRig(clockHz: 100_000)
        let (slowModel, slowIMU) = try mpu(slowRig)
        let tooFast = try run(slowRig, slowIMU, samplesTaken: { slowModel.samplesTaken }, seconds: 10)
        print("100 kHz bus, MPU-6050 at 1000 Hz: \(tooFast.rows) rows of \(tooFast.taken) samples, \(tooFast.lostEvents) FIFO overflows reported, \(tooFast.lostSamples) samples reported lost")
        #expect(tooFast.lostEvents > 0)
        #expect(tooFast.rows < tooFast.taken * 9 / 10)
        // What was reported lost accounts for what is missing (within one 10 ms batch per overflow).
        #expect(abs(tooFast.taken - tooFast.rows - tooFast.lostSamples) <= 12 * (tooFast.lostEvents + 1))

        let rig = ModelRig(clockHz: 100_000)
        let (model, imu) = try mpu(rig)
        let budget = BusBudget.apply(to: imu, clock: Self.stock)
        let chosen = try run(rig, imu, samplesTaken: { model.samplesTaken }, seconds: 10)
        print("100 kHz bus, \(budget): \(chosen.rows) rows of \(chosen.taken) samples, \(chosen.lostEvents) overflows, bus \(Int(chosen.busShare * 100)) % busy")
        #expect(chosen.rateHz == 500 && model.configuredRateHz == 500)
        #expect(chosen.lostEvents == 0)
        #expect(chosen.taken - chosen.rows >= 0 && chosen.taken - chosen.rows <= 6)   // one batch still queued
        // The budget's arithmetic matches the bus time the driver really used on the model bus.
        #expect(chosen.busShare <= budget.utilisation && chosen.busShare > 0.95 * budget.utilisation)
    }

    @Test(arguments: [UInt8(0x69), 0x6A, 0x6C])
    func stockBusLSM6At833HzOverrunsAndAtTheChosenRateLosesNothing(who: UInt8) throws {
        func make() throws -> (ModelRig, LSM6DS3Model, IMUDevice) {
            let rig = ModelRig(clockHz: 100_000)
            let model = LSM6DS3Model(whoAmI: who)
            model.noiseLSB = 2
            rig.bus.attach(model, at: 0x6A)
            return (rig, model, try IMUDetector.detect(bus: rig.bus, addresses: [0x6A], clock: rig.clock))
        }
        let (slowRig, slowModel, slowIMU) = try make()
        let tooFast = try run(slowRig, slowIMU, samplesTaken: { slowModel.samplesTaken }, seconds: 15)
        print("100 kHz bus, \(slowIMU.chipName) at 833 Hz: \(tooFast.rows) rows of \(tooFast.taken), \(tooFast.lostEvents) FIFO overruns, \(tooFast.lostSamples) samples reported lost")
        if who == 0x6C {
            // Tagged words (14 bytes a sample) cannot be carried at 833 Hz: the FIFO overruns.
            #expect(tooFast.lostEvents > 0)
            #expect(tooFast.rows < tooFast.taken * 95 / 100)
        } else {
            // 12 bytes a sample at 833 Hz is the whole bus: it keeps up only by letting batches grow (latency),
            // with no margin left; the budget does not choose it.
            #expect(tooFast.busShare > 0.95)
        }

        let (rig, model, imu) = try make()
        let budget = BusBudget.apply(to: imu, clock: Self.stock)
        let chosen = try run(rig, imu, samplesTaken: { model.samplesTaken }, seconds: 15)
        print("100 kHz bus, \(budget): \(chosen.rows) rows of \(chosen.taken), \(chosen.lostEvents) overruns")
        #expect(chosen.rateHz == 416 && model.registers[0x10] >> 4 == 0x6)
        #expect(chosen.lostEvents == 0)
        #expect(chosen.taken - chosen.rows >= 0 && chosen.taken - chosen.rows <= 6)
        // The budget counts a batch's frames rounded up: it may overestimate a little, never underestimate.
        #expect(chosen.busShare <= budget.utilisation && chosen.busShare > 0.8 * budget.utilisation)
    }
}
