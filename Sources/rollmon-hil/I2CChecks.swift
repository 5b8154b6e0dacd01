import RollCore
import SensorIO

/// SensorIO's I2C layer and chip drivers against the kernel's i2c-dev + i2c-stub: real open/ioctl/SMBus calls.
struct I2CChecks {
    let ctx: HILContext
    let runner: CheckRunner
    let clock = SystemMonotonicClock()

    func run() {
        let bus: LinuxI2CBus
        do {
            bus = try LinuxI2CBus(busNumber: ctx.i2cBus)
        } catch {
            runner.unavailable("I2C checks", because: "cannot open /dev/i2c-\(ctx.i2cBus): \(error)")
            return
        }
        runner.run("\(ctx.i2cBusName) opens through i2c-dev and offers I2C block reads (I2C_FUNCS)") {
            try expectEqual(bus.name, ctx.i2cBusName, "bus name")
            try expect(bus.supportsBlockRead, "I2C_FUNC_SMBUS_READ_I2C_BLOCK not reported, although i2c-stub has it")
        }
        runner.run("I2CProbe names the personas: MPU-6050, LSM6DS3, BMP280") {
            let found = I2CProbe.scan(bus: bus).map(\.description)
            let expected = ["\(ctx.i2cBusName) \(hex(ctx.mpuAddress)) MPU-6050",
                            "\(ctx.i2cBusName) \(hex(ctx.lsmAddress)) LSM6DS3",
                            "\(ctx.i2cBusName) \(hex(ctx.bmpAddress)) BMP280"]
            try expectEqual(found, expected, "probe findings")
        }
        mpu(bus)
        lsm6(bus)
        bmp280(bus)
        absent(bus)
    }

    /// Overwrites registers with a value no driver writes, so a write that a driver skips shows up on read-back
    /// (i2c-stub starts at zero, which is also a legitimate configuration value).
    func poison(_ bus: I2CBus, _ address: UInt8, _ registers: [UInt8]) throws {
        for r in registers { try bus.writeByteData(address: address, register: r, value: 0xA5) }
    }

    /// Reads the registers back with i2cdump (i2c-tools, not SensorIO) and compares with the datasheet values.
    func expectRegisters(_ address: UInt8, _ expected: [(UInt8, UInt8, String)]) throws {
        let registers = expected.map(\.0)
        let dump = try i2cdump(bus: ctx.i2cBus, address: address, first: registers.min()!, last: registers.max()!)
        var wrong: [String] = []
        for (reg, value, name) in expected {
            guard let got = dump[reg] else { throw CheckFailure("i2cdump did not show register \(hex(reg))") }
            if got != value { wrong.append("\(name) (\(hex(reg))) = \(hex(got)), expected \(hex(value))") }
        }
        if !wrong.isEmpty { throw CheckFailure(wrong.joined(separator: "; ")) }
    }

    func expectVector(_ v: Vector3, _ expected: [Double], _ what: String) throws {
        try expectClose(v.x, expected[0], "\(what).x")
        try expectClose(v.y, expected[1], "\(what).y")
        try expectClose(v.z, expected[2], "\(what).z")
    }

    /// Calls read() until it returns something (paced by the driver itself), at most `seconds`.
    func firstReadings(_ imu: IMUDevice, seconds: Double = 2) throws -> [IMUReading] {
        let end = clock.nowSeconds() + seconds
        while clock.nowSeconds() < end {
            let r = try imu.read()
            if !r.isEmpty { return r }
        }
        throw CheckFailure("\(imu.chipName) delivered no reading within \(seconds) s")
    }

