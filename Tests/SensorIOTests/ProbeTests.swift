import Testing
@testable import SensorIO
@testable import SensorModels

@Suite struct ProbeTests {
    @Test func probeNamesEveryChipOnAModelBus() throws {
        let rig = ModelRig()
        rig.bus.attach(MPU6050Model(variant: .mpu6050), at: 0x68)
        rig.bus.attach(MPU6050Model(variant: .mpu9250), at: 0x69)
        rig.bus.attach(LSM6DS3Model(whoAmI: 0x6C), at: 0x6B)
        rig.bus.attach(ADS1115Model { _, _ in 0 }, at: 0x48)
        rig.bus.attach(BMP280Model(), at: 0x76)
        let lines = I2CProbe.scan(bus: rig.bus).map(\.description)
        #expect(lines == ["i2c-1 0x48 ADS1115", "i2c-1 0x68 MPU-6050", "i2c-1 0x69 MPU-9250", "i2c-1 0x6b LSM6DSOX",
                          "i2c-1 0x76 BMP280"])
    }

    @Test func configuredADS1115IsStillRecognised() throws {
        let rig = ModelRig()
        rig.bus.attach(ADS1115Model { _, _ in 0.1 }, at: 0x49)
        let ads = ADS1115ForceSensor(bus: rig.bus, address: 0x49, input: .ain0, gain: .fs4_096V,
                                     calibration: LinearForceCalibration(tareCounts: 0, newtonsPerCount: 1), clock: rig.clock)
        try ads.configure()
        #expect(I2CProbe.scan(bus: rig.bus).map(\.description) == ["i2c-1 0x49 ADS1115"])
    }

    @Test func nothingAtTheAddressListsWhatAnswered() {
        let rig = ModelRig()
        rig.bus.attach(BMP280Model(), at: 0x77)
        do {
            _ = try IMUDetector.detect(bus: rig.bus, clock: rig.clock)
            Issue.record("no IMU on this bus")
        } catch let e as SensorIOError {
            #expect(e == .noDeviceAt(bus: "i2c-1", address: 0x68, answered: [0x77]))
            #expect(e.description.contains("0x77"))
        } catch { Issue.record("\(error)") }
    }

    @Test func unknownWhoAmIShowsValueAndExpected() {
        let rig = ModelRig()
        rig.bus.attach(LSM6DS3Model(whoAmI: 0x55), at: 0x6A)
        do {
            _ = try IMUDetector.detect(bus: rig.bus, clock: rig.clock)
            Issue.record("0x55 is not a supported chip")
        } catch let e as SensorIOError {
            guard case let .unknownChip(_, address, register, read, expected) = e else { Issue.record("\(e)"); return }
            #expect(address == 0x6A && register == 0x0F && read == 0x55)
            #expect(expected[0x68] != nil && expected[0x69] != nil)
            #expect(e.description.contains("0x55") && e.description.contains("0x69 (LSM6DS3"))
        } catch { Issue.record("\(error)") }
    }

    @Test func bmp388IsDetectedByItsChipIDRegister() {
        let rig = ModelRig()
        // A minimal BMP388 persona: chip id 0x50 at register 0x00 (everything else reads 0).
        final class BMP388Persona: I2CDeviceModel {
            var pointer: UInt8 = 0
            func write(_ bytes: [UInt8], atSeconds t: Double) { pointer = bytes.first ?? 0 }
            func read(count: Int, atSeconds t: Double) -> [UInt8] { (0..<count).map { pointer &+ UInt8($0) == 0 ? 0x50 : 0 } }
            func powerOnReset(atSeconds t: Double) {}
        }
        rig.bus.attach(BMP388Persona(), at: 0x77)
        #expect(I2CProbe.scan(bus: rig.bus).map(\.description) == ["i2c-1 0x77 BMP388"])
    }
}
