/// Finds the IMU on a bus by its ID registers and returns a configured driver.
public enum IMUDetector {
    /// Addresses an IMU breakout can sit at: MPU family 0x68 (AD0 low) / 0x69 (AD0 high); LSM6 family 0x6A (SDO/SA0
    /// low) / 0x6B (SA0 high; the Adafruit/Pololu default).
    public static let candidateAddresses: [UInt8] = [0x68, 0x69, 0x6A, 0x6B]
    /// FIFO drained every 10 ms: ten samples at 1 kHz, a latency well inside the 50 ms alert bar, and far from the
    /// MPU-6050's 85-frame (1024-byte) FIFO limit.
    public static let defaultBatchSeconds = 0.01

    /// What an ID register must read for each supported chip (for messages).
    public static var expectedIDs: [UInt8: String] {
        var m: [UInt8: String] = [:]
        for v in MPUVariant.allCases { m[v.rawValue] = "\(v.chipName) at WHO_AM_I \(hex(MPURegister.whoAmI))" }
        for v in LSM6Variant.allCases { m[v.rawValue] = "\(v.chipName) at WHO_AM_I \(hex(LSM6Register.whoAmI))" }
        return m
    }

    /// Identifies the chip at `address` (nil if it acknowledges but is none of ours). Throws only bus errors.
    public static func identify(bus: I2CBus, address: UInt8) throws -> (name: String, make: (MonotonicClock, IMUAcquisitionMode) -> IMUDevice)? {
        if let who = try? bus.readByteData(address: address, register: MPURegister.whoAmI),
           let v = MPUVariant(rawValue: who) {
            return (v.chipName, { MPUIMU(bus: bus, address: address, variant: v, clock: $0, mode: $1) })
        }
        let who = try bus.readByteData(address: address, register: LSM6Register.whoAmI)
        if let v = LSM6Variant(rawValue: who) {
            return (v.chipName, { LSM6IMU(bus: bus, address: address, variant: v, clock: $0, mode: $1) })
        }
        return nil
    }

    /// Auto-detects an IMU at `addresses` on `bus`, returns it unconfigured (the sample source calls `configure()`).
    /// Nothing answers → `noDeviceAt` listing what did answer; an unknown ID → `unknownChip` with the value read.
    public static func detect(bus: I2CBus, addresses: [UInt8] = candidateAddresses, clock: MonotonicClock,
                              mode: IMUAcquisitionMode = .fifo(batchSeconds: defaultBatchSeconds)) throws -> IMUDevice {
        var unknown: (address: UInt8, register: UInt8, value: UInt8)?
        for address in addresses {
            do {
                if let found = try identify(bus: bus, address: address) { return found.make(clock, mode) }
                // Report the ID register a chip at this address would most likely have: LSM6 at 0x6A/0x6B.
                let reg = (0x6A...0x6B).contains(address) ? LSM6Register.whoAmI : MPURegister.whoAmI
                let value = (try? bus.readByteData(address: address, register: reg)) ?? 0
                unknown = unknown ?? (address, reg, value)
            } catch let e as I2CError where e.isNoAcknowledge {
                continue
            }
        }
        if let unknown {
            throw SensorIOError.unknownChip(bus: bus.name, address: unknown.address, register: unknown.register,
                                            read: unknown.value, expected: expectedIDs)
        }
        throw SensorIOError.noDeviceAt(bus: bus.name, address: addresses.first ?? 0x68, answered: bus.scan())
    }
}