    private func mpu(_ bus: LinuxI2CBus) {
        let a = ctx.mpuAddress
        // Register map RM-MPU-6000A-00 rev 4.2: the configuration rollmon wants (1 kHz, DLPF 184/188 Hz, ±8 g,
        // ±2000 °/s, FIFO with accel + gyro), expressed in the datasheet's bit positions.
        let fifoConfiguration: [(UInt8, UInt8, String)] = [
            (0x6B, 0x01, "PWR_MGMT_1 (register 107): SLEEP=0, CLKSEL=1 (PLL, X gyro)"),
            (0x6C, 0x00, "PWR_MGMT_2 (register 108): no axis in standby"),
            (0x19, 0x00, "SMPLRT_DIV (register 25): 1 kHz / (1+0)"),
            (0x1A, 0x01, "CONFIG (register 26): DLPF_CFG=1"),
            (0x1B, 0x18, "GYRO_CONFIG (register 27): FS_SEL=3, ±2000 °/s"),
            (0x1C, 0x10, "ACCEL_CONFIG (register 28): AFS_SEL=2, ±8 g"),
            (0x37, 0x00, "INT_PIN_CFG (register 55): active high, push-pull, 50 µs pulse"),
            (0x38, 0x11, "INT_ENABLE (register 56): FIFO_OFLOW_EN | DATA_RDY_EN"),
            (0x23, 0x78, "FIFO_EN (register 35): XG YG ZG ACCEL"),
            (0x6A, 0x40, "USER_CTRL (register 106): FIFO_EN (FIFO_RESET self-clears on the chip)"),
        ]
        runner.run("MPU-6050 (FIFO mode) configuration reads back as the datasheet says") {
            try poison(bus, a, fifoConfiguration.map(\.0))
            let imu = MPUIMU(bus: bus, address: a, variant: .mpu6050, clock: clock, mode: .fifo(batchSeconds: 0.01))
            try imu.configure()
            try expectRegisters(a, fifoConfiguration)
            try expectEqual(imu.sampleRateHz, 1000, "sample rate (Hz)")
        }
        runner.run("MPU-6050 FIFO frame is scaled exactly (±8 g: 4096 LSB/g, ±2000 °/s: 16.4 LSB/(°/s))") {
            let imu = MPUIMU(bus: bus, address: a, variant: .mpu6050, clock: clock, mode: .fifo(batchSeconds: 0.01))
            try imu.configure()
            let r = try firstReadings(imu)
            try expectVector(r[0].accelMS2, Persona.mpuAccelMS2(Persona.mpuFIFOAccelCounts), "accel (m/s²)")
            try expectVector(r[0].gyroRadS, Persona.mpuGyroRadS(Persona.mpuFIFOGyroCounts), "gyro (rad/s)")
        }
        runner.run("MPU-6050 polled sample (INT_STATUS + data burst) is scaled exactly") {
            let imu = MPUIMU(bus: bus, address: a, variant: .mpu6050, clock: clock, mode: .polling)
            try imu.configure()
            // Polling mode leaves the FIFO off and enables only the data-ready interrupt.
            try expectRegisters(a, [(0x23, 0x00, "FIFO_EN off"), (0x38, 0x01, "INT_ENABLE: DATA_RDY_EN")])
            let r = try firstReadings(imu)
            try expectVector(r[0].accelMS2, Persona.mpuAccelMS2(Persona.mpuAccelCounts), "accel (m/s²)")
            try expectVector(r[0].gyroRadS, Persona.mpuGyroRadS(Persona.mpuGyroCounts), "gyro (rad/s)")
        }
    }

    private func lsm6(_ bus: LinuxI2CBus) {
        let a = ctx.lsmAddress
        // LSM6DS3 DocID026899 rev 10 §9: 833 Hz (ODR code 0111 in the CTRL1_XL / CTRL2_G ODR tables), ±8 g (FS_XL 11),
        // ±2000 °/s (FS_G 11), block data update + address auto-increment, no interrupt routed in polling mode.
        let configuration: [(UInt8, UInt8, String)] = [
            (0x12, 0x44, "CTRL3_C: BDU | IF_INC §9.14"),
            (0x10, 0x7C, "CTRL1_XL: ODR_XL=833 Hz, FS_XL=±8 g §9.12"),
            (0x11, 0x7C, "CTRL2_G: ODR_G=833 Hz, FS_G=±2000 °/s §9.13"),
            (0x0D, 0x00, "INT1_CTRL: nothing routed (polling) §9.9"),
        ]
        runner.run("LSM6DS3 configuration reads back as the datasheet says") {
            try poison(bus, a, configuration.map(\.0))
            let imu = LSM6IMU(bus: bus, address: a, variant: .lsm6ds3, clock: clock, mode: .polling)
            try imu.configure()
            try expectRegisters(a, configuration)
        }
        // FIFO mode (§9.5 FIFO_CTRL3, §9.7 FIFO_CTRL5): no decimation for gyro and accel data sets, FIFO ODR 833 Hz (0111),
        // continuous mode (110).
        let fifoConfiguration = configuration.dropLast() + [
            (0x0D, 0x00, "INT1_CTRL: nothing routed (FIFO drained on a timer) §9.9"),
            (0x08, 0x09, "FIFO_CTRL3: DEC_FIFO_GYRO=001, DEC_FIFO_XL=001 §9.5"),
            (0x0A, 0x3E, "FIFO_CTRL5: ODR_FIFO=0111 (833 Hz), FIFO_MODE=110 (continuous) §9.7"),
        ]
        runner.run("LSM6DS3 FIFO configuration reads back, and a FIFO pattern (FIFO_STATUS1..4, FIFO_DATA_OUT) is scaled exactly") {
            try poison(bus, a, fifoConfiguration.map(\.0))
            let imu = LSM6IMU(bus: bus, address: a, variant: .lsm6ds3, clock: clock, mode: .fifo(batchSeconds: 0.01))
            try imu.configure()
            try expectRegisters(a, Array(fifoConfiguration))
            let r = try firstReadings(imu)
            try expectEqual(r.count, 1, "samples per drain (DIFF_FIFO = 6 words = one gyro + accel pattern)")
            try expectVector(r[0].accelMS2, Persona.lsmAccelMS2(Persona.lsmFIFOAccelCounts), "accel (m/s²)")
            try expectVector(r[0].gyroRadS, Persona.lsmGyroRadS(Persona.lsmFIFOGyroCounts), "gyro (rad/s)")
        }
        runner.run("LSM6DS3 polled sample is scaled exactly (0.244 mg/LSB, 70 mdps/LSB)") {
            let imu = LSM6IMU(bus: bus, address: a, variant: .lsm6ds3, clock: clock, mode: .polling)
            try imu.configure()
            let r = try firstReadings(imu)
            try expectVector(r[0].accelMS2, Persona.lsmAccelMS2(Persona.lsmAccelCounts), "accel (m/s²)")
            try expectVector(r[0].gyroRadS, Persona.lsmGyroRadS(Persona.lsmGyroCounts), "gyro (rad/s)")
        }
    }

