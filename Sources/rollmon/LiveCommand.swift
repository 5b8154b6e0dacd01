import ArgumentParser
import Foundation
import RollAnalysis
import RollTrace
import SensorIO

struct LiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Coach a session in real time from the sensors on the ball or roller.",
        discussion: "Keys: s switch foot, p pause, q quit (Ctrl-C works too). Every session is recorded as a rollmon-trace."
    )

    @Option(name: .customLong("i2c-bus"), help: "I2C bus number of the sensors (/dev/i2c-N; default from config, else 1).")
    var i2cBus: Int?
    @Option(help: "Stop after this many seconds.")
    var duration: Double?
    @Option(help: "Record to this file (default: ~/.local/share/rollmon/sessions/<time>.csv).")
    var record: String?
    @Flag(help: "Print the final summary as the interface's JSON object.")
    var json = false
    @Option(help: "Config file (default: ~/.config/rollmon/config.toml).")
    var config: String?
    @Option(name: .customLong("force-sensor"), help: "hx711, ads1115, bmp280 or none (default from config).")
    var forceSensor: String?
    @Option(name: .customLong("imu-address"), help: "7-bit IMU address, e.g. 0x68 (default: auto-detect).", transform: parseAddress)
    var imuAddress: Int?
    @Option(help: "GPIO chip for the button, buzzer and HX711 (path or name; default gpiochip0).")
    var gpiochip: String?
    @Option(name: .customLong("button-line"), help: "Line offset of the switch-foot button (default 17).")
    var buttonLine: Int?
    @Option(name: .customLong("buzzer-line"), help: "Line offset of the buzzer or LED (default 27).")
    var buzzerLine: Int?
    @Flag(help: "Print CPU use and alert latency at the end (on standard error).")
    var stats = false
    @OptionGroup var analysis: AnalysisOptions

    func run() throws {
        let configPath = config ?? RollmonConfig.defaultPath()
        let cfg: RollmonConfig
        do { cfg = try RollmonConfig.load(path: configPath) } catch {
            FileHandle.standardError.write(Data("rollmon: \(error)\n".utf8))
            throw ExitCode(78) // EX_CONFIG
        }
        let wiring = WiringOptions(i2cBus: i2cBus, imuAddress: imuAddress, forceSensor: forceSensor, gpiochip: gpiochip,
                                   buttonLine: buttonLine, buzzerLine: buzzerLine)
        let rig: SensorRig
        do { rig = try HardwareRig.build(config: cfg, wiring: wiring) } catch {
            FileHandle.standardError.write(Data("rollmon: \(error)\n".utf8))
            throw ExitCode(ExitStatus.unavailable)
        }
        var settings = SettingsResolution.resolve(flags: analysis.choices, config: try cfg.analysisChoices())
        settings.gyroFullScaleRadS = rig.imu.gyroFullScaleRadS
        try runSession(rig: rig, settings: settings, record: record, duration: duration, pace: nil, json: json,
                       stats: stats, title: "rollmon live", source: "rollmon live")
    }
}

func parseAddress(_ s: String) throws -> Int {
    let v = s.lowercased().hasPrefix("0x") ? Int(s.dropFirst(2), radix: 16) : Int(s)
    guard let v, (0x03...0x77).contains(v) else { throw ValidationError("'\(s)' is not a 7-bit I2C address (0x03–0x77)") }
    return v
}

/// Runs the live loop on a rig and prints the end-of-session report. Shared by `live` and `demo`.
@discardableResult
func runSession(rig: SensorRig, settings: AnalysisSettings, record: String?, duration: Double?, pace: Double?,
                json: Bool, stats: Bool, title: String, source: String) throws -> (SessionSummary, LiveSession, String) {
    let recordPath: String
    do { recordPath = try record ?? SessionPlumbing.defaultRecordPath() } catch {
        FileHandle.standardError.write(Data("rollmon: cannot create the sessions folder: \(error)\n".utf8))
        throw ExitCode(ExitStatus.cantCreate)
    }
    let terminal = Terminal()
    Terminal.installSignalHandlers()
    let options = LiveSession.Options(
        settings: settings, metadata: SessionPlumbing.metadata(settings: settings, rig: rig, source: source),
        recordPath: recordPath, title: title, durationS: duration, pace: pace, quiet: json)
    let session = LiveSession(rig: rig, options: options, terminal: terminal)
    for note in rig.notes { FileHandle.standardError.write(Data("rollmon: \(note)\n".utf8)) }
    let cpuStart = CPUTime.now()
    let wallStart = Date()
    let summary: SessionSummary
    do { summary = try session.run() } catch {
        FileHandle.standardError.write(Data("rollmon: \(error)\n".utf8))
        throw ExitCode(ExitStatus.unavailable)
    }
    print(SessionPlumbing.report(summary, settings: settings, json: json, recordPath: recordPath))
    if let failure = session.recordingFailures.first {
        FileHandle.standardError.write(Data("rollmon: the recording is incomplete: \(failure)\n".utf8))
    }
    if stats {
        let wall = Date().timeIntervalSince(wallStart)
        let cpu = CPUTime.now() - cpuStart
        FileHandle.standardError.write(Data(StatsLine.render(samples: session.samplesProcessed, screen: session.screenLatency,
                                                             buzzer: session.buzzerLatency, cpuS: cpu, wallS: wall).utf8))
    }
    return (summary, session, recordPath)
}
