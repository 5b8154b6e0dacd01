import RollAnalysis
import RollCore

/// What one source of settings says about the analysis; nil = this source says nothing. The sources are the command
/// line, the trace's metadata and the config file (interface v1 §2: flags > metadata > defaults; the config file sits
/// between the metadata and the defaults).
public struct AnalysisChoices: Sendable, Equatable {
    public var tool: Tool?
    /// The radius of `tool` (or, when `tool` is nil, of whatever tool the lower sources chose).
    public var radiusMM: Double?
    public var fasciaCM: Double?
    public var severeForceN: Double?
    public var firstFoot: Foot?
    public var gyroFullScaleRadS: Double?
    /// The gyro's sensitivity at that range (LSB per °/s), which fixes its exact rail (`GyroRail`).
    public var gyroLSBPerDPS: Double?
    /// A calibrated gyro bias (sensor frame) that seeds the estimator's bias state.
    public var initialGyroBiasRadS: Vector3?

    public init(tool: Tool? = nil, radiusMM: Double? = nil, fasciaCM: Double? = nil, severeForceN: Double? = nil,
                firstFoot: Foot? = nil, gyroFullScaleRadS: Double? = nil, gyroLSBPerDPS: Double? = nil,
                initialGyroBiasRadS: Vector3? = nil) {
        self.tool = tool; self.radiusMM = radiusMM; self.fasciaCM = fasciaCM; self.severeForceN = severeForceN
        self.firstFoot = firstFoot; self.gyroFullScaleRadS = gyroFullScaleRadS
        self.gyroLSBPerDPS = gyroLSBPerDPS; self.initialGyroBiasRadS = initialGyroBiasRadS
    }
}

/// The one place where the analysis settings of a session are decided, for every command.
public enum SettingsResolution {
    /// Flags over the trace's metadata over the config file over the defaults, value by value — except the radius,
    /// which belongs to a tool: a source's radius counts only if the tool it was given for (its own `tool`, else the
    /// tool of the sources below it) is the tool finally chosen. So `--tool roller` on a ball trace gets the roller's
    /// default radius, not the ball's.
    public static func resolve(flags: AnalysisChoices = .init(), metadata: AnalysisChoices = .init(),
                               config: AnalysisChoices = .init()) -> AnalysisSettings {
        let highestFirst = [flags, metadata, config]
        let tool = highestFirst.lazy.compactMap(\.tool).first ?? .ball
        var s = AnalysisSettings(tool: tool)
        // The tool each source's radius was given for: its own, else the one in effect beneath it.
        var toolBeneath = Tool.ball
        var radius: Double?
        for layer in highestFirst.reversed() {
            toolBeneath = layer.tool ?? toolBeneath
            if let r = layer.radiusMM, toolBeneath == tool { radius = r }
        }
        s.radiusMM = radius ?? AnalysisSettings.defaultRadiusMM(for: tool)
        if let v = highestFirst.lazy.compactMap(\.fasciaCM).first { s.fasciaCM = v }
        if let v = highestFirst.lazy.compactMap(\.severeForceN).first { s.severeForceN = v }
        if let v = highestFirst.lazy.compactMap(\.firstFoot).first { s.firstFoot = v }
        s.gyroFullScaleRadS = highestFirst.lazy.compactMap(\.gyroFullScaleRadS).first
        s.gyroLSBPerDPS = highestFirst.lazy.compactMap(\.gyroLSBPerDPS).first
        s.orientation.initialGyroBiasRadS = highestFirst.lazy.compactMap(\.initialGyroBiasRadS).first
        return s
    }
}

extension TraceMetadata {
    /// What this trace says about its analysis: the interface keys, plus the extension keys rollmon's own recorder and
    /// simulator write (unknown to other readers, who ignore them) so a recording replays with the live settings.
    public var analysisChoices: AnalysisChoices {
        let rangeDPS = value(of: "gyro_range_dps").flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil }
        // The gyro's sensitivity as written, else the datasheet value of the part named in `imu` at that range.
        let lsb = value(of: "gyro_lsb_per_dps").flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil }
            ?? rangeDPS.flatMap { dps in imu.flatMap(GyroFamily.named)?.lsbPerDPS(fullScaleDPS: dps) }
        return AnalysisChoices(
            tool: tool, radiusMM: radiusMM, fasciaCM: fasciaCM,
            severeForceN: value(of: "severe_n").flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil },
            firstFoot: value(of: "first_foot").flatMap { Foot(rawValue: $0.lowercased()) },
            gyroFullScaleRadS: rangeDPS.map { $0 * .pi / 180 }, gyroLSBPerDPS: lsb,
            // The calibrated bias the live session started from (`rollmon calibrate`), so replay starts there too.
            initialGyroBiasRadS: value(of: "gyro_bias_rad_s").flatMap(Self.vector))
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
