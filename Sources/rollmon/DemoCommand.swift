import ArgumentParser
import Foundation
import RollAnalysis
import RollTrace
import SensorIO
import SensorModels

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The whole live path without hardware: simulated chips play a recorded session through the real drivers.",
        discussion: "Same screen and keys as `rollmon live`. --speed 10 plays ten times faster; --speed 0 as fast as possible."
    )

    @Option(help: "The trace the simulated chips play (default: the bundled fixture).")
    var fixture: String?
    @Option(parsing: .unconditional, help: "Times real time (default 1).")
    var speed: Double = 1
    @Option(parsing: .unconditional, help: "Stop after this many seconds of session time.")
    var duration: Double?
    @Option(help: "Record to this file (default: DATA-DIR/sessions/<time>.csv).")
    var record: String?
    @Flag(help: "Print the final summary as the interface's JSON object.")
    var json = false
    @Flag(help: "Print CPU use, alert latency and buzzer response at the end (on standard error).")
    var stats = false
    @Option(name: .customLong("fault"), parsing: .singleValue,
            help: ArgumentHelp("Make the simulated hardware fail (repeatable): force-unplug@T[:D], imu-unplug@T:D, i2c-errors@T:P, fifo-overflow@T, disk-full@T.",
                               valueName: "spec"),
            transform: { spec in
                do { return try DemoFault(spec: spec) } catch { throw ValidationError("\(error)") }
            })
    var faults: [DemoFault] = []
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var data: DataDirectoryOptions

    func validate() throws {
        if !(speed >= 0 && speed.isFinite) { throw ValidationError("--speed must be 0 (as fast as possible) or more") }
        try validateSessionFlags(duration: duration, record: record)
    }

    func run() throws {
        let path = fixture ?? Self.bundledFixture()
        let demo: DemoRig
        do { demo = try DemoRig(fixture: path, faults: DemoFaultPlan(faults)) } catch {
            throw RollmonFailure.rollmon(.dataError, error)
        }
        var settings = SettingsResolution.resolve(flags: analysis.choices, metadata: demo.metadata.analysisChoices)
        settings.gyroFullScaleRadS = demo.rig.imu.gyroFullScaleRadS
        settings.gyroLSBPerDPS = demo.rig.imu.gyroSensitivityLSBPerDPS
        let cpuStart = CPUTime.now()
        let wallStart = Date()
        let (summary, session, _) = try runSession(
            rig: demo.rig, settings: settings, record: record, data: data, configPath: nil, duration: min(duration ?? .infinity, demo.durationS), pace: speed > 0 ? speed : nil,
            json: json, stats: false, title: "rollmon demo (simulated sensors)", source: "rollmon demo of \(path)",
            writePath: demo.recordingWritePath)
        if stats {
            let severe = summary.alerts.filter { $0.kind == .severePressure }.map(\.tS)
            let responses = demo.buzzerResponses(to: severe, withinS: 0.05)
            let hit = responses.compactMap { $0 }
            let worst = hit.max().map { String(format: "%.1f", $0 * 1000) } ?? "-"
            let extra = " severe_alerts=\(severe.count) buzzer_high_within_50ms=\(hit.count) buzzer_worst_ms=\(worst)"
            FileHandle.standardError.write(Data(StatsLine.render(samples: session.samplesProcessed, screen: session.screenLatency, buzzer: session.buzzerLatency,
                                                                 jitter: session.sampleJitter, cpuS: CPUTime.now() - cpuStart, wallS: Date().timeIntervalSince(wallStart),
                                                                 i2cRetries: demo.rig.retryingBus?.retriedTransfers, extra: extra).utf8))
        }
    }

    /// Fixtures/imu-traces/demo-session.csv next to the executable's package, or installed beside the binary.
    static func bundledFixture() -> String {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            exe.appendingPathComponent("../share/rollmon/demo-session.csv").path,
            exe.appendingPathComponent("../../../Fixtures/imu-traces/demo-session.csv").path,
            exe.appendingPathComponent("../../Fixtures/imu-traces/demo-session.csv").path,
            FileManager.default.currentDirectoryPath + "/Fixtures/imu-traces/demo-session.csv",
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates.last!
    }
}
