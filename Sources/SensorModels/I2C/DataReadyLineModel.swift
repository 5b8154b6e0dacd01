import SensorIO

/// The INT pin of an IMU model wired to a GPIO edge line: waiting advances the virtual clock to the chip's next
/// sample instant (the pin pulses once per sample when data-ready interrupts are enabled).
public final class DataReadyLineModel: DataReadySignal {
    private let clock: VirtualClock
    private let nextEdge: (Double) -> Double?
    /// Breaks the wire: no more edges (the driver must time out, never hang).
    public var broken = false
    private var lastEdge = -Double.infinity

    public init(clock: VirtualClock, mpu: MPU6050Model) {
        self.clock = clock
        nextEdge = { [unowned mpu] in mpu.nextDataReady(after: $0) }
    }

    public init(clock: VirtualClock, lsm6: LSM6DS3Model) {
        self.clock = clock
        nextEdge = { [unowned lsm6] in lsm6.nextDataReady(after: $0) }
    }

    public func waitForDataReady(timeoutSeconds: Double) throws -> Double? {
        let now = clock.nowSeconds()
        let deadline = now + timeoutSeconds
        // Edges that happened while nobody waited are queued in the kernel; report the next unseen one.
        guard !broken, let edge = nextEdge(max(lastEdge, now - 1e-3)), edge <= deadline else {
            clock.sleep(untilSeconds: deadline)
            return nil
        }
        clock.sleep(untilSeconds: edge)
        lastEdge = edge
        return edge
    }
}
