/// One hardware fault the demo's simulated chips suffer (interface v2 §8, `rollmon demo --fault SPEC`).
/// Times are session seconds on the chips' clock, which starts at 0 when the demo powers them up; the recording's
/// `t` is on the same clock, so an outage caused by `force-unplug@60` is reported from about `from_s: 60`.
public enum DemoFault: Sendable, Equatable, CustomStringConvertible {
    /// `force-unplug@T[:D]`: the force sensor stops answering at T for D seconds (nil: to the end).
    case forceUnplug(atS: Double, forS: Double?)
    /// `imu-unplug@T:D`: the IMU stops acknowledging at T for D seconds, then comes back power-cycled.
    case imuUnplug(atS: Double, forS: Double)
    /// `i2c-errors@T:P`: from T on, a fraction P (0…1) of I2C transfers fail with EIO.
    case i2cErrors(fromS: Double, fraction: Double)
    /// `fifo-overflow@T`: at T the IMU's FIFO overflows (the reading thread is held off the bus for longer than the
    /// FIFO holds).
    case fifoOverflow(atS: Double)
    /// `disk-full@T`: from T the recording cannot be written (ENOSPC).
    case diskFull(atS: Double)

    /// Parses SPEC exactly as interface v2 §8 writes it: `KIND@T` with `:D` or `:P` where the kind takes one.
    public init(spec: String) throws(DemoFaultSpecError) {
        let parts = spec.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .init(spec: spec, reason: "expected KIND@T, e.g. force-unplug@60:30") }
        let kind = String(parts[0])
        let args = parts[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func number(_ s: String, _ what: String) throws(DemoFaultSpecError) -> Double {
            guard let v = Double(s), v.isFinite, v >= 0 else {
                throw .init(spec: spec, reason: "\(what) '\(s)' is not a number of seconds ≥ 0")
            }
            return v
        }
        func arity(_ allowed: ClosedRange<Int>, _ form: String) throws(DemoFaultSpecError) {
            guard allowed.contains(args.count) else { throw .init(spec: spec, reason: "expected \(form)") }
        }
        switch kind {
        case "force-unplug":
            try arity(1...2, "force-unplug@T or force-unplug@T:D")
            let d = args.count == 2 ? try number(args[1], "duration D") : nil
            if d == 0 { throw .init(spec: spec, reason: "duration D must be more than 0 s") }
            self = .forceUnplug(atS: try number(args[0], "start T"), forS: d)
        case "imu-unplug":
            try arity(2...2, "imu-unplug@T:D")
            let d = try number(args[1], "duration D")
            if d == 0 { throw .init(spec: spec, reason: "duration D must be more than 0 s") }
            self = .imuUnplug(atS: try number(args[0], "start T"), forS: d)
        case "i2c-errors":
            try arity(2...2, "i2c-errors@T:P with P a fraction from 0 to 1")
            guard let p = Double(args[1]), p >= 0, p <= 1 else {
                throw .init(spec: spec, reason: "fraction P '\(args[1])' must be from 0 to 1")
            }
            self = .i2cErrors(fromS: try number(args[0], "start T"), fraction: p)
        case "fifo-overflow":
            try arity(1...1, "fifo-overflow@T")
            self = .fifoOverflow(atS: try number(args[0], "time T"))
        case "disk-full":
            try arity(1...1, "disk-full@T")
            self = .diskFull(atS: try number(args[0], "time T"))
        default:
            throw .init(spec: spec, reason: "unknown fault '\(kind)': use force-unplug, imu-unplug, i2c-errors, fifo-overflow or disk-full")
        }
    }

    public var description: String {
        func n(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
        switch self {
        case let .forceUnplug(t, d): return "force-unplug@\(n(t))" + (d.map { ":\(n($0))" } ?? "")
        case let .imuUnplug(t, d): return "imu-unplug@\(n(t)):\(n(d))"
        case let .i2cErrors(t, p): return "i2c-errors@\(n(t)):\(n(p))"
        case let .fifoOverflow(t): return "fifo-overflow@\(n(t))"
        case let .diskFull(t): return "disk-full@\(n(t))"
        }
    }
}

public struct DemoFaultSpecError: Error, CustomStringConvertible, Sendable, Equatable {
    public var spec: String
    public var reason: String
    public var description: String { "--fault '\(spec)': \(reason)" }
}
