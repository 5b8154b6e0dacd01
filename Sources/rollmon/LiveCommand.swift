import ArgumentParser
import Foundation
import RollAnalysis
import RollConfig
import RollTrace
import SensorIO

struct LiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Coach a session in real time from the sensors on the ball or roller.",
        discussion: "Keys: s switch foot, p pause, q quit (Ctrl-C works too). Every session is recorded as a rollmon-trace."
    )

    @Option(parsing: .unconditional, help: "Stop after this many seconds.")
    var duration: Double?
    @Option(help: "Record to this file (default: DATA-DIR/sessions/<time>.csv).")
    var record: String?
    @Flag(help: "Print the final summary as the interface's JSON object.")
    var json = false
    @Option(help: "Config file (default: ~/.config/rollmon/config.toml).")
    var config: String?
    @Flag(help: "Print CPU use, alert latency and sample-interval jitter at the end (on standard error).")
    var stats = false
    @OptionGroup var wiring: WiringOptions
    @OptionGroup var person: UserOption
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var data: DataDirectoryOptions

    func validate() throws {
        try validateSessionFlags(duration: duration, record: record)
    }

    func run() throws {
        let cfg = try loadConfig(config)
        let rig = try HardwareRig.open(config: cfg, wiring: wiring)
        var settings = SettingsResolution.resolve(flags: analysis.choices, config: cfg.analysisChoices(user: person.user))
        settings.gyroFullScaleRadS = rig.imu.gyroFullScaleRadS
        settings.gyroLSBPerDPS = rig.imu.gyroSensitivityLSBPerDPS
        try runSession(rig: rig, settings: settings, record: record, data: data, configPath: config, duration: duration, pace: nil, json: json,
                       stats: stats, title: "rollmon live", source: "rollmon live")
    }
}

/// The config file of `--config` (or the default path), checked: a bad one is exit 78 with `file:line: key: …`.
func loadConfig(_ path: String?) throws -> RollmonConfig {
    do { return try RollmonConfig.load(path: path ?? RollmonConfig.defaultPath()) } catch {
        throw RollmonFailure.rollmon(.config, error)
    }
}

/// The checks of `--duration` and `--record`, which `live` and `demo` share (each in its own `validate()`, after
/// the flags it checks first).
func validateSessionFlags(duration: Double?, record: String?) throws {
    if let d = duration, !(d > 0 && d.isFinite) { throw ValidationError("--duration must be a positive number of seconds") }
    if record?.isEmpty == true { throw ValidationError("--record needs a file name, e.g. --record today.csv") }
}

/// Runs the live loop on a rig and prints the end-of-session report. Shared by `live` and `demo`.
@discardableResult
func runSession(rig: SensorRig, settings: AnalysisSettings, record: String?, data: DataDirectoryOptions,
                configPath: String?, duration: Double?, pace: Double?,
                json: Bool, stats: Bool, title: String, source: String, writePath: TraceWritePath = .posix) throws -> (SessionSummary, LiveSession, String) {
    let historyHook = try SessionHistoryHook(data: data, record: record)
    let recordPath = historyHook.recordPath
    let terminal = Terminal()
    Terminal.installSignalHandlers()
    let options = LiveSession.Options(
        settings: settings, metadata: SessionPlumbing.metadata(settings: settings, rig: rig, source: source),
        recordPath: recordPath, title: title, durationS: duration, pace: pace, quiet: json, writePath: writePath)
    let session = LiveSession(rig: rig, options: options, terminal: terminal)
    for note in rig.notes { FileHandle.standardError.write(Data("rollmon: \(note)\n".utf8)) }
    let cpuStart = CPUTime.now()
    let wallStart = Date()
    let summary: SessionSummary
    do { summary = try session.run() } catch let e as TraceWriteError {
        // The recording could not be created (it exists, or the folder is missing or read-only): nothing has run.
        throw RollmonFailure.rollmon(.cantCreate, e)
    } catch {
        throw RollmonFailure.rollmon(.unavailable, error)
    }
    print(SessionPlumbing.report(summary, settings: settings, json: json, recordPath: recordPath))
    if let failure = session.recordingFailures.first {
        FileHandle.standardError.write(Data("rollmon: the recording is incomplete: \(failure)\n".utf8))
    }
    if stats {
        let wall = Date().timeIntervalSince(wallStart)
        let cpu = CPUTime.now() - cpuStart
        FileHandle.standardError.write(Data(StatsLine.render(samples: session.samplesProcessed, screen: session.screenLatency,
                                                             buzzer: session.buzzerLatency, jitter: session.sampleJitter, cpuS: cpu, wallS: wall,
                                                             i2cRetries: rig.retryingBus?.retriedTransfers).utf8))
    }
    try historyHook.finish(json: json, configPath: configPath)
    return (summary, session, recordPath)
}
