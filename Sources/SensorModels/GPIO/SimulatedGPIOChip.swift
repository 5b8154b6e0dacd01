import SensorIO
import SystemPackage

/// A GPIO chip in memory, on a `VirtualClock`, that the HX711 driver, the button and the buzzer run on in tests and
/// in the hardware-free demo. It behaves like the kernel's character device as seen through libgpiod: lines are
/// requested by offset with a consumer name, a held line answers EBUSY (and line info names its holder), edges are
/// timestamped on the monotonic clock, and debouncing follows the kernel's algorithm (`EdgeDebouncer`).
///
/// Every value read or write advances the clock by `operationCostSeconds`: a GPIO ioctl is not free (a few µs on a
/// Raspberry Pi), which is what makes bit-banged timing checks meaningful.
public final class SimulatedGPIOChip: GPIOChipHandle {
    public let info: GPIOChipInfo
    public let clock: VirtualClock
    /// true: behaves like uAPI v2 (the kernel debounces); false: like libgpiod v1, where SensorIO debounces in user
    /// space. Both run the same `EdgeDebouncer`, so events are identical — which is the point.
    public let kernelDebounce: Bool
    public var operationCostSeconds: Double

    final class Line {
        var name: String
        var consumer: String?
        var isOutput = false
        var outputHigh = false
        var bias: GPIOBias = .asIs
        var input: SimulatedLineInput?
        var observers: [SimulatedLineOutputObserver] = []
        var history: [(tSeconds: Double, high: Bool)] = []
        init(name: String) { self.name = name }
    }

    struct Stall {
        var offset: UInt32
        var high: Bool
        var remaining: Int
        var seconds: Double
    }

    private var lines: [Line]
    private var stalls: [Stall] = []
    /// Number of value reads and writes so far (ioctl count).
    public private(set) var operationCount = 0

    public init(name: String = "gpiochip0", label: String = "rollmon-sim", lineCount: Int = 54,
                lineNames: [UInt32: String] = [:], clock: VirtualClock, kernelDebounce: Bool = true,
                operationCostSeconds: Double = 1e-6) {
        info = GPIOChipInfo(path: "/dev/\(name)", name: name, label: label, lineCount: lineCount)
        self.clock = clock
        self.kernelDebounce = kernelDebounce
        self.operationCostSeconds = operationCostSeconds
        lines = (0..<lineCount).map { Line(name: lineNames[UInt32($0)] ?? "") }
    }

    // MARK: wiring devices and faults

    /// Connects a device output (button, DOUT) to line `offset`.
    public func attachInput(_ input: SimulatedLineInput, offset: UInt32) { lines[Int(offset)].input = input }

    /// Lets a device watch what the host drives on line `offset`.
    public func attachObserver(_ observer: SimulatedLineOutputObserver, offset: UInt32) {
        lines[Int(offset)].observers.append(observer)
    }

    /// Fault: another program holds line `offset` under `consumer`.
    public func occupy(offset: UInt32, consumer: String) { lines[Int(offset)].consumer = consumer }

    /// Fault: the process is preempted right after the `occurrence`-th time (1-based, counted from now) the host
    /// drives line `offset` to `high`, for `seconds` (the clock jumps; the line stays where it was driven).
    public func stall(afterDriving offset: UInt32, high: Bool, occurrence: Int, seconds: Double) {
        stalls.append(Stall(offset: offset, high: high, remaining: occurrence, seconds: seconds))
    }

    /// Every level the host drove on `offset`, with times.
    public func outputHistory(offset: UInt32) -> [(tSeconds: Double, high: Bool)] { lines[Int(offset)].history }

    // MARK: GPIOChipHandle

    public func lineInfo(offset: UInt32) throws -> GPIOLineInfo {
        try check([offset])
        let line = lines[Int(offset)]
        return GPIOLineInfo(offset: offset, name: line.name, used: line.consumer != nil, consumer: line.consumer ?? "")
    }

    public func requestInputs(_ offsets: [UInt32], config: GPIOInputConfig, consumer: String) throws
        -> any GPIOLineHandle
    {
        try check(offsets)
        try claim(offsets, consumer: consumer)
        for offset in offsets {
            lines[Int(offset)].isOutput = false
            lines[Int(offset)].bias = config.bias
        }
        if config.debouncePeriodNS > 0 {
            let raw = SimulatedLineRequest(chip: self, offsets: offsets, edges: .both)
            let clock = self.clock
            return try SoftwareDebouncedLines(raw: raw, edges: config.edges, periodNS: config.debouncePeriodNS,
                                              nowNS: { nanoseconds(clock.nowSeconds()) })
        }
        return SimulatedLineRequest(chip: self, offsets: offsets, edges: config.edges)
    }

    public func requestOutputs(_ offsets: [UInt32], initialValues: [Bool], consumer: String) throws
        -> any GPIOLineHandle
    {
        try check(offsets)
        try claim(offsets, consumer: consumer)
        let request = SimulatedLineRequest(chip: self, offsets: offsets, edges: .none)
        for (i, offset) in offsets.enumerated() {
            lines[Int(offset)].isOutput = true
            drive(offset, high: i < initialValues.count && initialValues[i])
        }
        return request
    }

    // MARK: used by SimulatedLineRequest

    func release(_ offsets: [UInt32]) {
        for offset in offsets {
            lines[Int(offset)].consumer = nil
            lines[Int(offset)].isOutput = false
        }
    }

    func level(_ offset: UInt32, atSeconds t: Double) -> Bool {
        let line = lines[Int(offset)]
        if line.isOutput { return line.outputHigh }
        if let input = line.input { return input.level(atSeconds: t) }
        return line.bias == .pullUp  // floating with no pull reads low here; real hardware would be undefined
    }

