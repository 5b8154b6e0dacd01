import RollAnalysis
import RollCore

extension TraceMetadata {
    /// The analysis settings this trace asks for: `base` (defaults, or the user's config) overridden by the trace's
    /// metadata (interface v1 §2: flags > metadata > defaults; the caller applies flags on top).
    public func analysisSettings(base: AnalysisSettings? = nil) -> AnalysisSettings {
        let tool = self.tool ?? base?.tool ?? .ball
        var s = base ?? AnalysisSettings(tool: tool)
        s.tool = tool
        s.radiusMM = radiusMM ?? (base?.tool == tool ? base?.radiusMM : nil) ?? AnalysisSettings.defaultRadiusMM(for: tool)
        s.fasciaCM = fasciaCM ?? s.fasciaCM
        // Extension keys written by rollmon's own recorder and simulator (unknown to other readers, who ignore them).
        if let v = value(of: "severe_n").flatMap(Double.init), v > 0 { s.severeForceN = v }
        if let v = value(of: "first_foot").flatMap(Foot.init(rawValue:)) { s.firstFoot = v }
        // The gyro's rail: the nominal range, and the sensitivity (written, or the named part's datasheet value).
        if let dps = value(of: "gyro_range_dps").flatMap(Double.init), dps > 0 {
            s.gyroFullScaleRadS = dps * .pi / 180
            s.gyroLSBPerDPS = imu.flatMap(GyroFamily.named)?.lsbPerDPS(fullScaleDPS: dps)
        }
        if let lsb = value(of: "gyro_lsb_per_dps").flatMap(Double.init), lsb > 0 { s.gyroLSBPerDPS = lsb }
        // The calibrated gyro bias the live session started from (`rollmon calibrate`), so replay starts there too.
        if let b = value(of: "gyro_bias_rad_s").flatMap(Self.vector) { s.orientation.initialGyroBiasRadS = b }
        return s
    }

    /// `x,y,z` (three finite decimals), or nil.
    static func vector(_ text: String) -> Vector3? {
        let parts = text.split(separator: ",").map { Double(String($0.filter { $0 != " " })) }
        guard parts.count == 3, let x = parts[0], let y = parts[1], let z = parts[2],
              x.isFinite, y.isFinite, z.isFinite else { return nil }
        return Vector3(x, y, z)
    }

    /// The last value written for `key`.
    public func value(of key: String) -> String? { entries.last(where: { $0.key == key })?.value }
}
