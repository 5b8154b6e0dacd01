import SystemPackage

/// /dev/i2c-N through i2c-dev and libi2c. Every syscall goes through `I2CSysCalls`; every failure becomes a typed
/// error value (never a trap), and the address is only re-selected (ioctl I2C_SLAVE) when it changes.
/// Not thread-safe: one reading loop owns a bus.
public final class LinuxI2CBus: I2CBus {
    public let path: String
    public let name: String
    public let supportsBlockRead: Bool
    private let sys: I2CSysCalls
    /// The open device node, nil once `close()` ran.
    private var fd: FileDescriptor?
    private var selectedAddress: UInt8?

    /// I2C_FUNC_SMBUS_READ_I2C_BLOCK from <linux/i2c.h>.
    static let funcReadI2CBlock: UInt = 0x0400_0000

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
        switch SysCallRetry.run({ sys.open(path) }) {
        case let .success(fd):
            self.fd = fd
            // If I2C_FUNCS fails, assume the minimum (byte data) rather than refuse to work.
            let funcs = (try? SysCallRetry.run({ sys.functionality(fd) }).get()) ?? 0
            supportsBlockRead = funcs & Self.funcReadI2CBlock != 0
        case let .failure(errno):
            switch errno {
            case .noSuchFileOrDirectory, .operationNotSupportedByDevice:  // ENOENT, ENODEV
                let available = I2CBusDiscovery.busPaths(sys: sys)
                if available.isEmpty { throw SensorIOError.noI2CBuses }
                throw SensorIOError.busNotFound(path: path, available: available)
            case .permissionDenied, .notPermitted:
                throw SensorIOError.permissionDenied(path: path)
            default:
                throw SensorIOError.transfer(I2CError(errno: errno, operation: "open", bus: path))
            }
        }
    }

    deinit { if let fd { _ = sys.close(fd) } }

    /// Closes the device node; later calls fail with EBADF instead of touching a reused descriptor.
    public func close() {
        if let fd { _ = sys.close(fd) }
        fd = nil
        selectedAddress = nil
    }

    private func select(_ fd: FileDescriptor, _ address: UInt8, _ op: String) throws {
        if selectedAddress == address { return }
        if case let .failure(errno) = SysCallRetry.run({ sys.setSlaveAddress(fd, address) }) {
            selectedAddress = nil
            // EBUSY: a kernel driver owns this address (e.g. an IIO driver bound to the MPU).
            throw I2CError(errno: errno, operation: "\(op) (select address)", bus: name, address: address)
        }
        selectedAddress = address
    }

    /// Runs one SMBus call on `address` (selecting it first), under the shared retry policy.
    private func perform<T>(_ op: String, _ address: UInt8, _ register: UInt8?,
                            _ call: (FileDescriptor) -> Result<T, Errno>) throws -> T {
        guard let fd else {
            throw I2CError(errno: .badFileDescriptor, operation: op, bus: name, address: address, register: register)
        }
        try select(fd, address, op)
        switch SysCallRetry.run({ call(fd) }) {
        case let .success(value): return value
        case let .failure(errno):
            throw I2CError(errno: errno, operation: op, bus: name, address: address, register: register)
        }
    }

    public func receiveByte(address: UInt8) throws -> UInt8 {
        try perform("receive byte", address, nil) { sys.readByte($0) }
    }

    public func readByteData(address: UInt8, register: UInt8) throws -> UInt8 {
        try perform("read byte", address, register) { sys.readByteData($0, register) }
    }

    public func writeByteData(address: UInt8, register: UInt8, value: UInt8) throws {
        try perform("write byte", address, register) { sys.writeByteData($0, register, value) }
    }

    public func readWordData(address: UInt8, register: UInt8) throws -> UInt16 {
        try perform("read word", address, register) { sys.readWordData($0, register) }
    }

    public func writeWordData(address: UInt8, register: UInt8, value: UInt16) throws {
        try perform("write word", address, register) { sys.writeWordData($0, register, value) }
    }

    public func readBlock(address: UInt8, register: UInt8, count: Int) throws -> [UInt8] {
        guard count >= 1 && count <= i2cBlockMaxBytes else {  // SMBus block transfers carry 1...32 bytes
            throw I2CError(errno: .invalidArgument, operation: "block read of \(count) bytes", bus: name,
                           address: address, register: register)
        }
        var buffer = [UInt8](repeating: 0, count: count)
        let got = try buffer.withUnsafeMutableBufferPointer { buf in
            try perform("block read", address, register) { sys.readI2CBlockData($0, register, buf) }
        }
        if got != count {
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
        let names = (try? sys.listDirectory(devDirectory).get()) ?? []
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
