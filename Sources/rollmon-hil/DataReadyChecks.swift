#if canImport(Glibc)
import Glibc
#endif
import RollCore
import SensorIO

/// The IMU data-ready wiring and the bus clock on the kernel: a gpio-sim line requested by `GPIODataReadyLine`
/// (rising edges only, kernel timestamps), the IMU drivers' INT configuration read back from i2c-stub, an edge on
/// the line making the driver read the sample, and the adapter-clock lookup in the guest's real sysfs.
struct DataReadyChecks {
    let ctx: HILContext
    let runner: CheckRunner
    let i2c: I2CChecks
    let clock = SystemMonotonicClock()
    /// The README's INT wiring: BCM 23 (header pin 16). The GPIO checks' raw-edge line is the same number, but
    /// they release it before these run.
    static let line: UInt32 = 23

    func run() {
        let bus: LinuxI2CBus
        let chip: GPIOChip
        do {
            bus = try LinuxI2CBus(busNumber: ctx.i2cBus)
            chip = try GPIOChip.open(ctx.gpioChip)
        } catch {
            runner.unavailable("data-ready checks", because: "\(error)")
            return
        }
        let sim = SimulatedLine(sysfs: ctx.gpioSysfs, offset: Self.line)
        runner.run("GPIODataReadyLine requests BCM \(Self.line) for rising edges only, stamped on CLOCK_MONOTONIC") {
            try sim.drive(high: false)
            let line = try GPIODataReadyLine(chip: chip, line: Self.line)
            let info = try chip.lineInfo(offset: Self.line)
            try expect(info.used && info.consumer == "rollmon-imu-drdy", "line info: used=\(info.used) consumer '\(info.consumer)'")
            let t0 = clock.nowSeconds()
            try sim.drive(high: true)
            guard let edge = try line.waitForDataReady(timeoutSeconds: 2) else { throw CheckFailure("no rising edge seen") }
            try expect(edge >= t0 && edge <= clock.nowSeconds(), "edge stamp \(edge) outside [\(t0), now]")
            try sim.drive(high: false)
            // A falling edge is not a data-ready event.
            if let e = try line.waitForDataReady(timeoutSeconds: 0.2) { throw CheckFailure("falling edge reported at \(e)") }
        }
        runner.run("MPU-6050 with a data-ready line: INT_PIN_CFG / INT_ENABLE read back; an edge reads the sample") {
            try sim.drive(high: false)
            let line = try GPIODataReadyLine(chip: chip, line: Self.line)
            try i2c.poison(bus, ctx.mpuAddress, [0x37, 0x38, 0x23])
            let imu = MPUIMU(bus: bus, address: ctx.mpuAddress, variant: .mpu6050, clock: clock, mode: .dataReadyLine(line))
            try imu.configure()
            // RM-MPU-6000A-00: INT_PIN_CFG (55) 0x00 = active high, push-pull, 50 µs pulse; INT_ENABLE (56) DATA_RDY_EN;
            // FIFO_EN (35) off.
            try i2c.expectRegisters(ctx.mpuAddress, [(0x37, 0x00, "INT_PIN_CFG"), (0x38, 0x01, "INT_ENABLE: DATA_RDY_EN"),
                                                     (0x23, 0x00, "FIFO_EN off")])
            try edgeReadsSample(imu, sim, accel: Persona.mpuAccelMS2(Persona.mpuAccelCounts),
                                gyro: Persona.mpuGyroRadS(Persona.mpuGyroCounts))
        }
        runner.run("LSM6DS3 with a data-ready line: INT1_CTRL = INT1_DRDY_G read back; an edge reads the sample") {
            try sim.drive(high: false)
            let line = try GPIODataReadyLine(chip: chip, line: Self.line)
            try i2c.poison(bus, ctx.lsmAddress, [0x0D, 0x0A])
            let imu = LSM6IMU(bus: bus, address: ctx.lsmAddress, variant: .lsm6ds3, clock: clock, mode: .dataReadyLine(line))
            try imu.configure()
            // DocID026899 §9.9 INT1_CTRL bit 1 INT1_DRDY_G. FIFO_CTRL5 is not written in this mode (keeps the poison).
            try i2c.expectRegisters(ctx.lsmAddress, [(0x0D, 0x02, "INT1_CTRL: INT1_DRDY_G")])
            // i2c-stub's STATUS_REG always says "new data"; clear it so only the edge can start a read (the driver
            // reads a latched line's data without an edge), and restore the persona after.
            try bus.writeByteData(address: ctx.lsmAddress, register: 0x1E, value: 0x00)
            defer { try? bus.writeByteData(address: ctx.lsmAddress, register: 0x1E, value: 0x03) }
            try edgeReadsSample(imu, sim, accel: Persona.lsmAccelMS2(Persona.lsmAccelCounts),
                                gyro: Persona.lsmGyroRadS(Persona.lsmGyroCounts))
        }
        runner.run("bus clock: \(ctx.i2cBusName) is found in sysfs; i2c-stub has no device-tree clock, so 100 kHz is assumed and said") {
            let adapter = ["/sys/bus/i2c/devices/\(ctx.i2cBusName)", "/sys/class/i2c-adapter/\(ctx.i2cBusName)"]
            try expect(adapter.contains { access($0, F_OK) == 0 }, "no adapter directory at \(adapter)")
            let c = I2CBusClock.read(busNumber: ctx.i2cBus)
            try expectEqual(c.source, .assumedDefault, "clock source (i2c-stub has no of_node)")
            try expectEqual(c.clockHz, 100_000, "assumed clock (Hz)")
            let imu = MPUIMU(bus: bus, address: ctx.mpuAddress, variant: .mpu6050, clock: clock)
            let b = BusBudget.plan(imu: imu, clock: c)
            try expectEqual(b.rateHz, 500, "IMU rate chosen for 100 kHz")
            try expect(b.description.contains("assuming the Pi default 100 kHz: MPU-6050 at 500 Hz")
                       && b.description.contains("dtparam=i2c_arm_baudrate=400000 for 1000 Hz"), "said: \(b.description)")
        }
    }

    /// One rising edge on the simulated INT line: `read()` returns one sample, stamped at the kernel's edge time,
    /// with the persona's values.
    private func edgeReadsSample(_ imu: IMUDevice, _ sim: SimulatedLine, accel: [Double], gyro: [Double]) throws {
        let t0 = clock.nowSeconds()
        try sim.drive(high: true)
        var readings: [IMUReading] = []
        let end = clock.nowSeconds() + 2
        while readings.isEmpty && clock.nowSeconds() < end { readings = try imu.read() }
        try sim.drive(high: false)
        guard let r = readings.first else { throw CheckFailure("no sample after the edge") }
        try expectEqual(readings.count, 1, "samples for one edge")
        try expect(r.tSeconds >= t0 - 0.01 && r.tSeconds <= clock.nowSeconds(), "stamp \(r.tSeconds) not at the edge (driven at \(t0))")
        try i2c.expectVector(r.accelMS2, accel, "accel (m/s²)")
        try i2c.expectVector(r.gyroRadS, gyro, "gyro (rad/s)")
    }
}