    func inputSource(_ offset: UInt32) -> SimulatedLineInput? { lines[Int(offset)].input }

    func readValue(_ offset: UInt32) -> Bool {
        let value = level(offset, atSeconds: clock.nowSeconds())
        spendOperation()
        return value
    }

    func writeValue(_ offset: UInt32, high: Bool) {
        drive(offset, high: high)
        spendOperation()
        if let i = stalls.firstIndex(where: { $0.offset == offset && $0.high == high }) {
            stalls[i].remaining -= 1
            if stalls[i].remaining == 0 {
                clock.advance(bySeconds: stalls[i].seconds)
                stalls.remove(at: i)
            }
        }
    }

    // MARK: private

    private func drive(_ offset: UInt32, high: Bool) {
        let line = lines[Int(offset)]
        let t = clock.nowSeconds()
        line.outputHigh = high
        line.history.append((t, high))
        for observer in line.observers { observer.lineDriven(offset: offset, high: high, atSeconds: t) }
    }

    private func spendOperation() {
        operationCount += 1
        clock.advance(bySeconds: operationCostSeconds)
    }

    private func check(_ offsets: [UInt32]) throws {
        for offset in offsets where Int(offset) >= info.lineCount {
            throw GPIOError(.noSuchLine(chip: "\(info.name) [\(info.label)]", offset: offset, lineCount: info.lineCount),
                            errno: .invalidArgument)
        }
    }

    private func claim(_ offsets: [UInt32], consumer: String) throws {
        for offset in offsets {
            if let holder = lines[Int(offset)].consumer {
                throw GPIOError(.lineBusy(chip: "\(info.name) [\(info.label)]", offset: offset, consumer: holder),
                                errno: .resourceBusy)
            }
        }
        for offset in offsets { lines[Int(offset)].consumer = consumer }
    }
}

/// Seconds on the virtual clock → the ns timestamps edge events carry.
func nanoseconds(_ seconds: Double) -> UInt64 { UInt64((seconds * 1e9).rounded()) }

/// Lines requested from a `SimulatedGPIOChip`.
final class SimulatedLineRequest: GPIOLineHandle {
    let offsets: [UInt32]
    private let chip: SimulatedGPIOChip
    private let edges: GPIOEdgeDetection
    private var released = false
    /// Edge detection has seen everything up to this time.
    private var scannedThroughSeconds: Double
    private var lastLevel: [UInt32: Bool] = [:]
    private var queue: [EdgeEvent] = []

    init(chip: SimulatedGPIOChip, offsets: [UInt32], edges: GPIOEdgeDetection) {
        self.chip = chip; self.offsets = offsets; self.edges = edges
        scannedThroughSeconds = chip.clock.nowSeconds()
        for offset in offsets { lastLevel[offset] = chip.level(offset, atSeconds: scannedThroughSeconds) }
    }

    deinit { release() }

    func value(offset: UInt32) throws -> Bool {
        try check(offset)
        return chip.readValue(offset)
    }

    func setValue(_ value: Bool, offset: UInt32) throws {
        try check(offset)
        chip.writeValue(offset, high: value)
    }

    func waitEdgeEvents(timeoutNS: Int64) throws -> Bool {
        try checkLive()
        scan()
        if !queue.isEmpty || timeoutNS == 0 { return !queue.isEmpty }
        let now = chip.clock.nowSeconds()
        let limit: Double? = timeoutNS < 0 ? nil : now + Double(timeoutNS) * 1e-9
        let next = offsets.compactMap { chip.inputSource($0)?.nextTransition(afterSeconds: now) }.min()
        if let next, limit.map({ next <= $0 }) ?? true {
            chip.clock.sleep(untilSeconds: next)
            scan()
            if !queue.isEmpty { return true }
        }
        if let limit { chip.clock.sleep(untilSeconds: limit) }
        scan()
        return !queue.isEmpty
    }

    func readEdgeEvents(maxEvents: Int) throws -> [EdgeEvent] {
        try checkLive()
        scan()
        let n = min(maxEvents, queue.count)
        let out = Array(queue.prefix(n))
        queue.removeFirst(n)
        return out
    }

    func release() {
        guard !released else { return }
        released = true
        chip.release(offsets)
    }

    private func scan() {
        guard edges != .none else { return }
        let now = chip.clock.nowSeconds()
        var found: [EdgeEvent] = []
        for offset in offsets {
            guard let source = chip.inputSource(offset) else { continue }
            for change in source.transitions(afterSeconds: scannedThroughSeconds, throughSeconds: now) {
                guard change.level != lastLevel[offset] else { continue }
                lastLevel[offset] = change.level
                let kind: EdgeKind = change.level ? .rising : .falling
                if edges.accepts(kind) {
                    found.append(EdgeEvent(kind: kind, timestampNS: nanoseconds(change.tSeconds), line: offset))
                }
            }
        }
        scannedThroughSeconds = now
        queue += found.sorted { $0.timestampNS < $1.timestampNS }
    }

    private func check(_ offset: UInt32) throws {
        try checkLive()
        guard offsets.contains(offset) else {
            throw GPIOError(.operationFailed(operation: "using line \(offset), which this request does not hold",
                                             chip: chip.info.name), errno: .invalidArgument)
        }
    }

    private func checkLive() throws {
        if released {
            throw GPIOError(.operationFailed(operation: "using released lines \(offsets)", chip: chip.info.name),
                            errno: .badFileDescriptor)
        }
    }
}
