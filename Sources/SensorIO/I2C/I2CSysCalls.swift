#if canImport(Glibc)
import Glibc
#endif
import CGPIOD
import SystemPackage

/// Every system call the I2C layer makes, as replaceable function values (the approach apple/swift-system takes
/// for its own syscall mocking): tests swap one out to force any errno without hardware. Like swift-system, every
/// entry returns `Result<T, Errno>` and descriptors are `FileDescriptor`s; retrying is the caller's business
/// (`SysCallRetry`), so a test sees every attempt.
public struct I2CSysCalls: Sendable {
    /// Opens a bus device node for reading and writing, close-on-exec.
    public var open: @Sendable (_ path: String) -> Result<FileDescriptor, Errno>
    public var close: @Sendable (_ fd: FileDescriptor) -> Result<Void, Errno>
    /// ioctl(fd, I2C_SLAVE, address).
    public var setSlaveAddress: @Sendable (_ fd: FileDescriptor, _ address: UInt8) -> Result<Void, Errno>
    /// ioctl(fd, I2C_FUNCS): the adapter's I2C_FUNC_* bits.
    public var functionality: @Sendable (_ fd: FileDescriptor) -> Result<UInt, Errno>
    /// SMBus receive byte (a read with no register).
    public var readByte: @Sendable (_ fd: FileDescriptor) -> Result<UInt8, Errno>
    public var readByteData: @Sendable (_ fd: FileDescriptor, _ register: UInt8) -> Result<UInt8, Errno>
    public var writeByteData: @Sendable (_ fd: FileDescriptor, _ register: UInt8, _ value: UInt8) -> Result<Void, Errno>
    public var readWordData: @Sendable (_ fd: FileDescriptor, _ register: UInt8) -> Result<UInt16, Errno>
    public var writeWordData: @Sendable (_ fd: FileDescriptor, _ register: UInt8, _ value: UInt16) -> Result<Void, Errno>
    /// SMBus I2C block read into the buffer: the number of bytes read.
    public var readI2CBlockData:
        @Sendable (_ fd: FileDescriptor, _ register: UInt8, _ buffer: UnsafeMutableBufferPointer<UInt8>) -> Result<Int, Errno>
    /// Names in a directory (for finding /dev/i2c-*), without "." and "..".
    public var listDirectory: @Sendable (_ path: String) -> Result<[String], Errno>

    public init(
        open: @escaping @Sendable (String) -> Result<FileDescriptor, Errno>,
        close: @escaping @Sendable (FileDescriptor) -> Result<Void, Errno>,
        setSlaveAddress: @escaping @Sendable (FileDescriptor, UInt8) -> Result<Void, Errno>,
        functionality: @escaping @Sendable (FileDescriptor) -> Result<UInt, Errno>,
        readByte: @escaping @Sendable (FileDescriptor) -> Result<UInt8, Errno>,
        readByteData: @escaping @Sendable (FileDescriptor, UInt8) -> Result<UInt8, Errno>,
        writeByteData: @escaping @Sendable (FileDescriptor, UInt8, UInt8) -> Result<Void, Errno>,
        readWordData: @escaping @Sendable (FileDescriptor, UInt8) -> Result<UInt16, Errno>,
        writeWordData: @escaping @Sendable (FileDescriptor, UInt8, UInt16) -> Result<Void, Errno>,
        readI2CBlockData: @escaping @Sendable (FileDescriptor, UInt8, UnsafeMutableBufferPointer<UInt8>) -> Result<Int, Errno>,
        listDirectory: @escaping @Sendable (String) -> Result<[String], Errno>
    ) {
        self.open = open; self.close = close; self.setSlaveAddress = setSlaveAddress
        self.functionality = functionality; self.readByte = readByte; self.readByteData = readByteData
        self.writeByteData = writeByteData; self.readWordData = readWordData; self.writeWordData = writeWordData
        self.readI2CBlockData = readI2CBlockData; self.listDirectory = listDirectory
    }

    /// The real thing: swift-system's open/close, the i2c-dev ioctls through the CGPIOD shim, libi2c's SMBus helpers.
    public static let live = I2CSysCalls(
        open: { path in
            Result { try FileDescriptor.open(path, .readWrite, options: .closeOnExec, retryOnInterrupt: false) }
                .mapError(asErrno)
        },
        close: { fd in Result { try fd.close() }.mapError(asErrno) },
        setSlaveAddress: { fd, address in
            rm_i2c_set_slave_address(fd.rawValue, address) == 0 ? .success(()) : .failure(Errno(rawValue: Glibc.errno))
        },
        functionality: { fd in
            var funcs: CUnsignedLong = 0
            guard rm_i2c_functionality(fd.rawValue, &funcs) == 0 else { return .failure(Errno(rawValue: Glibc.errno)) }
            return .success(UInt(funcs))
        },
        readByte: { fd in smbus(i2c_smbus_read_byte(fd.rawValue)).map { UInt8(truncatingIfNeeded: $0) } },
        readByteData: { fd, reg in smbus(i2c_smbus_read_byte_data(fd.rawValue, reg)).map { UInt8(truncatingIfNeeded: $0) } },
        writeByteData: { fd, reg, value in smbus(i2c_smbus_write_byte_data(fd.rawValue, reg, value)).map { _ in () } },
        readWordData: { fd, reg in smbus(i2c_smbus_read_word_data(fd.rawValue, reg)).map { UInt16(truncatingIfNeeded: $0) } },
        writeWordData: { fd, reg, value in smbus(i2c_smbus_write_word_data(fd.rawValue, reg, value)).map { _ in () } },
        readI2CBlockData: { fd, reg, buffer in
            smbus(i2c_smbus_read_i2c_block_data(fd.rawValue, reg, UInt8(buffer.count), buffer.baseAddress)).map(Int.init)
        },
        listDirectory: { path in directoryEntryNames(path) }
    )
}

/// libi2c's SMBus helpers return the value read (or 0) on success and `-errno` on failure (i2c-tools lib/smbus.c).
private func smbus(_ rc: Int32) -> Result<Int32, Errno> {
    rc < 0 ? .failure(Errno(rawValue: -rc)) : .success(rc)
}

/// swift-system throws only `Errno`; anything else would be a bug in it, reported as EIO rather than trapping.
private func asErrno(_ error: any Error) -> Errno { error as? Errno ?? .ioError }
