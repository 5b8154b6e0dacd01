import Foundation
import RollAnalysis
import RollSummary
import RollTrace
import SensorIO

/// What `live` and `demo` share around the live loop: where recordings go, the metadata they carry, the summary.
enum SessionPlumbing {
    static func metadata(settings: AnalysisSettings, rig: SensorRig, source: String) -> TraceMetadata {
        let iso = ISO8601DateFormatter()
        var m = TraceMetadata(tool: settings.tool, radiusMM: settings.radiusMM, fasciaCM: settings.fasciaCM,
                              imu: rig.imuDescription, forceSensor: rig.forceDescription,
                              rateHz: rig.imu.sampleRateHz, started: iso.string(from: Date()), source: source)
        // Extension keys (interface §1: unknown keys are ignored by other readers); replay uses them so a recording
        // replays with the settings the live session had.
        m.entries.append((key: "severe_n", value: FixedDecimal.compact(settings.severeForceN, decimals: 3)))
        m.entries.append((key: "first_foot", value: settings.firstFoot.rawValue))
        m.entries.append((key: "gyro_range_dps", value: FixedDecimal.compact(rig.imu.gyroFullScaleRadS * 180 / .pi, decimals: 3)))
        // Shortest round-trip decimals ("\(Double)"), so replay reads back exactly the values the live analysis used
        // (an LSM6DS3's 1000/70 LSB per °/s, a calibrated bias) and gives the identical summary.
        m.entries.append((key: "gyro_lsb_per_dps", value: "\(rig.imu.gyroSensitivityLSBPerDPS)"))
        // Whether `started` can be trusted (a Pi without network time or RTC dates sessions from its last shutdown).
        if let clock = rig.wallClock { m.entries.append((key: "wall_clock", value: clock.metadataValue)) }
        if let b = settings.orientation.initialGyroBiasRadS {
            let text = [b.x, b.y, b.z].map { "\($0)" }.joined(separator: ",")
            m.entries.append((key: "gyro_bias_rad_s", value: text))
        }
        return m
    }

    /// The end-of-session report: the replay summary plus what to do next.
    static func report(_ summary: SessionSummary, settings: AnalysisSettings, json: Bool, recordPath: String) -> String {
        if json { return SummaryJSON.render(summary) }
        var out = SummaryText.render(summary, settings: settings, source: "session recorded to \(recordPath)")
        if summary.outages.contains(where: { $0.sensor == .recording }) {
            out += "\nThe recording \(recordPath) is incomplete (see the note above): what it holds replays with rollmon replay."
        } else {
            out += "\nReplay it any time: rollmon replay \(recordPath)"
        }
        return out
    }
}
