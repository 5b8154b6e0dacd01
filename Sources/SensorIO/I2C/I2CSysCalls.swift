#if canImport(Glibc)
import Glibc
#endif
import CGPIOD

/// Every system call the I2C layer makes, as replaceable function values (the approach apple/swift-system takes
/// for its own syscall mocking): tests swap one out to force any errno without hardware. All of them return a
/// non-negative result or `-errno`, which is also libi2c's own convention for the SMBus helpers.
public struct I2CSysCalls: Sendable {
    public var open: @Sendable (_ path: String, _ flags: Int32) -> Int32
    public var close: @Sendable (_ fd: Int32) -> Int32
    /// ioctl(fd, I2C_SLAVE, address).
    public var setSlaveAddress: @Sendable (_ fd: Int32, _ address: UInt8) -> Int32
    /// ioctl(fd, I2C_FUNCS): the adapter's functionality bits, or -errno.
    public var functionality: @Sendable (_ fd: Int32) -> Int
    public var readByte: @Sendable (_ fd: Int32) -> Int32
    public var readByteData: @Sendable (_ fd: Int32, _ register: UInt8) -> Int32
    public var writeByteData: @Sendable (_ fd: Int32, _ register: UInt8, _ value: UInt8) -> Int32
    public var readWordData: @Sendable (_ fd: Int32, _ register: UInt8) -> Int32
    public var writeWordData: @Sendable (_ fd: Int32, _ register: UInt8, _ value: UInt16) -> Int32
    /// i2c_smbus_read_i2c_block_data: bytes read into the buffer, or -errno.
    public var readI2CBlockData: @Sendable (_ fd: Int32, _ register: UInt8, _ buffer: UnsafeMutableBufferPointer<UInt8>) -> Int32
    /// Names in a directory (for finding /dev/i2c-*), or nil if it can't be listed.
    public var listDirectory: @Sendable (_ path: String) -> [String]?

    public init(
        open: @escaping @Sendable (String, Int32) -> Int32,
        close: @escaping @Sendable (Int32) -> Int32,
        setSlaveAddress: @escaping @Sendable (Int32, UInt8) -> Int32,
        functionality: @escaping @Sendable (Int32) -> Int,
        readByte: @escaping @Sendable (Int32) -> Int32,
        readByteData: @escaping @Sendable (Int32, UInt8) -> Int32,
        writeByteData: @escaping @Sendable (Int32, UInt8, UInt8) -> Int32,
        readWordData: @escaping @Sendable (Int32, UInt8) -> Int32,
        writeWordData: @escaping @Sendable (Int32, UInt8, UInt16) -> Int32,
        readI2CBlockData: @escaping @Sendable (Int32, UInt8, UnsafeMutableBufferPointer<UInt8>) -> Int32,
        listDirectory: @escaping @Sendable (String) -> [String]?
    ) {
        self.open = open; self.close = close; self.setSlaveAddress = setSlaveAddress
        self.functionality = functionality; self.readByte = readByte; self.readByteData = readByteData
        self.writeByteData = writeByteData; self.readWordData = readWordData; self.writeWordData = writeWordData
        self.readI2CBlockData = readI2CBlockData; self.listDirectory = listDirectory
    }

    /// The real thing: libc open/close/ioctl and libi2c's SMBus helpers.
    public static let live = I2CSysCalls(
        open: { path, flags in
            let fd = Glibc.open(path, flags)
            return fd >= 0 ? fd : -Glibc.errno
        },
        close: { fd in Glibc.close(fd) == 0 ? 0 : -Glibc.errno },
        setSlaveAddress: { fd, address in
            ioctlULong(fd, UInt(I2C_SLAVE), UInt(address)) >= 0 ? 0 : -Glibc.errno
        },
        functionality: { fd in
            var funcs: CUnsignedLong = 0
            let rc = withUnsafeMutablePointer(to: &funcs) { ioctlPointer(fd, UInt(I2C_FUNCS), UnsafeMutableRawPointer($0)) }
            return rc >= 0 ? Int(funcs) : -Int(Glibc.errno)
        },
        readByte: { fd in i2c_smbus_read_byte(fd) },
        readByteData: { fd, reg in i2c_smbus_read_byte_data(fd, reg) },
        writeByteData: { fd, reg, value in i2c_smbus_write_byte_data(fd, reg, value) },
        readWordData: { fd, reg in i2c_smbus_read_word_data(fd, reg) },
        writeWordData: { fd, reg, value in i2c_smbus_write_word_data(fd, reg, value) },
        readI2CBlockData: { fd, reg, buffer in
            i2c_smbus_read_i2c_block_data(fd, reg, UInt8(buffer.count), buffer.baseAddress)
        },
        listDirectory: { path in
            guard let dir = opendir(path) else { return nil }
            defer { closedir(dir) }
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                names.append(name)
            }
            return names
        }
    )
}

// Swift can't call C variadic functions, and ioctl(2) is declared variadic. On Linux (x86-64 SysV and AArch64
// AAPCS64 alike) a variadic call with one integer/pointer argument passes it in the same register as a fixed
// argument, so calling glibc's ioctl through a fixed-signature pointer is ABI-compatible. (A non-variadic inline
// wrapper in the CGPIOD shim header would be the cleaner fix; see the report.)
private typealias IoctlULong = @convention(c) (Int32, UInt, UInt) -> Int32
private typealias IoctlPointer = @convention(c) (Int32, UInt, UnsafeMutableRawPointer?) -> Int32
nonisolated(unsafe) private let ioctlSymbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "ioctl")

private func ioctlULong(_ fd: Int32, _ request: UInt, _ arg: UInt) -> Int32 {
    guard let sym = ioctlSymbol else { Glibc.errno = ENOSYS; return -1 }
    return unsafeBitCast(sym, to: IoctlULong.self)(fd, request, arg)
}

private func ioctlPointer(_ fd: Int32, _ request: UInt, _ arg: UnsafeMutableRawPointer?) -> Int32 {
    guard let sym = ioctlSymbol else { Glibc.errno = ENOSYS; return -1 }
    return unsafeBitCast(sym, to: IoctlPointer.self)(fd, request, arg)
}
