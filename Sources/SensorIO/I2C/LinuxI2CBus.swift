#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// /dev/i2c-N through i2c-dev and libi2c. Every syscall goes through `I2CSysCalls`; every failure becomes a typed
/// error value (never a trap), and the address is only re-selected (ioctl I2C_SLAVE) when it changes.
/// Not thread-safe: one reading loop owns a bus.
public final class LinuxI2CBus: I2CBus {
    public let path: String
    public let name: String
    public let supportsBlockRead: Bool
    private let sys: I2CSysCalls
    private var fd: Int32
    private var selectedAddress: UInt8?

    /// I2C_FUNC_SMBUS_READ_I2C_BLOCK from <linux/i2c.h>.
    static let funcReadI2CBlock = 0x0400_0000
    /// Transient errnos worth one more try before reporting (EINTR: a signal; EAGAIN: arbitration lost, i2c-dev
    /// documentation "Implementing I2C device drivers" / fault codes: "EAGAIN ... arbitration lost").
    private static let retryable: Set<Int32> = [Errno.interrupted.rawValue, Errno.resourceTemporarilyUnavailable.rawValue]

    /// Opens `/dev/i2c-<busNumber>`.
    public convenience init(busNumber: Int, sys: I2CSysCalls = .live) throws {
        try self.init(path: "/dev/i2c-\(busNumber)", sys: sys)
    }

    /// Opens a bus device node. Missing node → `busNotFound`/`noI2CBuses` with the enable-I2C fix; EACCES →
    /// `permissionDenied` with the group fix.
    public init(path: String, sys: I2CSysCalls = .live) throws {
        self.path = path
        self.sys = sys
        self.name = path.split(separator: "/").last.map(String.init) ?? path
        let rc = sys.open(path, O_RDWR | O_CLOEXEC)
        if rc < 0 {
            let errno = Errno(rawValue: -rc)
            switch errno {
            case .noSuchFileOrDirectory, Errno(rawValue: ENODEV):
                let available = I2CBusDiscovery.busPaths(sys: sys)
                if available.isEmpty { throw SensorIOError.noI2CBuses }
                throw SensorIOError.busNotFound(path: path, available: available)
            case .permissionDenied, .notPermitted:
                throw SensorIOError.permissionDenied(path: path)
            default:
                throw SensorIOError.transfer(I2CError(errno: errno, operation: "open", bus: path))
            }
        }
        fd = rc
        let funcs = sys.functionality(rc)
        // If I2C_FUNCS fails, assume the minimum (byte data) rather than refuse to work.
        supportsBlockRead = funcs >= 0 && (funcs & Self.funcReadI2CBlock) != 0
    }

    deinit { if fd >= 0 { _ = sys.close(fd) } }

    /// Closes the device node; later calls fail with EBADF instead of touching a reused descriptor.
    public func close() {
        if fd >= 0 { _ = sys.close(fd) }
        fd = -1
        selectedAddress = nil
    }

    private func select(_ address: UInt8, _ op: String) throws {
        if selectedAddress == address { return }
        let rc = sys.setSlaveAddress(fd, address)
        if rc < 0 {
            selectedAddress = nil
            // EBUSY: a kernel driver owns this address (e.g. an IIO driver bound to the MPU).
            throw I2CError(errno: Errno(rawValue: -rc), operation: "\(op) (select address)", bus: name, address: address)
        }
        selectedAddress = address
    }

    /// Runs one SMBus call, retrying transient errnos once.
    private func perform(_ op: String, _ address: UInt8, _ register: UInt8?, _ call: () -> Int32) throws -> Int32 {
        try select(address, op)
        var rc = call()
        var tries = 1
        while rc < 0 && Self.retryable.contains(-rc) && tries < 3 {
            rc = call()
            tries += 1
        }
        if rc < 0 {
            throw I2CError(errno: Errno(rawValue: -rc), operation: op, bus: name, address: address, register: register)
        }
        return rc
    }

    public func receiveByte(address: UInt8) throws -> UInt8 {
        UInt8(truncatingIfNeeded: try perform("receive byte", address, nil) { sys.readByte(fd) })
    }

    public func readByteData(address: UInt8, register: UInt8) throws -> UInt8 {
        UInt8(truncatingIfNeeded: try perform("read byte", address, register) { sys.readByteData(fd, register) })
    }

    public func writeByteData(address: UInt8, register: UInt8, value: UInt8) throws {
        _ = try perform("write byte", address, register) { sys.writeByteData(fd, register, value) }
    }

    public func readWordData(address: UInt8, register: UInt8) throws -> UInt16 {
        UInt16(truncatingIfNeeded: try perform("read word", address, register) { sys.readWordData(fd, register) })
    }

    public func writeWordData(address: UInt8, register: UInt8, value: UInt16) throws {
        _ = try perform("write word", address, register) { sys.writeWordData(fd, register, value) }
    }

    public func readBlock(address: UInt8, register: UInt8, count: Int) throws -> [UInt8] {
        guard count >= 1 && count <= i2cBlockMaxBytes else {  // SMBus block transfers carry 1...32 bytes
            throw I2CError(errno: .invalidArgument, operation: "block read of \(count) bytes", bus: name,
                           address: address, register: register)
        }
        var buffer = [UInt8](repeating: 0, count: count)
        let got = try buffer.withUnsafeMutableBufferPointer { buf in
            try perform("block read", address, register) { sys.readI2CBlockData(fd, register, buf) }
        }
        if Int(got) != count {
            // A short read would silently mix old and new bytes: report it as an I/O error instead.
            throw I2CError(errno: .ioError, operation: "block read (\(got) of \(count) bytes)", bus: name,
                           address: address, register: register)
        }
        return buffer
    }
}

/// Finds the I2C buses present on this machine.
public enum I2CBusDiscovery {
    /// `/dev/i2c-N` paths, sorted by N.
    public static func busPaths(sys: I2CSysCalls = .live, devDirectory: String = "/dev") -> [String] {
        let names = sys.listDirectory(devDirectory) ?? []
        let numbers = names.compactMap { name -> Int? in
            guard name.hasPrefix("i2c-") else { return nil }
            return Int(name.dropFirst(4))
        }
        return numbers.sorted().map { "\(devDirectory)/i2c-\($0)" }
    }

    /// Opens every bus present (or only `busNumbers` when given). No buses at all → the enable-I2C error.
    public static func openBuses(_ busNumbers: [Int] = [], sys: I2CSysCalls = .live) throws -> [LinuxI2CBus] {
        if busNumbers.isEmpty {
            let paths = busPaths(sys: sys)
            if paths.isEmpty { throw SensorIOError.noI2CBuses }
            return try paths.map { try LinuxI2CBus(path: $0, sys: sys) }
        }
        return try busNumbers.map { try LinuxI2CBus(busNumber: $0, sys: sys) }
    }
}
