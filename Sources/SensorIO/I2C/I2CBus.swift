/// SMBus-level access to one I2C bus, the subset every supported chip needs. Implemented by `LinuxI2CBus`
/// (/dev/i2c-N through libi2c) and by SensorModels' `ModelI2CBus`. All methods throw `I2CError` and never trap.
///
/// Only SMBus transactions are used (no I2C_RDWR), so the same code runs against the kernel's i2c-stub.
public protocol I2CBus: AnyObject {
    /// "i2c-1" style name used in messages and `rollmon probe` output.
    var name: String { get }
    /// Whether `readBlock` works (I2C_FUNC_SMBUS_READ_I2C_BLOCK). When false, drivers fall back to byte reads.
    var supportsBlockRead: Bool { get }
    /// SMBus "receive byte": a read with no register; used to scan for devices that acknowledge.
    func receiveByte(address: UInt8) throws -> UInt8
    func readByteData(address: UInt8, register: UInt8) throws -> UInt8
    func writeByteData(address: UInt8, register: UInt8, value: UInt8) throws
    /// SMBus read word: the first byte on the wire is the low byte of the result (SMBus 3.1 spec, "Read Word" protocol). Chips with
    /// big-endian 16-bit registers (ADS1115) must swap.
    func readWordData(address: UInt8, register: UInt8) throws -> UInt16
    func writeWordData(address: UInt8, register: UInt8, value: UInt16) throws
    /// SMBus "I2C block read": write `register`, repeated start, read `count` (1...32) bytes in one transfer, so all
    /// bytes come from one coherent burst.
    func readBlock(address: UInt8, register: UInt8, count: Int) throws -> [UInt8]
    /// Reads `count` bytes from a register that does not auto-increment (a FIFO data port). A requirement with a
    /// default (below) so `RetryingI2CBus` can leave it alone: each byte read from a port is consumed.
    func readPort(address: UInt8, register: UInt8, count: Int) throws -> [UInt8]
}

/// Largest I2C block transfer SMBus allows (I2C_SMBUS_BLOCK_MAX in <linux/i2c.h>).
public let i2cBlockMaxBytes = 32

extension I2CBus {
    /// Reads `count` bytes starting at `register`: one block transfer when possible, several ≤32-byte blocks for
    /// longer runs, or single-byte reads on buses that can't do block reads (then coherence depends on the chip's
    /// own latching, e.g. LSM6 BDU).
    public func readRegisters(address: UInt8, register: UInt8, count: Int) throws -> [UInt8] {
        if supportsBlockRead {
            var out: [UInt8] = []
            out.reserveCapacity(count)
            var reg = Int(register)
            while out.count < count {
                let n = min(i2cBlockMaxBytes, count - out.count)
                out += try readBlock(address: address, register: UInt8(truncatingIfNeeded: reg), count: n)
                reg += n
            }
            return out
        }
        return try (0..<count).map { try readByteData(address: address, register: register &+ UInt8($0)) }
    }

    /// Reads `count` bytes from a register that does not auto-increment (a FIFO data port), in ≤32-byte blocks.
    public func readPort(address: UInt8, register: UInt8, count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            let n = min(i2cBlockMaxBytes, count - out.count)
            if supportsBlockRead {
                out += try readBlock(address: address, register: register, count: n)
            } else {
                for _ in 0..<n { out.append(try readByteData(address: address, register: register)) }
            }
        }
        return out
    }

    /// Addresses 0x08...0x77 that acknowledge a receive-byte (the non-reserved 7-bit range, I2C-bus spec UM10204
    /// §3.1.12 table 4). Receive-byte is harmless for every chip rollmon supports.
    public func scan() -> [UInt8] {
        (UInt8(0x08)...UInt8(0x77)).filter { (try? receiveByte(address: $0)) != nil }
    }
}
