import RollCore
/// Something the presenter should show about the sensors (the sample stream itself stays silent about it, except
/// for the time gap).
public enum SensorEvent: Sendable, Equatable, CustomStringConvertible {
    /// A sensor stopped answering or lost its configuration; rollmon keeps running and retries.
    case lost(sensor: String, reason: String, atSeconds: Double)
    /// A retry failed; the next one is due at `nextAttemptSeconds`.
    case retryFailed(sensor: String, attempt: Int, nextAttemptSeconds: Double)
    /// The sensor answers again and was re-initialised; samples resume after a gap of `gapSeconds`.
    case recovered(sensor: String, gapSeconds: Double)
    /// The sensor kept answering but about `count` samples between the two sample times were lost (a FIFO
    /// overflow: the chip's FIFO was reset and reading resumed); the session should record the gap.
    case samplesLost(sensor: String, count: Int, fromSeconds: Double, toSeconds: Double, reason: String)
    /// The reader thread asked for real-time scheduling (granted or not; refused is not an error).
    case scheduling(RealtimeScheduling.Outcome)

    public var description: String {
        switch self {
        case let .lost(sensor, reason, _):
            return "\(sensor) stopped responding: \(reason). Retrying…"
        case let .retryFailed(sensor, attempt, _):
            return "\(sensor): retry \(attempt) failed, still trying."
        case let .recovered(sensor, gap):
            return "\(sensor) is back after \(String((gap * 10).rounded() / 10)) s (re-initialised)."
        case let .scheduling(outcome):
            return "\(outcome)."
        case let .samplesLost(sensor, count, from, to, reason):
            let ms = Int(((to - from) * 1000).rounded())
            return "\(sensor): \(counted(count, "sample", "samples")) lost in \(ms) ms: \(reason)."
        }
    }
}

/// Exponential backoff between re-initialisation attempts: quick at first (a glitch), then no more than every
/// `maxSeconds` so a dead sensor doesn't saturate the bus.
public struct RetryBackoff: Sendable, Equatable {
    public var initialSeconds: Double
    public var maxSeconds: Double
    public init(initialSeconds: Double = 0.05, maxSeconds: Double = 2.0) {
        self.initialSeconds = initialSeconds; self.maxSeconds = maxSeconds
    }
    /// Delay before attempt `attempt` (1-based).
    public func delay(attempt: Int) -> Double {
        min(maxSeconds, initialSeconds * Double(1 << min(max(attempt - 1, 0), 20)))
    }
}

/// Health of one sensor inside the sample source.
struct SensorHealth {
    var failedSinceSeconds: Double?
    var attempt = 0
    var nextAttemptSeconds = 0.0
    var isOK: Bool { failedSinceSeconds == nil }

    mutating func fail(at now: Double, backoff: RetryBackoff) {
        if failedSinceSeconds == nil { failedSinceSeconds = now; attempt = 0 }
        attempt += 1
        nextAttemptSeconds = now + backoff.delay(attempt: attempt)
    }

    mutating func recover() -> Double? {
        defer { failedSinceSeconds = nil; attempt = 0 }
        return failedSinceSeconds
    }
}
