import SensorIO

/// What rollmon says about the clock that dates sessions: the `doctor` line and the note `live` / `routine` print
/// at the start when the date of the session may be wrong.
enum WallClockWords {
    static let liveNote = "the system clock is not synchronised (no network time, no real-time clock): this session may "
        + "be dated to the last shutdown and land on the wrong day in the history (see rollmon doctor)"

    /// Optional for `live` (it runs; only the date may be wrong).
    static func check(_ source: WallClockSource) -> DoctorCheck {
        switch source {
        case .networkTime:
            return .pass("system clock: synchronised to network time (session dates are right)", needed: false)
        case let .realTimeClock(name):
            return .pass("system clock: not network-synchronised, set from the real-time clock \(name) at boot", needed: false)
        case .unsynchronised:
            // dtoverlay=i2c-rtc,ds3231: Raspberry Pi firmware overlays README (i2c-rtc). A DS3231 answers at 0x68, the
            // MPU-6050's default address (datasheet §9.2: AD0 low), so the IMU must then be strapped to 0x69.
            return .fail("system clock: not synchronised and no real-time clock: sessions are dated from the time saved at the last shutdown",
                         fix: "connect the Pi to a network after boot (timedatectl shows 'System clock synchronized: yes'), "
                             + "or fit a battery-backed RTC (Pi 5: its RTC battery; others: a DS3231 with dtoverlay=i2c-rtc,ds3231 "
                             + "in /boot/firmware/config.txt, IMU at 0x69 since the DS3231 takes 0x68)",
                         needed: false)
        }
    }
}
