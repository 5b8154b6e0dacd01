import SensorIO
import SystemPackage

/// A chip as seen from the I2C wire: a write transfer (the bytes after the address byte) and a read transfer
/// (continuing from the chip's internal register pointer), each at a point in (virtual) time.
public protocol I2CDeviceModel: AnyObject {
    func write(_ bytes: [UInt8], atSeconds t: Double)
    func read(count: Int, atSeconds t: Double) -> [UInt8]
    /// Back to power-on register values (a brown-out, or the chip's own reset command).
    func powerOnReset(atSeconds t: Double)
}

/// A simulated I2C bus holding device models at addresses, with fault injection. SMBus calls are translated into
/// the wire transfers a real adapter would make (SMBus 3.1 spec, bus protocols chapter): e.g. read-byte-data = write [reg], repeated
/// start, read 1. Every transaction takes its real time on the virtual clock at `clockHz` (`I2CWireTiming`: 9 SCL
/// periods per byte plus the START / repeated START / STOP and bus-free times of UM10204), and the chip sees its
/// bytes at the end of it; so a driver that asks more of the bus than it carries falls behind its chip, as on a
/// real Pi (a 100 kHz bus cannot drain a 1 kHz FIFO: it overflows).
public final class ModelI2CBus: I2CBus {
    public let name: String
    public var supportsBlockRead: Bool
    public let clock: VirtualClock
    /// SCL frequency; Raspberry Pi default is 100 kHz, `dtparam=i2c_arm_baudrate=400000` gives fast mode.
    public var clockHz: Double
    /// Bus time spent in transactions so far (for tests that compare it with `BusBudget`).
    public private(set) var busySeconds = 0.0
    private var devices: [UInt8: I2CDeviceModel] = [:]
    private var disconnected: Set<UInt8> = []
    private var failures: [UInt8: (remaining: Int, errno: Errno)] = [:]
    /// Every transfer while `logging` is on, for tests that check what a driver wrote (off by default so a long
    /// demo session doesn't accumulate millions of entries).
    public private(set) var log: [(address: UInt8, write: [UInt8]?, readCount: Int?)] = []
    public var logging = false
    /// Faults that strike by time (unplugged chips, EIO noise, host stalls): see `ScheduledBusFaults`.
    public var scheduledFaults = ScheduledBusFaults()

    public init(name: String = "i2c-1", clock: VirtualClock, clockHz: Double = 400_000, supportsBlockRead: Bool = true) {
        self.name = name; self.clock = clock; self.clockHz = clockHz; self.supportsBlockRead = supportsBlockRead
    }

    public func attach(_ device: I2CDeviceModel, at address: UInt8) { devices[address] = device }
    public func device(at address: UInt8) -> I2CDeviceModel? { devices[address] }

    /// The chip stops acknowledging (wire pulled, power lost): every transfer fails with ENXIO until `reconnect`.
    public func disconnect(_ address: UInt8) { disconnected.insert(address) }

    /// The chip answers again; with `powerCycled` its registers are back at power-on defaults (it lost power).
    public func reconnect(_ address: UInt8, powerCycled: Bool = true) {
        disconnected.remove(address)
        if powerCycled { devices[address]?.powerOnReset(atSeconds: clock.nowSeconds()) }
    }

    /// The next `count` transfers to `address` fail with `errno` (EIO: a glitch on SDA/SCL).
    public func failNext(_ count: Int, at address: UInt8, errno: Errno = .ioError) {
        failures[address] = (count, errno)
    }

    public func clearLog() { log.removeAll() }

    // MARK: wire level

    private func transfer(_ address: UInt8, _ transaction: SMBusTransaction, op: String, register: UInt8?) throws -> I2CDeviceModel {
        let seconds = I2CWireTiming(clockHz: clockHz).seconds(for: transaction)
        clock.advance(bySeconds: seconds)
        busySeconds += seconds
        if !scheduledFaults.isEmpty, let errno = scheduledFaults.apply(address: address, clock: clock, devices: devices) {
            throw I2CError(errno: errno, operation: op, bus: name, address: address, register: register)
        }
        if var f = failures[address], f.remaining > 0 {
            f.remaining -= 1
            failures[address] = f.remaining > 0 ? f : nil
            throw I2CError(errno: f.errno, operation: op, bus: name, address: address, register: register)
        }
        guard let device = devices[address], !disconnected.contains(address) else {
            throw I2CError(errno: .noSuchAddressOrDevice, operation: op, bus: name, address: address, register: register)
        }
        return device
    }

    private func writeThenRead(_ address: UInt8, _ register: UInt8, _ transaction: SMBusTransaction, count: Int,
                               op: String) throws -> [UInt8] {
        let device = try transfer(address, transaction, op: op, register: register)
        let t = clock.nowSeconds()
        device.write([register], atSeconds: t)
        if logging { log.append((address, [register], count)) }
        return device.read(count: count, atSeconds: t)
    }

    private func writeOnly(_ address: UInt8, _ bytes: [UInt8], _ transaction: SMBusTransaction, op: String) throws {
        let device = try transfer(address, transaction, op: op, register: bytes.first)
        device.write(bytes, atSeconds: clock.nowSeconds())
        if logging { log.append((address, bytes, nil)) }
    }

    // MARK: I2CBus

    public func receiveByte(address: UInt8) throws -> UInt8 {
        let device = try transfer(address, .receiveByte, op: "receive byte", register: nil)
        if logging { log.append((address, nil, 1)) }
        return device.read(count: 1, atSeconds: clock.nowSeconds())[0]
    }

    public func readByteData(address: UInt8, register: UInt8) throws -> UInt8 {
        try writeThenRead(address, register, .readByte, count: 1, op: "read byte")[0]
    }

    public func writeByteData(address: UInt8, register: UInt8, value: UInt8) throws {
        try writeOnly(address, [register, value], .writeByte, op: "write byte")
    }

    public func readWordData(address: UInt8, register: UInt8) throws -> UInt16 {
        let b = try writeThenRead(address, register, .readWord, count: 2, op: "read word")
        return UInt16(b[0]) | UInt16(b[1]) << 8  // SMBus: first byte on the wire is the low byte
    }

    public func writeWordData(address: UInt8, register: UInt8, value: UInt16) throws {
        try writeOnly(address, [register, UInt8(value & 0xFF), UInt8(value >> 8)], .writeWord, op: "write word")
    }

    public func readBlock(address: UInt8, register: UInt8, count: Int) throws -> [UInt8] {
        guard supportsBlockRead else {
            throw I2CError(errno: .notSupported, operation: "block read", bus: name, address: address, register: register)
        }
        guard count >= 1 && count <= i2cBlockMaxBytes else {
            throw I2CError(errno: .invalidArgument, operation: "block read", bus: name, address: address, register: register)
        }
        return try writeThenRead(address, register, .readBlock(count), count: count, op: "block read")
    }
}
