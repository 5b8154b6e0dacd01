#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a `TraceWriter`'s bytes go: `write(2)` and `fsync(2)` on its descriptor, in the kernel's convention (a count,
/// or `-errno`; 0 or `-errno`). Replaceable so the hardware-free demo can make the disk fill up at a chosen moment
/// (`rollmon demo --fault disk-full@T`) and the real writer meets ENOSPC exactly as on a full SD card.
public struct TraceWritePath: Sendable {
    public var write: @Sendable (_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int
    public var fsync: @Sendable (_ fd: Int32) -> Int32

    public init(write: @escaping @Sendable (Int32, UnsafeRawBufferPointer) -> Int,
                fsync: @escaping @Sendable (Int32) -> Int32) {
        self.write = write; self.fsync = fsync
    }

    /// The real system calls.
    public static let posix = TraceWritePath(
        write: { fd, bytes in
            let n = systemWrite(fd, bytes.baseAddress, bytes.count)
            return n < 0 ? -Int(errno) : n
        },
        fsync: { fd in systemFsync(fd) == 0 ? 0 : -errno })

    /// `base`, except that from the moment `isFull()` turns true every write and fsync fails with ENOSPC.
    public static func filling(_ base: TraceWritePath = .posix, isFull: @escaping @Sendable () -> Bool) -> TraceWritePath {
        TraceWritePath(write: { fd, bytes in isFull() ? -Int(ENOSPC) : base.write(fd, bytes) },
                       fsync: { fd in isFull() ? -ENOSPC : base.fsync(fd) })
    }
}

// The system calls under names the struct's own members do not shadow.
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int { write(fd, p, n) }
private func systemFsync(_ fd: Int32) -> Int32 { fsync(fd) }
