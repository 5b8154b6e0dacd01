import RollCore
import SystemPackage
import Testing
@testable import SensorIO
@testable import SensorModels

/// `RetryingI2CBus` (the one retry rule, `SysCallRetry.runTransfer`) on the model bus, whose injected errors fail a
/// transfer before the chip sees it, as a corrupted address byte does.
@Suite struct TransientRetryTests {
    func bus() -> (ModelRig, RetryingI2CBus) {
        let rig = ModelRig()
        rig.bus.attach(MPU6050Model(truth: Truth.atRest), at: 0x68)
        return (rig, RetryingI2CBus(rig.bus))
    }

    @Test func aGlitchIsRetriedTwiceAndCountedAThirdFailureStands() throws {
        let (rig, bus) = bus()
        rig.bus.failNext(2, at: 0x68)
        #expect(try bus.readByteData(address: 0x68, register: MPURegister.whoAmI) == 0x68)
        #expect(bus.retriedTransfers == 2)
        rig.bus.failNext(3, at: 0x68)
        #expect(throws: I2CError.self) { try bus.readByteData(address: 0x68, register: MPURegister.whoAmI) }
        #expect(bus.retriedTransfers == 4)
        // A NACK (ENXIO) is transient too: a corrupted address byte looks like an absent chip.
        rig.bus.failNext(1, at: 0x68, errno: .noSuchAddressOrDevice)
        try bus.writeByteData(address: 0x68, register: MPURegister.powerManagement1, value: 0x01)
        #expect(bus.retriedTransfers == 5)
        // Not a bus glitch: EBUSY (a kernel driver owns the address) is not retried.
        rig.bus.failNext(1, at: 0x68, errno: .resourceBusy)
        #expect(throws: I2CError.self) { try bus.readByteData(address: 0x68, register: MPURegister.whoAmI) }
        #expect(bus.retriedTransfers == 5)
    }

    @Test func aChipThatIsGoneIsStillLostAfterThreeAttempts() throws {
        let (rig, bus) = bus()
        rig.bus.disconnect(0x68)
        #expect(throws: I2CError.self) { try bus.readBlock(address: 0x68, register: MPURegister.accelXoutH, count: 14) }
        #expect(bus.retriedTransfers == 2)
    }

    /// A FIFO port read consumes what it reads: retried after a NACK (no byte moved), never after an EIO.
    @Test func aFIFOPortReadIsRetriedOnlyWhenNoByteMoved() throws {
        let (rig, bus) = bus()
        rig.bus.failNext(1, at: 0x68, errno: .noSuchAddressOrDevice)
        #expect(try bus.readPort(address: 0x68, register: MPURegister.fifoReadWrite, count: 12).count == 12)
        #expect(bus.retriedTransfers == 1)
        rig.bus.failNext(1, at: 0x68, errno: .ioError)
        #expect(throws: I2CError.self) { try bus.readPort(address: 0x68, register: MPURegister.fifoReadWrite, count: 12) }
        #expect(bus.retriedTransfers == 1)
    }

    /// 5 % of transfers failing (the demo's `i2c-errors@T:0.05`): behind the retrying bus the MPU is never lost;
    /// a FIFO read cut by an EIO costs one batch (FIFO reset, a reported gap), not a re-initialisation.
    @Test func aNoisyBusCostsRetriesAndShortGapsNotAReinitialisedIMU() throws {
        let rig = ModelRig()
        let mpu = MPU6050Model(truth: Truth.atRest)
        mpu.noiseLSB = 2   // a real chip's noise: a perfectly constant signal would read as a stuck sensor
        rig.bus.attach(mpu, at: 0x68)
        let bus = RetryingI2CBus(rig.bus)
        let imu = try IMUDetector.detect(bus: bus, addresses: [0x68], clock: rig.clock)
        let (source, log) = try startedSource(imu, rig)
        rig.bus.scheduledFaults.transferErrors(fromS: rig.clock.nowSeconds(), fraction: 0.05)
        let rows = source.samples(until: rig.clock.nowSeconds() + 10, clock: rig.clock).count
        let events = log.events
        let lost = events.filter { if case .lost = $0 { true } else { false } }
        let gaps = events.filter { if case .samplesLost = $0 { true } else { false } }
        #expect(lost.isEmpty, "\(lost)")
        #expect(bus.retriedTransfers > 100, "\(bus.retriedTransfers) retries")
        #expect(!gaps.isEmpty)
        // Four port reads per 10 ms batch at 1 kHz, 5 % each: about one batch in five is dropped.
        #expect(rows > 7_000, "\(rows) of 10 000 rows")
    }
}
