/// An IMU's data-ready pin (INT/INT1, push-pull, active high) on a GPIO input with rising-edge events: the
/// `DataReadySignal` the IMU drivers wait on. Works on libgpiod and on `SimulatedGPIOChip` alike.
public final class GPIODataReadyLine: DataReadySignal {
    public let line: UInt32
    private let request: any GPIOLineHandle
    private var queued: [EdgeEvent] = []

    public init(chip: any GPIOChipHandle, line: UInt32, consumer: String = "rollmon-imu-drdy") throws {
        self.line = line
        request = try chip.requestInputs([line], config: GPIOInputConfig(bias: .disabled, edges: .rising),
                                         consumer: consumer)
    }

    deinit { request.release() }

    /// The oldest rising edge not yet returned (one per sample, none skipped), or nil after `timeoutSeconds`.
    public func waitForDataReady(timeoutSeconds: Double) throws -> Double? {
        if queued.isEmpty, try request.waitEdgeEvents(timeoutNS: Int64((max(timeoutSeconds, 0) * 1e9).rounded())) {
            queued = try request.drainEdgeEvents()
        }
        guard !queued.isEmpty else { return nil }
        return queued.removeFirst().tSeconds
    }
}
