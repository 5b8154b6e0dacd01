#if canImport(Glibc)
import Glibc
#endif
import CGPIOD
import SystemPackage

/// Where the wall clock that dates a session (`started`, and so the day in the history) got its time from.
///
/// A Raspberry Pi other than the Pi 5 has no real-time clock: at boot Raspberry Pi OS restores the time saved at the
/// last shutdown (fake-hwclock) and only network time (systemd-timesyncd, chrony, ntpd) sets it right. Offline, every
/// session is dated days or weeks behind, and the habit calendar silently moves it to the wrong day.
public enum WallClockSource: Equatable, Sendable {
    /// The kernel's clock is disciplined by network time: adjtimex(2) does not report TIME_ERROR and STA_UNSYNC is
    /// clear (the test `timedatectl` makes for "System clock synchronized: yes").
    case networkTime
    /// Not network-synchronised, but a real-time clock is registered (`/sys/class/rtc/rtcN`), which set the time at
    /// boot (a Pi 5 with its battery, a DS3231 module via `dtoverlay=i2c-rtc,ds3231`).
    case realTimeClock(name: String)
    /// Neither: the date may be whatever the clock said at the last shutdown.
    case unsynchronised

    /// The value of the recording's `wall_clock` metadata key (an extension, interface §1: unknown keys are ignored).
    public var metadataValue: String {
        switch self {
        case .networkTime: "ntp"
        case .realTimeClock: "rtc"
        case .unsynchronised: "unsynchronised"
        }
    }

    /// Reads the kernel's synchronisation status and, when it is not synchronised, looks for a registered RTC under
    /// `sysDirectory` (a parameter so that tests can give a sysfs tree of their own).
    public static func current(sysDirectory: String = "/sys") -> WallClockSource {
        if case .success(true) = kernelSaysSynchronised() { return .networkTime }
        let rtcs = (try? directoryEntryNames("\(sysDirectory)/class/rtc").get()) ?? []
        if let first = rtcs.filter({ $0.hasPrefix("rtc") }).sorted().first { return .realTimeClock(name: first) }
        return .unsynchronised
    }

    /// The kernel's own view (adjtimex(2) through the shim): synchronised or not; an `Errno` if it cannot be read.
    public static func kernelSaysSynchronised() -> Result<Bool, Errno> {
        let answer = rm_clock_synchronised()
        if answer == -1 { return .failure(Errno(rawValue: Glibc.errno)) }
        return .success(answer == 1)
    }
}
