import SensorIO
import SystemPackage

/// Faults a `ModelI2CBus` applies by (virtual) time, so a driver meets them mid-session exactly where a real bus
/// would produce them: in the transfer.
/// - unplugged: the chip at an address does not acknowledge (ENXIO) during a window; when the window ends it comes
///   back power-cycled (its registers at power-on defaults), as a re-seated connector does;
/// - transfer errors: from a time on, a fraction of transfers fail with EIO (noise on SDA/SCL), chosen by a seeded
///   generator so a run is repeatable;
/// - stalls: at a time the host is held off the bus (preempted, an SD-card write blocking the thread) and the clock
///   jumps; a chip keeps sampling meanwhile, so its FIFO overflows if the stall is long enough.
public struct ScheduledBusFaults: Sendable {
    struct Unplug: Sendable { var address: UInt8; var fromS: Double; var toS: Double; var restored = false }
    struct Errors: Sendable { var fromS: Double; var fraction: Double }
    struct Stall: Sendable { var atS: Double; var seconds: Double; var done = false }

    var unplugs: [Unplug] = []
    var errors: [Errors] = []
    var stalls: [Stall] = []
    private var random: UInt64 = 0x0DDB_1A5E_5BAD_5EED

    public init() {}

    public var isEmpty: Bool { unplugs.isEmpty && errors.isEmpty && stalls.isEmpty }

    /// The chip at `address` stops acknowledging from `fromS` to `toS` (then comes back power-cycled).
    public mutating func unplug(_ address: UInt8, fromS: Double, toS: Double) {
        unplugs.append(Unplug(address: address, fromS: fromS, toS: toS))
    }

    /// From `fromS` on, `fraction` of all transfers fail with EIO.
    public mutating func transferErrors(fromS: Double, fraction: Double) {
        errors.append(Errors(fromS: fromS, fraction: fraction))
    }

    /// The first transfer at or after `atS` finds the host descheduled for `seconds`.
    public mutating func stall(atS: Double, seconds: Double) {
        stalls.append(Stall(atS: atS, seconds: seconds))
    }

    /// Called by the bus at the start of every transfer (after its bit time). May advance the clock (a stall) or
    /// power-cycle a chip whose window ended; returns the errno the transfer fails with, if it does.
    mutating func apply(address: UInt8, clock: VirtualClock, devices: [UInt8: I2CDeviceModel]) -> Errno? {
        for i in stalls.indices where !stalls[i].done && clock.nowSeconds() >= stalls[i].atS {
            stalls[i].done = true
            clock.advance(bySeconds: stalls[i].seconds)
        }
        let t = clock.nowSeconds()
        for i in unplugs.indices where unplugs[i].address == address && !unplugs[i].restored {
            if t >= unplugs[i].toS {
                unplugs[i].restored = true
                devices[address]?.powerOnReset(atSeconds: unplugs[i].toS)
            } else if t >= unplugs[i].fromS {
                return .noSuchAddressOrDevice
            }
        }
        let p = errors.filter { t >= $0.fromS }.map(\.fraction).max() ?? 0
        if p > 0, nextUniform() < p { return .ioError }
        return nil
    }

    /// xorshift64*, uniform in [0, 1).
    private mutating func nextUniform() -> Double {
        random ^= random >> 12; random ^= random << 25; random ^= random >> 27
        return Double((random &* 0x2545_F491_4F6C_DD1D) >> 11) / Double(1 << 53)
    }
}
