#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The real clock: CLOCK_MONOTONIC, the same clock the kernel stamps GPIO edge events with (so data-ready edges and
/// host reads share one time base).
public final class SystemMonotonicClock: MonotonicClock {
    public init() {}

    public func nowSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    public func sleep(untilSeconds tSeconds: Double) {
        // clock_nanosleep with TIMER_ABSTIME: no drift from computing a relative interval, restarts after EINTR.
        let whole = tSeconds.rounded(.down)
        var target = timespec(tv_sec: Int(whole), tv_nsec: Int((tSeconds - whole) * 1e9))
        while nowSeconds() < tSeconds {
            let rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, nil)
            if rc != 0 && rc != EINTR { break }
        }
    }
}

/// A clock that only moves when someone sleeps on it or advances it: device models and the hardware-free demo run
/// the whole live path faster than real time and fully deterministic.
public final class VirtualClock: MonotonicClock {
    private let now: Mutex<Double>

    public init(startSeconds: Double = 0) { now = Mutex(startSeconds) }

    public func nowSeconds() -> Double { now.withLock { $0 } }

    public func sleep(untilSeconds tSeconds: Double) {
        now.withLock { if tSeconds > $0 { $0 = tSeconds } }
    }

    /// Moves time forward by `seconds` (a model of the time a bus transfer or computation takes).
    public func advance(bySeconds seconds: Double) {
        guard seconds > 0 else { return }
        now.withLock { $0 += seconds }
    }
}
