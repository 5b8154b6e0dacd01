import RollCore

/// The largest magnitudes a reading can have and still be a measurement. A real part clips at its full scale, so a
/// value beyond every part's range is corruption (or a unit mix-up), and arithmetic on it (1e300² = inf, inf − inf =
/// nan) would turn the summary into silent garbage. The bounds are wide on purpose: no real recording comes near them.
enum PhysicalRange {
    /// 2^63 ns ≈ 9.22e9 s (± 292 years): the range of the Int64 nanosecond stamps that EuRoC files and Linux clocks
    /// (`timespec` as nanoseconds) use. Beyond it durations would also overflow the summaries' whole seconds.
    static let largestTimeS = 9.223372036854775807e9
    /// 1 000 rad/s ≈ 57 000 °/s: about three times the widest MEMS gyroscope range (ADXRS649: ± 20 000 °/s, Analog
    /// Devices datasheet Rev. A, "Measurement Range").
    static let largestGyroRadS = 1_000.0
    /// 10 000 m/s² ≈ 1 000 g: 2.5 times the widest accelerometer range found in IMUs (H3LIS331DL: ± 400 g, ST
    /// datasheet DocID022229, Table 3 "FS").
    static let largestAccelMS2 = 10_000.0
    /// 100 kN (≈ 10 t): a foot presses a ball with at most a few body weights (~1 kN each); no load cell, FSR or
    /// barometer fitted to a ball reads anything near this.
    static let largestForceN = 100_000.0

    /// Whether every value of the sample is within its range (the fast path's one test per row).
    @inline(__always)
    static func contains(_ s: Sample) -> Bool {
        abs(s.tSeconds) <= largestTimeS
            && max(abs(s.accelMS2.x), abs(s.accelMS2.y), abs(s.accelMS2.z)) <= largestAccelMS2
            && max(abs(s.gyroRadS.x), abs(s.gyroRadS.y), abs(s.gyroRadS.z)) <= largestGyroRadS
            && abs(s.forceN ?? 0) <= largestForceN
    }

    /// The first value outside its range: which column, its value and the words for the error; nil when all fit.
    static func firstOutside(_ s: Sample) -> (role: TraceReader.ColumnRole, name: String, value: Double, limit: String)? {
        if abs(s.tSeconds) > largestTimeS { return (.t, "t", s.tSeconds, "|t| must be at most 9.22e9 s (Int64 nanoseconds, ± 292 years)") }
        let accel = "beyond any accelerometer's range (at most 10000 m/s², 1000 g)"
        for (role, name, v) in [(TraceReader.ColumnRole.ax, "ax", s.accelMS2.x), (.ay, "ay", s.accelMS2.y), (.az, "az", s.accelMS2.z)]
        where abs(v) > largestAccelMS2 {
            return (role, name, v, accel)
        }
        let gyro = "beyond any gyroscope's range (at most 1000 rad/s)"
        for (role, name, v) in [(TraceReader.ColumnRole.gx, "gx", s.gyroRadS.x), (.gy, "gy", s.gyroRadS.y), (.gz, "gz", s.gyroRadS.z)]
        where abs(v) > largestGyroRadS {
            return (role, name, v, gyro)
        }
        if let f = s.forceN, abs(f) > largestForceN { return (.force, "force", f, "beyond any force sensor in a ball (at most 100000 N)") }
        return nil
    }
}