    private func bmp280(_ bus: LinuxI2CBus) {
        let a = ctx.bmpAddress
        runner.run("BMP280 forced-mode configuration, compensated temperature and pressure, force from tare") {
            try poison(bus, a, [0xF4, 0xF5])
            let tarePa = 100_000.0, newtonsPerPa = 0.01
            let sensor = BMP280ForceSensor(bus: bus, address: a, newtonsPerPa: newtonsPerPa, tarePa: tarePa, clock: clock)
            try sensor.configure()
            // ctrl_meas: osrs_t=001 (x1), osrs_p=010 (x2), mode=01 (forced) (§4.3.4); config: filter off (§4.3.5).
            try expectRegisters(a, [(0xF4, 0x29, "ctrl_meas"), (0xF5, 0x00, "config")])
            var reading: ForceReading?
            let end = clock.nowSeconds() + 2
            while reading == nil && clock.nowSeconds() < end {
                reading = try sensor.poll()
                if reading == nil { clock.sleep(untilSeconds: clock.nowSeconds() + 0.002) }
            }
            guard let reading else { throw CheckFailure("no reading within 2 s") }
            let expected = Persona.bmpCompensated()
            guard let t = sensor.lastTemperatureC, let p = sensor.lastPressurePa else {
                throw CheckFailure("no compensated values kept")
            }
            // Integer vs floating-point compensation: the datasheet's two versions differ by rounding only.
            try expectClose(t, expected.temperatureC, absolute: 0.01, "temperature (°C)")
            try expectClose(p, expected.pressurePa, absolute: 1.0, "pressure (Pa)")
            try expectClose(reading.forceN, (p - tarePa) * newtonsPerPa, absolute: 1e-9, "force (N)")
        }
    }

    private func absent(_ bus: LinuxI2CBus) {
        let a = ctx.absentAddress
        runner.run("a read at \(hex(a)) (no chip) fails as a no-acknowledge, not a bus fault") {
            do {
                _ = try bus.readByteData(address: a, register: 0x75)
                throw CheckFailure("the read succeeded although nothing is emulated at \(hex(a))")
            } catch let e as I2CError {
                try expect(e.isNoAcknowledge, "I2CError.isNoAcknowledge is false for errno \(e.errno) "
                           + "(i2c-stub answers an empty address with ENODEV; i2c-bcm2835 with EREMOTEIO): \(e)")
            }
        }
        runner.run("IMU detection at \(hex(a)) says nothing answered and lists who did") {
            do {
                _ = try IMUDetector.detect(bus: bus, addresses: [a], clock: clock)
                throw CheckFailure("detect() found an IMU at \(hex(a))")
            } catch let e as SensorIOError {
                let answered = [ctx.mpuAddress, ctx.lsmAddress, ctx.bmpAddress]
                try expectEqual(e, .noDeviceAt(bus: ctx.i2cBusName, address: a, answered: answered), "error")
                try expect(e.description.contains("Nothing answered at \(hex(a))"), "message: \(e.description)")
            }
        }
    }
}
