import SystemPackage

/// A GPIO chip opened through libgpiod (v1 or v2, whichever this build was compiled against).
public final class GPIOChip: GPIOChipHandle {
    public let info: GPIOChipInfo
    private let handle: OpaquePointer
    let sys: GPIOSysCalls

    /// Opens `chip`: a path ("/dev/gpiochip0"), a name ("gpiochip0"), a number ("0") or a label
    /// ("pinctrl-bcm2711"). Chip path and line offsets are plain configuration so the same code runs on a Pi, on
    /// gpio-sim in a QEMU guest, or anywhere else.
    public static func open(_ chip: String, devDirectory: String = "/dev", sys: GPIOSysCalls = .live) throws -> GPIOChip {
        let path = try resolvePath(chip, devDirectory: devDirectory, sys: sys)
        switch SysCallRetry.run({ sys.openChip(path) }) {
        case let .success(handle):
            switch SysCallRetry.run({ sys.chipInfo(handle) }) {
            case let .success(raw):
                let info = GPIOChipInfo(path: path, name: raw.name, label: raw.label, lineCount: raw.lineCount)
                return GPIOChip(handle: handle, info: info, sys: sys)
            case let .failure(errno):
                sys.closeChip(handle)
                throw GPIOError(.operationFailed(operation: "reading chip info", chip: path), errno: errno)
            }
        case let .failure(errno):
            throw openFailure(requested: chip, path: path, errno: errno, devDirectory: devDirectory, sys: sys)
        }
    }

    private init(handle: OpaquePointer, info: GPIOChipInfo, sys: GPIOSysCalls) {
        self.handle = handle; self.info = info; self.sys = sys
    }

    deinit { sys.closeChip(handle) }

    /// 1 or 2: the libgpiod API in use.
    public var apiVersion: Int { sys.apiVersion }
    public var kernelDebounce: Bool { sys.kernelDebounce }

    public func lineInfo(offset: UInt32) throws -> GPIOLineInfo {
        try checkOffsets([offset])
        switch SysCallRetry.run({ sys.lineInfo(handle, offset) }) {
        case let .success(lineInfo): return lineInfo
        case let .failure(errno):
            throw GPIOError(.operationFailed(operation: "reading info of line \(offset)", chip: info.path), errno: errno)
        }
    }

    public func requestInputs(_ offsets: [UInt32], config: GPIOInputConfig, consumer: String) throws
        -> any GPIOLineHandle
    {
        try checkOffsets(offsets)
        if config.debouncePeriodNS > 0 && !sys.kernelDebounce {
            // libgpiod v1: no kernel debounce. Take every raw edge and debounce in user space instead.
            var rawConfig = config
            rawConfig.edges = .both
            rawConfig.debouncePeriodNS = 0
            let raw = try request(GPIORequestSpec(offsets: offsets, consumer: consumer, isOutput: false, input: rawConfig))
            let sys = self.sys
            return try SoftwareDebouncedLines(raw: raw, edges: config.edges, periodNS: config.debouncePeriodNS,
                                              nowNS: { sys.monotonicNowNS() })
        }
        return try request(GPIORequestSpec(offsets: offsets, consumer: consumer, isOutput: false, input: config))
    }

    public func requestOutputs(_ offsets: [UInt32], initialValues: [Bool], consumer: String) throws
        -> any GPIOLineHandle
    {
        try checkOffsets(offsets)
        return try request(GPIORequestSpec(offsets: offsets, consumer: consumer, isOutput: true,
                                           initialValues: initialValues))
    }

    private func request(_ spec: GPIORequestSpec) throws -> GPIOLineRequest {
        switch SysCallRetry.run({ sys.requestLines(handle, spec) }) {
        case let .success(request):
            return GPIOLineRequest(chip: self, handle: request, offsets: spec.offsets, sys: sys)
        case let .failure(errno):
            throw requestFailure(spec.offsets, errno: errno)
        }
    }

    private func checkOffsets(_ offsets: [UInt32]) throws {
        for offset in offsets where Int(offset) >= info.lineCount {
            throw GPIOError(.noSuchLine(chip: "\(info.name) [\(info.label)]", offset: offset,
                                        lineCount: info.lineCount), errno: .invalidArgument)
        }
    }

    /// EBUSY → ask the kernel who holds which line, so the message can name them.
    private func requestFailure(_ offsets: [UInt32], errno: Errno) -> GPIOError {
        let chipName = "\(info.name) [\(info.label)]"
        switch errno {
        case .resourceBusy:
            for offset in offsets {
                if case let .success(line) = SysCallRetry.run({ sys.lineInfo(handle, offset) }), line.used {
                    return GPIOError(.lineBusy(chip: chipName, offset: offset, consumer: line.consumer), errno: errno)
                }
            }
            return GPIOError(.lineBusy(chip: chipName, offset: offsets.first ?? 0, consumer: ""), errno: errno)
        case .permissionDenied, .notPermitted:
            return GPIOError(.permissionDenied(path: info.path), errno: errno)
        default:
            return GPIOError(.operationFailed(operation: "requesting lines \(offsets)", chip: chipName), errno: errno)
        }
    }

    private static func resolvePath(_ chip: String, devDirectory: String, sys: GPIOSysCalls) throws -> String {
        if chip.contains("/") { return chip }
        if !chip.isEmpty, chip.allSatisfy(\.isNumber) { return "\(devDirectory)/gpiochip\(chip)" }
        let nodes = gpioChipNodeNames(devDirectory: devDirectory, sys: sys)
        if nodes.contains(chip) || chip.hasPrefix("gpiochip") { return "\(devDirectory)/\(chip)" }
        // Not a node name: treat it as a label and look for the chip carrying it.
        for chipInfo in detectGPIOChips(devDirectory: devDirectory, sys: sys).chips where chipInfo.label == chip {
            return chipInfo.path
        }
        if nodes.isEmpty { throw GPIOError(.noGPIOChips(directory: devDirectory), errno: .noSuchFileOrDirectory) }
        throw GPIOError(.noSuchChip(requested: chip, available: detectGPIOChips(devDirectory: devDirectory,
                                                                                sys: sys).chips),
                        errno: .noSuchFileOrDirectory)
    }

    private static func openFailure(requested: String, path: String, errno: Errno, devDirectory: String,
                                    sys: GPIOSysCalls) -> GPIOError {
        switch errno {
        case .permissionDenied, .notPermitted:
            return GPIOError(.permissionDenied(path: path), errno: errno)
        case .noSuchFileOrDirectory, .operationNotSupportedByDevice, .inappropriateIOCTLForDevice, .noSuchAddressOrDevice:
            // Missing node, or a node that is not a GPIO chip: say what does exist.
            if gpioChipNodeNames(devDirectory: devDirectory, sys: sys).isEmpty {
                return GPIOError(.noGPIOChips(directory: devDirectory), errno: errno)
            }
            return GPIOError(.noSuchChip(requested: requested,
                                         available: detectGPIOChips(devDirectory: devDirectory, sys: sys).chips),
                             errno: errno)
        default:
            return GPIOError(.operationFailed(operation: "opening", chip: path), errno: errno)
        }
    }
}
