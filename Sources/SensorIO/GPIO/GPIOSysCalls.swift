#if canImport(Glibc)
import Glibc
#endif
import CGPIOD
import SystemPackage

/// What to ask libgpiod for in one request.
public struct GPIORequestSpec: Sendable, Equatable {
    public var offsets: [UInt32]
    public var consumer: String
    public var isOutput: Bool
    public var initialValues: [Bool]
    public var input: GPIOInputConfig

    public init(offsets: [UInt32], consumer: String, isOutput: Bool, initialValues: [Bool] = [],
                input: GPIOInputConfig = GPIOInputConfig()) {
        self.offsets = offsets; self.consumer = consumer; self.isOutput = isOutput
        self.initialValues = initialValues; self.input = input
    }
}

/// Every call SensorIO makes into libgpiod (through the CGPIOD shim), as replaceable function values: the one place
/// where C failures become `Errno`, and where tests force any errno without hardware. Chip and request handles are
/// opaque pointers owned by the shim. Same convention as `I2CSysCalls`: `Result<T, Errno>`, retried by the caller
/// through `SysCallRetry`.
public struct GPIOSysCalls: Sendable {
    /// 1 or 2: the libgpiod API this build was compiled against.
    public var apiVersion: Int
    public var kernelDebounce: Bool
    public var openChip: @Sendable (_ path: String) -> Result<OpaquePointer, Errno>
    public var closeChip: @Sendable (_ chip: OpaquePointer) -> Void
    public var chipInfo: @Sendable (_ chip: OpaquePointer) -> Result<(name: String, label: String, lineCount: Int), Errno>
    public var lineInfo: @Sendable (_ chip: OpaquePointer, _ offset: UInt32) -> Result<GPIOLineInfo, Errno>
    public var requestLines: @Sendable (_ chip: OpaquePointer, _ spec: GPIORequestSpec) -> Result<OpaquePointer, Errno>
    public var releaseLines: @Sendable (_ request: OpaquePointer) -> Void
    public var getValue: @Sendable (_ request: OpaquePointer, _ offset: UInt32) -> Result<Bool, Errno>
    public var setValue: @Sendable (_ request: OpaquePointer, _ offset: UInt32, _ value: Bool) -> Result<Void, Errno>
    public var waitEdges: @Sendable (_ request: OpaquePointer, _ timeoutNS: Int64) -> Result<Bool, Errno>
    public var readEdges: @Sendable (_ request: OpaquePointer, _ maxEvents: Int) -> Result<[EdgeEvent], Errno>
    /// Names in a directory (to find /dev/gpiochip*), without "." and "..".
    public var listDirectory: @Sendable (_ path: String) -> Result<[String], Errno>
    /// CLOCK_MONOTONIC in ns: the clock edge events are stamped with (needed by the v1 software debouncer).
    public var monotonicNowNS: @Sendable () -> UInt64

    public init(
        apiVersion: Int, kernelDebounce: Bool,
        openChip: @escaping @Sendable (String) -> Result<OpaquePointer, Errno>,
        closeChip: @escaping @Sendable (OpaquePointer) -> Void,
        chipInfo: @escaping @Sendable (OpaquePointer) -> Result<(name: String, label: String, lineCount: Int), Errno>,
        lineInfo: @escaping @Sendable (OpaquePointer, UInt32) -> Result<GPIOLineInfo, Errno>,
        requestLines: @escaping @Sendable (OpaquePointer, GPIORequestSpec) -> Result<OpaquePointer, Errno>,
        releaseLines: @escaping @Sendable (OpaquePointer) -> Void,
        getValue: @escaping @Sendable (OpaquePointer, UInt32) -> Result<Bool, Errno>,
        setValue: @escaping @Sendable (OpaquePointer, UInt32, Bool) -> Result<Void, Errno>,
        waitEdges: @escaping @Sendable (OpaquePointer, Int64) -> Result<Bool, Errno>,
        readEdges: @escaping @Sendable (OpaquePointer, Int) -> Result<[EdgeEvent], Errno>,
        listDirectory: @escaping @Sendable (String) -> Result<[String], Errno>,
        monotonicNowNS: @escaping @Sendable () -> UInt64
    ) {
        self.apiVersion = apiVersion; self.kernelDebounce = kernelDebounce
        self.openChip = openChip; self.closeChip = closeChip; self.chipInfo = chipInfo; self.lineInfo = lineInfo
        self.requestLines = requestLines; self.releaseLines = releaseLines; self.getValue = getValue
        self.setValue = setValue; self.waitEdges = waitEdges; self.readEdges = readEdges
        self.listDirectory = listDirectory; self.monotonicNowNS = monotonicNowNS
    }

