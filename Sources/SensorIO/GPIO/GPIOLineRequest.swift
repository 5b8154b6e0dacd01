import SystemPackage

/// Lines requested from a libgpiod chip. Keeps its chip alive: with libgpiod v1 the line objects belong to the chip.
public final class GPIOLineRequest: GPIOLineHandle {
    public let offsets: [UInt32]
    private let chip: GPIOChip
    private let handle: OpaquePointer
    private let sys: GPIOSysCalls
    private var released = false

    init(chip: GPIOChip, handle: OpaquePointer, offsets: [UInt32], sys: GPIOSysCalls) {
        self.chip = chip; self.handle = handle; self.offsets = offsets; self.sys = sys
    }

    deinit { release() }

    public func value(offset: UInt32) throws -> Bool {
        try live()
        return try unwrap("reading line \(offset)") { sys.getValue(handle, offset) }
    }

    public func setValue(_ value: Bool, offset: UInt32) throws {
        try live()
        try unwrap("setting line \(offset)") { sys.setValue(handle, offset, value) }
    }

    public func waitEdgeEvents(timeoutNS: Int64) throws -> Bool {
        try live()
        return try unwrap("waiting for edges on lines \(offsets)") { sys.waitEdges(handle, timeoutNS) }
    }

    public func readEdgeEvents(maxEvents: Int) throws -> [EdgeEvent] {
        try live()
        return try unwrap("reading edges of lines \(offsets)") { sys.readEdges(handle, maxEvents) }
    }

    public func release() {
        guard !released else { return }
        released = true
        sys.releaseLines(handle)
    }

    private func live() throws {
        if released {
            throw GPIOError(.operationFailed(operation: "using released lines \(offsets)", chip: chip.info.path),
                            errno: .badFileDescriptor)
        }
    }

    /// Makes one libgpiod call under the shared retry policy; a failure becomes a `GPIOError` naming the operation.
    private func unwrap<T>(_ operation: String, _ call: () -> Result<T, Errno>) throws -> T {
        switch SysCallRetry.run(call) {
        case let .success(value): return value
        case let .failure(errno):
            throw GPIOError(.operationFailed(operation: operation, chip: "\(chip.info.name) [\(chip.info.label)]"),
                            errno: errno)
        }
    }
}
