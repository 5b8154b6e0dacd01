import RollCore

/// The arithmetic of the guided calibration (`rollmon calibrate`): readings in, calibration values out. No prompts,
/// devices, clocks or files — the command does those — so each step can be checked on known readings.
public enum GuidedCalibration {
    /// A still MEMS gyro wanders well under this (MPU-6050 datasheet: 0.005 °/s/√Hz rate noise); more is motion.
    public static let stillGyroSpreadRadS = 0.05
    /// A known load must move the reading by more than this many counts (one count is the converter's own noise).
    public static let minLoadChangeCounts = 1.0
    /// The severe limit is the firm-but-comfortable press times this (the routine: relief, never severe).
    public static let severeMargin = 1.2
    /// The "firm press" is this quantile of the press readings (a steady press, not its brief peaks).
    public static let firmPressQuantile = 0.9

    public enum Failure: Error, Equatable {
        /// The gyro spread more than `stillGyroSpreadRadS` while the tool should have been still.
        case moved(spreadRadS: Double)
        /// The known load moved the reading by no more than `minLoadChangeCounts`.
        case loadDidNotChangeReading
        case noReadings
    }

    /// Step 1: the gyro's zero-rate offset from readings taken with the tool still; fails if it moved.
    public static func gyroBias(still readings: [Vector3]) -> Result<(biasRadS: Vector3, spreadRadS: Double), Failure> {
        guard !readings.isEmpty else { return .failure(.noReadings) }
        let bias = readings.reduce(.zero, +) / Double(readings.count)
        let spread = readings.map { ($0 - bias).norm }.max() ?? 0
        guard spread < stillGyroSpreadRadS else { return .failure(.moved(spreadRadS: spread)) }
        return .success((bias, spread))
    }

    /// Steps 2 and 3: tare from unloaded raw readings, scale from raw readings under a known load.
    public static func forceScale(unloaded: [Double], loaded: [Double], knownN: Double) -> Result<LinearForceCalibration, Failure> {
        guard !unloaded.isEmpty, !loaded.isEmpty else { return .failure(.noReadings) }
        let tare = mean(unloaded), atLoad = mean(loaded)
        guard abs(atLoad - tare) > minLoadChangeCounts else { return .failure(.loadDidNotChangeReading) }
        return .success(LinearForceCalibration(tareCounts: tare, newtonsPerCount: knownN / (atLoad - tare)))
    }

    /// Step 4: the personal severe limit from raw readings of a firm but comfortable press.
    public static func personalSevereLimit(press raw: [Double], calibration: LinearForceCalibration) -> Result<(firmN: Double, limitN: Double), Failure> {
        guard !raw.isEmpty else { return .failure(.noReadings) }
        let press = raw.map(calibration.forceN(fromRaw:)).sorted()
        let firm = press[Int(Double(press.count - 1) * firmPressQuantile)]
        return .success((firm, (firm * severeMargin).rounded()))
    }

    public static func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
}