    /// The real thing: libgpiod through the CGPIOD shim.
    public static let live = GPIOSysCalls(
        apiVersion: Int(rm_gpio_api_version()),
        kernelDebounce: rm_gpio_kernel_debounce_supported() != 0,
        openChip: { path in
            guard let chip = rm_gpio_chip_open(path) else { return .failure(lastErrno()) }
            return .success(OpaquePointer(chip))
        },
        closeChip: { chip in rm_gpio_chip_close(UnsafeMutablePointer<rm_gpio_chip>(chip)) },
        chipInfo: { chip in
            var name = [CChar](repeating: 0, count: 64)
            var label = [CChar](repeating: 0, count: 64)
            var count: UInt32 = 0
            let rc = rm_gpio_chip_info(UnsafeMutablePointer<rm_gpio_chip>(chip), &name, name.count, &label,
                                       label.count, &count)
            guard rc == 0 else { return .failure(lastErrno()) }
            return .success((cString(name), cString(label), Int(count)))
        },
        lineInfo: { chip, offset in
            var name = [CChar](repeating: 0, count: 64)
            var consumer = [CChar](repeating: 0, count: 64)
            var used: Int32 = 0
            let rc = rm_gpio_line_info(UnsafeMutablePointer<rm_gpio_chip>(chip), offset, &name, name.count, &used,
                                       &consumer, consumer.count)
            guard rc == 0 else { return .failure(lastErrno()) }
            return .success(GPIOLineInfo(offset: offset, name: cString(name), used: used != 0,
                                         consumer: cString(consumer)))
        },
        requestLines: { chip, spec in
            let offsets = spec.offsets.map { CUnsignedInt($0) }
            let request: UnsafeMutablePointer<rm_gpio_request>?
            if spec.isOutput {
                let initial = spec.offsets.indices.map { i in
                    Int32(i < spec.initialValues.count && spec.initialValues[i] ? 1 : 0)
                }
                request = rm_gpio_request_output(UnsafeMutablePointer<rm_gpio_chip>(chip), spec.consumer, offsets,
                                                 offsets.count, initial)
            } else {
                // The shim takes microseconds (libgpiod v2's unit); v1 ignores it and we debounce in Swift.
                let debounceUS = CUnsignedLong((spec.input.debouncePeriodNS + 999) / 1000)
                request = rm_gpio_request_input(UnsafeMutablePointer<rm_gpio_chip>(chip), spec.consumer, offsets,
                                                offsets.count, shimBias(spec.input.bias), shimEdge(spec.input.edges),
                                                debounceUS)
            }
            guard let request else { return .failure(lastErrno()) }
            return .success(OpaquePointer(request))
        },
        releaseLines: { request in rm_gpio_request_release(UnsafeMutablePointer<rm_gpio_request>(request)) },
        getValue: { request, offset in
            let v = rm_gpio_get_value(UnsafeMutablePointer<rm_gpio_request>(request), offset)
            return v < 0 ? .failure(lastErrno()) : .success(v != 0)
        },
        setValue: { request, offset, value in
            let rc = rm_gpio_set_value(UnsafeMutablePointer<rm_gpio_request>(request), offset, value ? 1 : 0)
            return rc < 0 ? .failure(lastErrno()) : .success(())
        },
        waitEdges: { request, timeoutNS in
            let rc = rm_gpio_wait_edges(UnsafeMutablePointer<rm_gpio_request>(request), timeoutNS)
            return rc < 0 ? .failure(lastErrno()) : .success(rc > 0)
        },
        readEdges: { request, maxEvents in
            var raw = [rm_gpio_edge](repeating: rm_gpio_edge(), count: max(maxEvents, 1))
            let n = rm_gpio_read_edges(UnsafeMutablePointer<rm_gpio_request>(request), &raw, raw.count)
            guard n >= 0 else { return .failure(lastErrno()) }
            let events = raw.prefix(Int(n)).map { e in
                EdgeEvent(kind: e.kind == Int32(RM_GPIO_EVENT_RISING) ? .rising : .falling,
                          timestampNS: e.timestamp_ns, line: e.offset)
            }
            // v1 drains line by line: restore time order across lines.
            return .success(events.sorted { $0.timestampNS < $1.timestampNS })
        },
        listDirectory: { path in directoryEntryNames(path) },
        monotonicNowNS: {
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
        }
    )
}

private func lastErrno() -> Errno { Errno(rawValue: Glibc.errno) }

private func cString(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

private func shimBias(_ bias: GPIOBias) -> Int32 {
    switch bias {
    case .asIs: return Int32(RM_GPIO_BIAS_AS_IS)
    case .disabled: return Int32(RM_GPIO_BIAS_DISABLED)
    case .pullUp: return Int32(RM_GPIO_BIAS_PULL_UP)
    case .pullDown: return Int32(RM_GPIO_BIAS_PULL_DOWN)
    }
}

private func shimEdge(_ edges: GPIOEdgeDetection) -> Int32 {
    switch edges {
    case .none: return Int32(RM_GPIO_EDGE_NONE)
    case .rising: return Int32(RM_GPIO_EDGE_RISING)
    case .falling: return Int32(RM_GPIO_EDGE_FALLING)
    case .both: return Int32(RM_GPIO_EDGE_BOTH)
    }
}
