/// The GPIO abstraction the HX711 driver, the foot-switch button and the buzzer/LED run on. `GPIOChip` implements it
/// over libgpiod (v1 or v2); `SimulatedGPIOChip` in SensorModels implements it over device models, so the same driver
/// code runs in tests, in the hardware-free demo and on a Raspberry Pi.

/// An open GPIO chip.
public protocol GPIOChipHandle: AnyObject {
    var info: GPIOChipInfo { get }
    /// True when debouncing is done by the kernel (libgpiod v2 / uAPI v2); false when SensorIO filters edges in
    /// software (libgpiod v1). Requests honour `GPIOInputConfig.debouncePeriodNS` either way.
    var kernelDebounce: Bool { get }
    func lineInfo(offset: UInt32) throws -> GPIOLineInfo
    /// Requests input lines. Throws `GPIOError` (line busy → who holds it; no such line → what exists).
    func requestInputs(_ offsets: [UInt32], config: GPIOInputConfig, consumer: String) throws -> any GPIOLineHandle
    /// Requests output lines, driven to `initialValues` (true = high) at once.
    func requestOutputs(_ offsets: [UInt32], initialValues: [Bool], consumer: String) throws -> any GPIOLineHandle
}

/// A set of requested lines. Released by `release()` or when the handle is deinitialised.
public protocol GPIOLineHandle: AnyObject {
    var offsets: [UInt32] { get }
    func value(offset: UInt32) throws -> Bool
    func setValue(_ value: Bool, offset: UInt32) throws
    /// Waits up to `timeoutNS` (0 = just check, negative = forever) for an edge event. True if one is pending.
    func waitEdgeEvents(timeoutNS: Int64) throws -> Bool
    /// The pending edge events (up to `maxEvents`), oldest first. Call after `waitEdgeEvents` returned true.
    func readEdgeEvents(maxEvents: Int) throws -> [EdgeEvent]
    func release()
}

extension GPIOLineHandle {
    /// Everything pending right now, without blocking.
    public func drainEdgeEvents() throws -> [EdgeEvent] {
        var all: [EdgeEvent] = []
        while try waitEdgeEvents(timeoutNS: 0) {
            let batch = try readEdgeEvents(maxEvents: 64)
            if batch.isEmpty { break }
            all += batch
        }
        return all
    }
}
