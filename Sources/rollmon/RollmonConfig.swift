import Foundation
import RollAnalysis
import RollCore
import TOMLKit

/// `~/.config/rollmon/config.toml` (or `$XDG_CONFIG_HOME/rollmon/config.toml`, or `--config FILE`): the user's tool,
/// fascia length, wiring, thresholds and calibration. Every key is optional; command-line flags override it.
struct RollmonConfig: Codable, Equatable {
    var tool: ToolSection?
    var thresholds: ThresholdSection?
    var wiring: WiringSection?
    var calibration: CalibrationSection?

    struct ToolSection: Codable, Equatable {
        /// "ball" or "roller".
        var kind: String?
        var radiusMM: Double?
        var fasciaCM: Double?
        enum CodingKeys: String, CodingKey { case kind, radiusMM = "radius_mm", fasciaCM = "fascia_cm" }
    }

    struct ThresholdSection: Codable, Equatable {
        var severeN: Double?
        /// "right" or "left".
        var firstFoot: String?
        enum CodingKeys: String, CodingKey { case severeN = "severe_n", firstFoot = "first_foot" }
    }

    struct WiringSection: Codable, Equatable {
        var i2cBus: Int?
        /// 7-bit address of the IMU; nil = auto-detect at the usual addresses.
        var imuAddress: Int?
        /// "hx711", "ads1115", "bmp280" or "none".
        var forceSensor: String?
        var forceAddress: Int?
        /// ADS1115 input: "fsr" (piecewise curve) or "bridge" (load cell).
        var ads1115Input: String?
        /// GPIO chip by path or name, e.g. "/dev/gpiochip0" or "gpiochip0" (on a Pi 5 the header is gpiochip4).
        var gpiochip: String?
        var buttonLine: Int?
        var buzzerLine: Int?
        var hx711DataLine: Int?
        var hx711ClockLine: Int?
        var imuDataReadyLine: Int?
        enum CodingKeys: String, CodingKey {
            case i2cBus = "i2c_bus", imuAddress = "imu_address", forceSensor = "force_sensor"
            case forceAddress = "force_address", ads1115Input = "ads1115_input", gpiochip
            case buttonLine = "button_line", buzzerLine = "buzzer_line", hx711DataLine = "hx711_data_line"
            case hx711ClockLine = "hx711_clock_line", imuDataReadyLine = "imu_data_ready_line"
        }
    }

    struct CalibrationSection: Codable, Equatable {
        /// Gyro zero-rate offset measured with the ball still (rad/s, sensor frame).
        var gyroBiasRadS: [Double]?
        /// Raw force reading with nothing on the sensor.
        var forceTareCounts: Double?
        /// Newtons per raw count, from a known load.
        var forceNewtonsPerCount: Double?
        /// FSR curve: pairs of [counts, newtons], increasing.
        var forceCurve: [[Double]]?
        /// Personal severe limit set by `rollmon calibrate` (firm but comfortable press plus a margin).
        var personalSevereN: Double?
        var calibratedAt: String?
        enum CodingKeys: String, CodingKey {
            case gyroBiasRadS = "gyro_bias_rad_s", forceTareCounts = "force_tare_counts"
            case forceNewtonsPerCount = "force_newtons_per_count", forceCurve = "force_curve"
            case personalSevereN = "personal_severe_n", calibratedAt = "calibrated_at"
        }
    }

    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/rollmon/config.toml" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/rollmon/config.toml"
    }

    /// Loads the file if it exists; a missing file is an empty config, a malformed one an error naming the file.
    static func load(path: String) throws -> RollmonConfig {
        guard FileManager.default.fileExists(atPath: path) else { return RollmonConfig() }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(path: path, message: "cannot read: \(error.localizedDescription)")
        }
        do { return try TOMLDecoder().decode(RollmonConfig.self, from: text) } catch {
            throw ConfigError(path: path, message: "not a valid rollmon config: \(error)")
        }
    }

    func save(path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let text = "# rollmon configuration (see README, 'Configuration'). Command-line flags override these.\n"
            + (try TOMLEncoder().encode(self) as String) + "\n"
        // Write a sibling then rename, so a crash mid-write never leaves half a config.
        let tmp = path + ".tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: tmp))
        if rename(tmp, path) != 0 { throw ConfigError(path: path, message: String(cString: strerror(errno))) }
    }

    /// Applies the config under the defaults (flags are applied on top by `AnalysisOptions`).
    func analysisBase() throws -> AnalysisSettings {
        var tool = Tool.ball
        if let k = self.tool?.kind {
            guard let t = Tool(rawValue: k.lowercased()) else { throw ConfigError(path: "config", message: "tool.kind must be 'ball' or 'roller', found '\(k)'") }
            tool = t
        }
        var s = AnalysisSettings(tool: tool, radiusMM: self.tool?.radiusMM, fasciaCM: self.tool?.fasciaCM ?? 15)
        if let severe = calibration?.personalSevereN { s.severeForceN = severe }
        if let severe = thresholds?.severeN { s.severeForceN = severe }
        if let f = thresholds?.firstFoot {
            guard let foot = Foot(rawValue: f.lowercased()) else { throw ConfigError(path: "config", message: "thresholds.first_foot must be 'right' or 'left', found '\(f)'") }
            s.firstFoot = foot
        }
        return s
    }
}

struct ConfigError: Error, CustomStringConvertible {
    var path: String
    var message: String
    var description: String { "\(path): \(message)" }
}
