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
        var settings = analysis.settings(metadata: .init(), base: try cfg.analysisBase())
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
                json: Bool, stats: Bool, title: String, source: String, writePath: TraceWritePath = .posix) throws -> (SessionSummary, LiveSession, String) {
    let recordPath: String
    do { recordPath = try record ?? SessionPlumbing.defaultRecordPath() } catch {
        FileHandle.standardError.write(Data("rollmon: cannot create the sessions folder: \(error)\n".utf8))
        throw ExitCode(ExitStatus.cantCreate)
    }
    let terminal = Terminal()
    Terminal.installSignalHandlers()
    var sessionRef: LiveSession?
    let sampleSource = SampleSource(imu: rig.imu, force: rig.force, clock: rig.clock) { event in sessionRef?.sensorEvent(event) }
    let options = LiveSession.Options(
        settings: settings, metadata: SessionPlumbing.metadata(settings: settings, rig: rig, source: source),
        recordPath: recordPath, title: title, durationS: duration, pace: pace, quiet: json, writePath: writePath)
    let session = LiveSession(source: sampleSource, indicator: rig.indicator, button: rig.button, options: options,
                              terminal: terminal)
    sessionRef = session
    for note in rig.notes { FileHandle.standardError.write(Data("rollmon: \(note)\n".utf8)) }
    let cpuStart = CPUTime.now()
    let wallStart = Date()
    let summary: SessionSummary
    do { summary = try session.run() } catch {
        FileHandle.standardError.write(Data("rollmon: \(error)\n".utf8))
        throw ExitCode(ExitStatus.unavailable)
    }
    print(SessionPlumbing.report(summary, settings: settings, json: json, recordPath: recordPath))
    if stats {
        let wall = Date().timeIntervalSince(wallStart)
        let cpu = CPUTime.now() - cpuStart
        FileHandle.standardError.write(Data(StatsLine.render(session: session, cpuS: cpu, wallS: wall).utf8))
    }
    return (summary, session, recordPath)
}

enum CPUTime {
    /// User + system CPU seconds of this process so far.
    static func now() -> Double {
        var u = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }
}

enum StatsLine {
    static func render(session: LiveSession, cpuS: Double, wallS: Double, extra: String = "") -> String {
        func pct(_ xs: [Double], _ p: Double) -> String {
            guard !xs.isEmpty else { return "-" }
            let s = xs.sorted()
            return String(format: "%.1f", s[min(s.count - 1, Int(Double(s.count - 1) * p))] * 1000)
        }
        let screen = session.screenLatencies, buzz = session.buzzerLatencies
        return String(format: "stats: samples=%d wall_s=%.2f cpu_s=%.2f cpu_pct=%.1f", session.samplesProcessed, wallS, cpuS, wallS > 0 ? cpuS / wallS * 100 : 0)
            + " screen_latency_ms(p50/p99/max)=\(pct(screen, 0.5))/\(pct(screen, 0.99))/\(pct(screen, 1)) n=\(screen.count)"
            + " buzzer_latency_ms(p50/p99/max)=\(pct(buzz, 0.5))/\(pct(buzz, 0.99))/\(pct(buzz, 1)) n=\(buzz.count)"
            + extra + "\n"
    }
}
