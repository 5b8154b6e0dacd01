/// The faults of one demo run, applied to its simulated chips so the real drivers meet them on the wire
/// (interface v2 §8). The recording's own failure (`disk-full`) is not a chip: it is applied to the trace's write
/// path (`diskFullFromS`).
public struct DemoFaultPlan: Sendable, Equatable {
    public var faults: [DemoFault]

    public init(_ faults: [DemoFault]) { self.faults = faults }

    /// How long the reading thread is held off the bus for `fifo-overflow`: the MPU-6050's FIFO holds 1024 bytes
    /// (RM-MPU-6000A-00, FIFO_COUNT: 1024-byte FIFO) = 85 accel+gyro frames of 12 bytes = 85 ms at 1 kHz, so a
    /// 0.5 s stall overflows it six times over, and the lost samples are a visible gap.
    public static let fifoOverflowStallS = 0.5

    /// Schedules the chip faults: `imu-unplug`, `i2c-errors` and `fifo-overflow` on the IMU's bus, `force-unplug` on
    /// the force sensor model (an HX711 board loses power; nil when the demo has no force sensor).
    public func apply(bus: ModelI2CBus, imuAddress: UInt8, force: HX711Model?) {
        for fault in faults {
            switch fault {
            case let .forceUnplug(t, d):
                force?.unplug(fromS: t, toS: d.map { t + $0 })
            case let .imuUnplug(t, d):
                bus.scheduledFaults.unplug(imuAddress, fromS: t, toS: t + d)
            case let .i2cErrors(t, p):
                bus.scheduledFaults.transferErrors(fromS: t, fraction: p)
            case let .fifoOverflow(t):
                bus.scheduledFaults.stall(atS: t, seconds: Self.fifoOverflowStallS)
            case .diskFull:
                break
            }
        }
    }

    /// From when the recording cannot be written (the earliest `disk-full`), if ever.
    public var diskFullFromS: Double? {
        faults.compactMap { if case let .diskFull(t) = $0 { return t } else { return nil } }.min()
    }
}
