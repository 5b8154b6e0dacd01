/// A bus whose transfers survive one glitch: each SMBus transfer that fails with a transient bus error is made
/// again under `SysCallRetry.runTransfer` (the one retry rule) and counted. `live` and `demo` put their sensors
/// behind one, so a noisy wire costs a retry instead of a lost and re-initialised chip; `probe` and `doctor` scan
/// the bare bus (an address that does not acknowledge is the answer there).
///
/// A FIFO data port (`readPort`) is read block by block, each retried only when no byte moved (a NACK): after an
/// EIO mid-read the bytes already clocked out of the FIFO are gone and reading again would start mid-frame, so that
/// error stands and the driver's own recovery handles it (the MPU's: back to a frame boundary by the FIFO count, or a
/// FIFO reset).
public final class RetryingI2CBus: I2CBus {
    public let wrapped: I2CBus
    /// Transfers made again after a transient error, since the start.
    public private(set) var retriedTransfers = 0

    public init(_ bus: I2CBus) { wrapped = bus }

    public var name: String { wrapped.name }
    public var supportsBlockRead: Bool { wrapped.supportsBlockRead }

    private func transfer<T>(consumes: Bool = false, _ call: () throws -> T) throws -> T {
        try SysCallRetry.runTransfer(consumes: consumes, call, retried: { retriedTransfers += 1 })
    }

    public func receiveByte(address: UInt8) throws -> UInt8 { try transfer { try wrapped.receiveByte(address: address) } }

    public func readByteData(address: UInt8, register: UInt8) throws -> UInt8 {
        try transfer { try wrapped.readByteData(address: address, register: register) }
    }

    public func writeByteData(address: UInt8, register: UInt8, value: UInt8) throws {
        try transfer { try wrapped.writeByteData(address: address, register: register, value: value) }
    }

    public func readWordData(address: UInt8, register: UInt8) throws -> UInt16 {
        try transfer { try wrapped.readWordData(address: address, register: register) }
    }

    public func writeWordData(address: UInt8, register: UInt8, value: UInt16) throws {
        try transfer { try wrapped.writeWordData(address: address, register: register, value: value) }
    }

    public func readBlock(address: UInt8, register: UInt8, count: Int) throws -> [UInt8] {
        try transfer { try wrapped.readBlock(address: address, register: register, count: count) }
    }

    public func readPort(address: UInt8, register: UInt8, count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            let n = min(supportsBlockRead ? i2cBlockMaxBytes : 1, count - out.count)
            out += try transfer(consumes: true) { try wrapped.readPort(address: address, register: register, count: n) }
        }
        return out
    }
}
