/// A data-ready interrupt line (the chip's INT/INT1 pin wired to a GPIO input with edge events). The GPIO helper's
/// edge-event line satisfies this; device models provide a virtual one.
public protocol DataReadySignal: AnyObject {
    /// Blocks until the next rising edge or until `timeoutSeconds` pass. Returns the edge's monotonic timestamp
    /// (the kernel's event time, on the same CLOCK_MONOTONIC as `SystemMonotonicClock`), or nil on timeout.
    func waitForDataReady(timeoutSeconds: Double) throws -> Double?
}

/// How an IMU driver learns that a new sample exists.
public enum IMUAcquisitionMode {
    /// Wait for the chip's data-ready edge on a GPIO line: lowest latency, one edge per sample.
    case dataReadyLine(DataReadySignal)
    /// Let the chip queue samples in its FIFO and drain it every `batchSeconds`: no sample lost to host jitter.
    /// (MPU family only; the LSM6 variants fall back to `.polling`.)
    case fifo(batchSeconds: Double)
    /// Sleep until the next sample is due, then read the status register and the data in one burst.
    case polling
}

/// Two's-complement decoding of the register pairs every chip uses.
@usableFromInline enum Raw {
    @inlinable static func int16BE(_ b: [UInt8], _ i: Int) -> Int16 { Int16(bitPattern: UInt16(b[i]) << 8 | UInt16(b[i + 1])) }
    @inlinable static func int16LE(_ b: [UInt8], _ i: Int) -> Int16 { Int16(bitPattern: UInt16(b[i + 1]) << 8 | UInt16(b[i])) }
}
