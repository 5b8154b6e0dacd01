/// A stretch of session time without data from one sensor, or without a working recording (interface v2 §8
/// `outages`). Times are trace time, like alerts.
public struct SensorOutage: Sendable, Equatable {
    public enum Sensor: String, Sendable, Equatable, CaseIterable {
        case force, imu, recording
    }
    public var sensor: Sensor
    /// The last moment the sensor's data were there (its last reading, or the session's start).
    public var fromS: Double
    /// The first new data after the outage; nil when it lasted to the end of the session.
    public var toS: Double?

    public init(sensor: Sensor, fromS: Double, toS: Double?) {
        self.sensor = sensor; self.fromS = fromS; self.toS = toS
    }
}

/// Gaps in the IMU rows: the analysis stops integrating across a gap longer than `maxIntegrationGapS` (a sensor that
/// was gone says nothing about what moved meanwhile), and the same cut makes the gap an IMU outage. Decided from the
/// sample times alone, so a replay of the recording finds the same outages the live session did.
public struct IMUGapMonitor: Sendable {
    public let gapLimitS: Double
    private var lastT: Double?
    public private(set) var outages: [SensorOutage] = []

    public init(gapLimitS: Double) { self.gapLimitS = gapLimitS }

    /// Feed every row's time; true when this row ends an outage (the first row after a gap).
    public mutating func update(tS: Double) -> Bool {
        defer { lastT = tS }
        guard let last = lastT, tS - last > gapLimitS else { return false }
        outages.append(SensorOutage(sensor: .imu, fromS: last, toS: tS))
        return true
    }
}

/// Is there force data *now*? A force reading rides on one row (blank cells in between mean "no new reading"), and is
/// held until the next one — but only while readings keep coming at the sensor's own rate. When none has come for
/// longer than `staleLimitS` the force data have ended (a sensor unplugged or failing): the held value is dropped, the
/// caller falls back to the kinematic contact rule, and an outage opens; the next reading closes it.
///
/// The rate is learnt from the data (the recording holds no more than the rows), so live and replay decide alike.
public struct ForceDataMonitor: Sendable {
    /// Never call force data stale sooner than this: the IMU side's longest bridged gap (`maxIntegrationGapS`,
    /// 0.25 s) — a reading that old no longer says whether the foot is on the ball, and a shorter cut would flag the
    /// jitter of a force sensor polled once per IMU batch.
    public let floorS: Double
    /// Stale after this many missed conversions at the learnt rate (HX711 at 10 SPS: 5 × 0.1 s = 0.5 s).
    public let missedReadings: Double
    /// Before the first reading: the slowest supported sensor, an HX711 at 10 SPS, gives its first conversion 400 ms
    /// after reset (datasheet, "Output settling time") plus one period; 1 s leaves room for the drivers' start-up.
    public let startupLimitS: Double
    /// Learnt interval between readings (exponential mean of intervals shorter than the stale limit).
    public private(set) var periodS: Double?
    private var heldForceN: Double?
    private var lastReadingT: Double?
    /// Since when a reading is awaited: the last reading, the first row, or the first row after an IMU gap.
    private var waitingSinceT: Double?
    private var outageFromS: Double?
    public private(set) var outages: [SensorOutage] = []

    /// Weight of a new interval in `periodS`.
    static let periodSmoothing = 0.05

    public init(floorS: Double = 0.25, missedReadings: Double = 5, startupLimitS: Double = 1.0) {
        self.floorS = floorS; self.missedReadings = missedReadings; self.startupLimitS = startupLimitS
    }

    public var staleLimitS: Double {
        guard let periodS else { return lastReadingT == nil ? startupLimitS : floorS }
        return max(floorS, missedReadings * periodS)
    }

    /// Whether force data are missing right now (an outage is open).
    public var isInOutage: Bool { outageFromS != nil }

    /// What changed on this row.
    public enum Change: Sendable, Equatable { case none, ended, resumed }

    /// Feed every row: its force cell (nil = blank) and whether it is the first row after an IMU gap (no rows, so no
    /// force could ride on them: the wait restarts, the held value is dropped, no force outage is declared for it).
    /// Returns the force in effect (fresh or held within the limit; nil = no force data) and what changed.
    /// Always inlined: it runs on every row (the analyzer's only caller).
    @inline(__always)
    public mutating func update(tS: Double, forceN: Double?, afterIMUGap: Bool) -> (forceN: Double?, change: Change) {
        if let f = forceN {
            if let last = lastReadingT, !afterIMUGap {
                let interval = tS - last
                if interval < staleLimitS {
                    periodS = periodS.map { $0 + Self.periodSmoothing * (interval - $0) } ?? interval
                }
            }
            heldForceN = f
            lastReadingT = tS
            waitingSinceT = tS
            if let from = outageFromS {
                outages.append(SensorOutage(sensor: .force, fromS: from, toS: tS))
                outageFromS = nil
                return (f, .resumed)
            }
            return (f, .none)
        }
        if waitingSinceT == nil || afterIMUGap {
            waitingSinceT = tS
            if outageFromS == nil { heldForceN = nil }
        }
        if outageFromS == nil, let since = waitingSinceT, tS - since > staleLimitS {
            outageFromS = since
            heldForceN = nil
            return (nil, .ended)
        }
        return (heldForceN, .none)
    }

    /// The outages, the one still open at the end included (`toS` nil).
    public var allOutages: [SensorOutage] {
        outageFromS.map { outages + [SensorOutage(sensor: .force, fromS: $0, toS: nil)] } ?? outages
    }
}
