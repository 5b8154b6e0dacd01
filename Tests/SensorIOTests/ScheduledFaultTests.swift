import RollAnalysis
import RollCore
@testable import SensorIO
@testable import SensorModels
import Testing

/// The demo's fault specs (interface v2 §8) and the model-level faults they schedule, as the drivers meet them.
@Suite("Scheduled faults on the simulated chips")
struct ScheduledFaultTests {
    @Test func specsParseExactlyAsTheInterfaceWritesThem() throws {
        #expect(try DemoFault(spec: "force-unplug@60") == .forceUnplug(atS: 60, forS: nil))
        #expect(try DemoFault(spec: "force-unplug@60:30") == .forceUnplug(atS: 60, forS: 30))
        #expect(try DemoFault(spec: "imu-unplug@12.5:3") == .imuUnplug(atS: 12.5, forS: 3))
        #expect(try DemoFault(spec: "i2c-errors@5:0.1") == .i2cErrors(fromS: 5, fraction: 0.1))
        #expect(try DemoFault(spec: "fifo-overflow@40") == .fifoOverflow(atS: 40))
        #expect(try DemoFault(spec: "disk-full@30") == .diskFull(atS: 30))
        for spec in ["force-unplug@60:30", "imu-unplug@12.5:3", "i2c-errors@5:0.1", "disk-full@30"] {
            #expect(try DemoFault(spec: spec).description == spec)
        }
        for bad in ["", "force-unplug", "force-unplug@", "force-unplug@a", "force-unplug@1:0", "imu-unplug@3",
                    "imu-unplug@3:4:5", "i2c-errors@1:2", "i2c-errors@1", "fifo-overflow@1:2", "disk-full@-3", "boom@1",
                    "force-unplug@inf"] {
            #expect(throws: DemoFaultSpecError.self, "\(bad)") { try DemoFault(spec: bad) }
        }
    }

    @Test func anUnpluggedIMUStopsAcknowledgingAndComesBackPowerCycled() throws {
        let rig = ModelRig()
        let mpu = MPU6050Model()
        rig.bus.attach(mpu, at: 0x68)
        DemoFaultPlan([.imuUnplug(atS: 101, forS: 2)]).apply(bus: rig.bus, imuAddress: 0x68, force: nil)
        try rig.bus.writeByteData(address: 0x68, register: 0x6B, value: 0x01)   // wake
        #expect(try rig.bus.readByteData(address: 0x68, register: 0x6B) == 0x01)
        rig.clock.sleep(untilSeconds: 101.5)
        #expect(throws: I2CError.self) { try rig.bus.readByteData(address: 0x68, register: 0x75) }
        do { _ = try rig.bus.readByteData(address: 0x68, register: 0x75) } catch let e as I2CError { #expect(e.isNoAcknowledge) }
        rig.clock.sleep(untilSeconds: 103.1)
        // Back, at power-on defaults: asleep again (PWR_MGMT_1 = 0x40).
        #expect(try rig.bus.readByteData(address: 0x68, register: 0x6B) == 0x40)
    }

    @Test func transferErrorsHitTheGivenFractionFromTheirStart() throws {
        let rig = ModelRig()
        rig.bus.attach(MPU6050Model(), at: 0x68)
        DemoFaultPlan([.i2cErrors(fromS: 100.5, fraction: 0.2)]).apply(bus: rig.bus, imuAddress: 0x68, force: nil)
        func failures(_ n: Int) -> Int {
            (0..<n).filter { _ in (try? rig.bus.readByteData(address: 0x68, register: 0x75)) == nil }.count
        }
        #expect(failures(1000) == 0)   // before 100.5 s (1000 transfers at 400 kHz take ~0.06 s)
        rig.clock.sleep(untilSeconds: 100.5)
        let failed = failures(5000)
        #expect(failed > 850 && failed < 1150, "\(failed) of 5000")
    }

    @Test func aStallOverflowsTheFIFOAndTheDriverSeesIt() throws {
        let rig = ModelRig()
        let mpu = MPU6050Model()
        rig.bus.attach(mpu, at: 0x68)
        let imu = MPUIMU(bus: rig.bus, address: 0x68, variant: .mpu6050, clock: rig.clock)
        try imu.configure()
        DemoFaultPlan([.fifoOverflow(atS: 101)]).apply(bus: rig.bus, imuAddress: 0x68, force: nil)
        var times: [Double] = []
        var lost = 0
        while rig.clock.nowSeconds() < 102.5 {
            // Whatever the driver makes of the overflow (a reset FIFO, or silence past its limit), it gets going again.
            do { times += try imu.read().map(\.tSeconds) } catch { lost += 1; try imu.configure() }
        }
        #expect(lost <= 1)
        let gaps = zip(times, times.dropFirst()).map { $1 - $0 }
        let largest = gaps.max() ?? 0
        #expect(largest > 0.3 && largest < 0.8, "largest gap \(largest): 0.5 s stall, the FIFO keeps its last 85 ms, a re-initialisation takes 0.1 s")
        #expect(gaps.filter { $0 > 0.01 }.count == 1)
    }

    @Test func anUnpluggedHX711IsNeverReadyThenSettlesAfterPowerUp() throws {
        let clock = VirtualClock(startSeconds: 0)
        let gpio = SimulatedGPIOChip(clock: clock)
        let model = HX711Model(rateHz: 80, doutOffset: 5, sckOffset: 6) { _, _ in 1000 }
        model.attach(to: gpio)
        model.unplug(fromS: 1, toS: 2)
        let hx = HX711(chip: gpio, rateHz: 80, calibration: LinearForceCalibration(tareCounts: 0, newtonsPerCount: 1), clock: clock)
        try hx.configure()
        var readings: [Double] = []
        var errors = 0
        while clock.nowSeconds() < 3 {
            do { if let r = try hx.poll() { readings.append(r.tSeconds) } } catch { errors += 1; try hx.configure() }
            clock.sleep(untilSeconds: clock.nowSeconds() + 0.005)
        }
        #expect(errors > 0)
        #expect(!readings.contains { $0 > 1.0 && $0 < 2.05 }, "no conversion while unpowered or settling")
        #expect(readings.contains { $0 > 2.05 && $0 < 2.2 })
    }
}
