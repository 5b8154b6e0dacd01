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
        if let dps = value(of: "gyro_range_dps").flatMap(Double.init), dps > 0 { s.gyroFullScaleRadS = dps * .pi / 180 }
        return s
    }

    /// The last value written for `key`.
    public func value(of key: String) -> String? { entries.last(where: { $0.key == key })?.value }
}
