import Foundation
import RollCore
import RollTrace
import TOMLKit

/// `~/.config/rollmon/config.toml` (or `$XDG_CONFIG_HOME/rollmon/config.toml`, or `--config FILE`): the user's tool,
/// fascia length, wiring, thresholds and calibration. Every key is optional; command-line flags override it.
/// Values are typed and in range once loaded (`ConfigReader` checks each key before any hardware is opened).
struct RollmonConfig: Encodable, Equatable {
    var tool: ToolSection?
    var thresholds: ThresholdSection?
    var wiring: WiringSection?
    var calibration: CalibrationSection?
    var history: HistorySection?
    /// `[user.NAME]`: what `rollmon calibrate --user NAME` learned about one person (README "Personal settings").
    var user: [String: UserSection]?

    struct UserSection: Encodable, Equatable {
        /// Heel to ball of the foot, the median of slow whole-length strokes measured by `calibrate` (cm).
        var fasciaCM: Double?
        /// Firm-but-comfortable press plus the margin, measured by `calibrate` (N).
        var personalSevereN: Double?
        var calibratedAt: String?
        enum CodingKeys: String, CodingKey { case fasciaCM = "fascia_cm", personalSevereN = "personal_severe_n", calibratedAt = "calibrated_at" }
    }

    /// The user a command runs for when `--user` is not given.
    static let defaultUser = "default"

    struct HistorySection: Codable, Equatable {
        /// "HH:MM": when a day begins for the daily-habit count (interface v2 §5; default 04:00).
        var dayStartsAt: String?
        enum CodingKeys: String, CodingKey { case dayStartsAt = "day_starts_at" }
    }

    struct ToolSection: Encodable, Equatable {
        var kind: Tool?
        var radiusMM: Double?
        var fasciaCM: Double?
        enum CodingKeys: String, CodingKey { case kind, radiusMM = "radius_mm", fasciaCM = "fascia_cm" }
    }

    struct ThresholdSection: Encodable, Equatable {
        var severeN: Double?
        var firstFoot: Foot?
        enum CodingKeys: String, CodingKey { case severeN = "severe_n", firstFoot = "first_foot" }
    }

    struct WiringSection: Encodable, Equatable {
        var i2cBus: Int?
        /// 7-bit address of the IMU; nil = auto-detect at the usual addresses.
        var imuAddress: UInt8?
        var forceSensor: ForceSensorKind?
        var forceAddress: UInt8?
        var ads1115Input: ADS1115InputKind?
        /// GPIO chip by path or name, e.g. "/dev/gpiochip0" or "gpiochip0" (on a Pi 5 the header is gpiochip4).
        var gpiochip: String?
        var buttonLine: UInt32?
        var buzzerLine: UInt32?
        var hx711DataLine: UInt32?
        var hx711ClockLine: UInt32?
        /// GPIO line of the IMU's INT / INT1 pin; nil = no data-ready line (the FIFO is drained on a timer).
        var imuDataReadyLine: UInt32?
        /// HX711 output rate set by the board's RATE pin: 10 (pin low, most boards) or 80 (pin high).
        var hx711RateHz: Double?
        enum CodingKeys: String, CodingKey {
            case i2cBus = "i2c_bus", imuAddress = "imu_address", forceSensor = "force_sensor"
            case forceAddress = "force_address", ads1115Input = "ads1115_input", gpiochip
            case buttonLine = "button_line", buzzerLine = "buzzer_line", hx711DataLine = "hx711_data_line"
            case hx711ClockLine = "hx711_clock_line", imuDataReadyLine = "imu_data_ready_line"
            case hx711RateHz = "hx711_rate_hz"
        }
    }

    struct CalibrationSection: Encodable, Equatable {
        /// Gyro zero-rate offset measured with the ball still (rad/s, sensor frame).
        var gyroBiasRadS: [Double]?
        /// Raw force reading with nothing on the sensor.
        var forceTareCounts: Double?
        /// Newtons per raw count, from a known load.
        var forceNewtonsPerCount: Double?
        /// FSR curve: pairs of [counts, newtons], counts increasing.
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

    /// Loads and checks the file if it exists; a missing file is an empty config. Anything wrong is a `ConfigError`
    /// naming file, line and key.
    static func load(path: String) throws(ConfigError) -> RollmonConfig {
        guard FileManager.default.fileExists(atPath: path) else { return RollmonConfig() }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(path: path, message: "cannot read: \(error.localizedDescription)")
        }
        return try ConfigReader(path: path, text: text).read()
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

    /// What the config file says about the analysis for one user (`SettingsResolution` puts flags and trace metadata
    /// above it): what `calibrate` learned about them (`[user.NAME]`) comes before the shared `[tool]` /
    /// `[thresholds]` values (it is about this person's feet, those are about the household's kit); flags still win.
    func analysisChoices(user name: String?) -> AnalysisChoices {
        // The calibrated gyro bias seeds the estimator's bias state (`OrientationSettings.initialGyroBiasRadS`).
        let bias = calibration?.gyroBiasRadS.flatMap { $0.count == 3 ? Vector3($0[0], $0[1], $0[2]) : nil }
        let learned = name.flatMap { user?[$0] }
        return AnalysisChoices(tool: tool?.kind, radiusMM: tool?.radiusMM, fasciaCM: learned?.fasciaCM ?? tool?.fasciaCM,
                               severeForceN: learned?.personalSevereN ?? thresholds?.severeN ?? calibration?.personalSevereN,
                               firstFoot: thresholds?.firstFoot, initialGyroBiasRadS: bias)
    }
}

/// A config file that cannot be used: `file:line: key: what was expected` (line and key when known). Exit 78.
struct ConfigError: Error, CustomStringConvertible {
    var path: String
    var line: Int?
    var key: String?
    var message: String

    init(path: String, line: Int? = nil, key: String? = nil, message: String) {
        self.path = path; self.line = line; self.key = key; self.message = message
    }

    var description: String {
        path + (line.map { ":\($0)" } ?? "") + ": " + (key.map { "\($0): " } ?? "") + message
    }
}
