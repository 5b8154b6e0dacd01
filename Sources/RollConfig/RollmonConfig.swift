import Foundation
import RollCore
import RollTrace
import TOMLKit

/// `~/.config/rollmon/config.toml` (or `$XDG_CONFIG_HOME/rollmon/config.toml`, or `--config FILE`): the user's tool,
/// fascia length, wiring, thresholds and calibration. Every key is optional; command-line flags override it.
/// Values are typed and in range once loaded (`ConfigReader` checks each key before any hardware is opened).
public struct RollmonConfig: Encodable, Equatable {
    public var tool: ToolSection?
    public var thresholds: ThresholdSection?
    public var wiring: WiringSection?
    public var calibration: CalibrationSection?
    public var history: HistorySection?
    /// `[user.NAME]`: what `rollmon calibrate --user NAME` learned about one person (README "Personal settings").
    public var user: [String: UserSection]?

    public struct UserSection: Encodable, Equatable {
        /// Heel to ball of the foot, the median of slow whole-length strokes measured by `calibrate` (cm).
        public var fasciaCM: Double?
        /// Firm-but-comfortable press plus the margin, measured by `calibrate` (N).
        public var personalSevereN: Double?
        public var calibratedAt: String?
        public init(fasciaCM: Double? = nil, personalSevereN: Double? = nil, calibratedAt: String? = nil) {
            self.fasciaCM = fasciaCM; self.personalSevereN = personalSevereN; self.calibratedAt = calibratedAt
        }
        enum CodingKeys: String, CodingKey { case fasciaCM = "fascia_cm", personalSevereN = "personal_severe_n", calibratedAt = "calibrated_at" }
    }

    /// The user a command runs for when `--user` is not given.
    public static let defaultUser = "default"

    /// The empty config: every key unset (what a missing file means).
    public init() {}

    public struct HistorySection: Codable, Equatable {
        /// "HH:MM": when a day begins for the daily-habit count (interface v2 §5; default 04:00).
        public var dayStartsAt: String?
        enum CodingKeys: String, CodingKey { case dayStartsAt = "day_starts_at" }
    }

    public struct ToolSection: Encodable, Equatable {
        public var kind: Tool?
        public var radiusMM: Double?
        public var fasciaCM: Double?
        enum CodingKeys: String, CodingKey { case kind, radiusMM = "radius_mm", fasciaCM = "fascia_cm" }
    }

    public struct ThresholdSection: Encodable, Equatable {
        public var severeN: Double?
        public var firstFoot: Foot?
        enum CodingKeys: String, CodingKey { case severeN = "severe_n", firstFoot = "first_foot" }
    }

    public struct WiringSection: Encodable, Equatable {
        public var i2cBus: Int?
        /// 7-bit address of the IMU; nil = auto-detect at the usual addresses.
        public var imuAddress: UInt8?
        public var forceSensor: ForceSensorKind?
        public var forceAddress: UInt8?
        public var ads1115Input: ADS1115InputKind?
        /// GPIO chip by path or name, e.g. "/dev/gpiochip0" or "gpiochip0" (on a Pi 5 the header is gpiochip4).
        public var gpiochip: String?
        public var buttonLine: UInt32?
        public var buzzerLine: UInt32?
        public var hx711DataLine: UInt32?
        public var hx711ClockLine: UInt32?
        /// GPIO line of the IMU's INT / INT1 pin; nil = no data-ready line (the FIFO is drained on a timer).
        public var imuDataReadyLine: UInt32?
        /// HX711 output rate set by the board's RATE pin: 10 (pin low, most boards) or 80 (pin high).
        public var hx711RateHz: Double?
        enum CodingKeys: String, CodingKey {
            case i2cBus = "i2c_bus", imuAddress = "imu_address", forceSensor = "force_sensor"
            case forceAddress = "force_address", ads1115Input = "ads1115_input", gpiochip
            case buttonLine = "button_line", buzzerLine = "buzzer_line", hx711DataLine = "hx711_data_line"
            case hx711ClockLine = "hx711_clock_line", imuDataReadyLine = "imu_data_ready_line"
            case hx711RateHz = "hx711_rate_hz"
        }
    }

