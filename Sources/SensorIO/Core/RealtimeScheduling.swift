#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Real-time scheduling for the thread that reads the sensors, so a busy Pi (a compiler, a browser) does not delay
/// FIFO drains and data-ready reads by whole scheduler ticks.
public enum RealtimeScheduling {
    /// SCHED_FIFO priority asked for: low among real-time priorities (1…99, sched(7)), below the kernel's threaded
    /// interrupt handlers (priority 50 on PREEMPT_RT and with `threadirqs`), so the I2C and GPIO interrupts the
    /// reader waits for still run first.
    public static let readerPriority: Int32 = 10

    /// What happened when the calling thread asked.
    public enum Outcome: Sendable, Equatable, CustomStringConvertible {
        case granted(priority: Int32)
        case refused(Errno)

        public var description: String {
            switch self {
            case let .granted(p):
                return "sensor reader runs with real-time priority (SCHED_FIFO \(p))"
            case let .refused(e):
                return "real-time scheduling not allowed (\(e)): the sensor reader runs at normal priority; allow it "
                    + "with `sudo setcap cap_sys_nice+ep $(command -v rollmon)` or an rtprio limit in /etc/security/limits.conf"
            }
        }
    }

    /// Asks for SCHED_FIFO at `priority` for the calling thread (pthread_setschedparam(3)); EPERM without
    /// CAP_SYS_NICE or an RLIMIT_RTPRIO of at least `priority`.
    public static func requestForCurrentThread(priority: Int32 = readerPriority) -> Outcome {
        var param = sched_param()
        param.sched_priority = priority
        let rc = pthread_setschedparam(pthread_self(), Int32(SCHED_FIFO), &param)
        return rc == 0 ? .granted(priority: priority) : .refused(Errno(rawValue: rc))
    }
}
