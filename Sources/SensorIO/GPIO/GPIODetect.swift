/// `gpiodetect` for `rollmon probe`: the GPIO chips present, and why any present node could not be read.
public struct GPIODetectResult: Sendable, Equatable {
    public var chips: [GPIOChipInfo]
    /// Nodes that exist but could not be opened (e.g. permission denied), with the message that says the fix.
    public var problems: [GPIOError]

    /// One line per chip, like gpiodetect: `gpiochip0 [pinctrl-bcm2711] (58 lines)`.
    public var lines: [String] { chips.map(\.description) }
}

/// Lists `/dev/gpiochip*` (sorted by number) and reads each chip's name, label and line count.
public func detectGPIOChips(devDirectory: String = "/dev", sys: GPIOSysCalls = .live) -> GPIODetectResult {
    var result = GPIODetectResult(chips: [], problems: [])
    for node in gpioChipNodeNames(devDirectory: devDirectory, sys: sys) {
        let path = "\(devDirectory)/\(node)"
        switch SysCallRetry.run({ sys.openChip(path) }) {
        case let .success(handle):
            defer { sys.closeChip(handle) }
            switch sys.chipInfo(handle) {
            case let .success(raw):
                result.chips.append(GPIOChipInfo(path: path, name: raw.name, label: raw.label, lineCount: raw.lineCount))
            case let .failure(errno):
                result.problems.append(GPIOError(.operationFailed(operation: "reading chip info", chip: path),
                                                 errno: errno))
            }
        case let .failure(errno):
            if errno == .permissionDenied || errno == .notPermitted {
                result.problems.append(GPIOError(.permissionDenied(path: path), errno: errno))
            } else {
                result.problems.append(GPIOError(.operationFailed(operation: "opening", chip: path), errno: errno))
            }
        }
    }
    return result
}

/// `gpiochip<N>` names in `devDirectory`, ordered by N.
func gpioChipNodeNames(devDirectory: String, sys: GPIOSysCalls) -> [String] {
    let names = ((try? sys.listDirectory(devDirectory).get()) ?? []).filter { name in
        name.hasPrefix("gpiochip") && !name.dropFirst("gpiochip".count).isEmpty
            && name.dropFirst("gpiochip".count).allSatisfy(\.isNumber)
    }
    return names.sorted { Int($0.dropFirst(8)) ?? 0 < Int($1.dropFirst(8)) ?? 0 }
}