    public struct CalibrationSection: Encodable, Equatable {
        /// Gyro zero-rate offset measured with the ball still (rad/s, sensor frame).
        public var gyroBiasRadS: [Double]?
        /// Raw force reading with nothing on the sensor.
        public var forceTareCounts: Double?
        /// Newtons per raw count, from a known load.
        public var forceNewtonsPerCount: Double?
        /// FSR curve: pairs of [counts, newtons], counts increasing.
        public var forceCurve: [[Double]]?
        /// Personal severe limit set by `rollmon calibrate` (firm but comfortable press plus a margin).
        public var personalSevereN: Double?
        public var calibratedAt: String?

        public init(gyroBiasRadS: [Double]? = nil, forceTareCounts: Double? = nil, forceNewtonsPerCount: Double? = nil,
                    forceCurve: [[Double]]? = nil, personalSevereN: Double? = nil, calibratedAt: String? = nil) {
            self.gyroBiasRadS = gyroBiasRadS; self.forceTareCounts = forceTareCounts
            self.forceNewtonsPerCount = forceNewtonsPerCount; self.forceCurve = forceCurve
            self.personalSevereN = personalSevereN; self.calibratedAt = calibratedAt
        }
        enum CodingKeys: String, CodingKey {
            case gyroBiasRadS = "gyro_bias_rad_s", forceTareCounts = "force_tare_counts"
            case forceNewtonsPerCount = "force_newtons_per_count", forceCurve = "force_curve"
            case personalSevereN = "personal_severe_n", calibratedAt = "calibrated_at"
        }
    }

    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/rollmon/config.toml" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/rollmon/config.toml"
    }

    /// Loads and checks the file if it exists; a missing file is an empty config. Anything wrong is a `ConfigError`
    /// naming file, line and key.
    public static func load(path: String) throws(ConfigError) -> RollmonConfig {
        guard FileManager.default.fileExists(atPath: path) else { return RollmonConfig() }
        let text = try readText(path: path)
        return try ConfigReader(path: path, text: text).read()
    }

    /// The file's text by read(2), with the system's reason when it cannot be had. Foundation's
    /// `String(contentsOfFile:)` said "You don't have permission" for `/dev/null` and a FIFO, and
    /// "NSCocoaErrorDomain error 256" for a directory. `/dev/null` is an empty config, as a missing file is; a pipe
    /// (`--config <(…)`) is read to its end.
    static let largestConfigBytes = 1 << 20   // 1 MiB

    static func readText(path: String) throws(ConfigError) -> String {
        func failure(_ code: Int32) -> ConfigError { ConfigError(path: path, message: "cannot read: \(String(cString: strerror(code)))") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw failure(EISDIR) }
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw failure(errno) }
            if n == 0 { break }
            bytes.append(contentsOf: block[0..<n])
            // A device that never ends (`--config /dev/zero`, /dev/full, /dev/urandom) once read until the allocator
            // gave up (SIGABRT). A config is a few hundred bytes (the README's whole example is under 1 KiB).
            if bytes.count > Self.largestConfigBytes {
                throw ConfigError(path: path, message: "cannot read: more than 1 MiB; a config file is a few hundred bytes")
            }
        }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw ConfigError(path: path, message: "cannot read: the file is not UTF-8 text")
        }
        return text
    }

    public func save(path: String) throws {
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
    public func analysisChoices(user name: String?) -> AnalysisChoices {
        // The calibrated gyro bias seeds the estimator's bias state (`OrientationSettings.initialGyroBiasRadS`).
        let bias = calibration?.gyroBiasRadS.flatMap { $0.count == 3 ? Vector3($0[0], $0[1], $0[2]) : nil }
        let learned = name.flatMap { user?[$0] }
        return AnalysisChoices(tool: tool?.kind, radiusMM: tool?.radiusMM, fasciaCM: learned?.fasciaCM ?? tool?.fasciaCM,
                               severeForceN: learned?.personalSevereN ?? thresholds?.severeN ?? calibration?.personalSevereN,
                               firstFoot: thresholds?.firstFoot, initialGyroBiasRadS: bias)
    }
}

/// A config file that cannot be used: `file:line: key: what was expected` (line and key when known). Exit 78.
public struct ConfigError: Error, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var key: String?
    public var message: String

    public init(path: String, line: Int? = nil, key: String? = nil, message: String) {
        // Values quoted from the file may hold control characters (a TOML "\u001b" escape): kept one printable line.
        self.path = path; self.line = line; self.key = key; self.message = printableLine(message)
    }

    public var description: String {
        path + (line.map { ":\($0)" } ?? "") + ": " + (key.map { "\($0): " } ?? "") + message
    }
}
