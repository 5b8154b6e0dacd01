import ArgumentParser
import Foundation
import RollAnalysis
import RollHistory
import RollRoutine
import RollTrace

struct RoutineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routine",
        abstract: "The guided recovery routine: feet, calves and stretches step by step (interface §7).",
        discussion: "Keys: n next / skip (or the button), p pause, q quit (what was done is kept)."
    )

    @Flag(help: "Play the whole routine on the simulated chips.")
    var demo = false
    @Option(parsing: .unconditional, help: "Demo: times real time (default 1; 0 as fast as possible).")
    var speed: Double = 1
    @Flag(name: .customLong("pre-run"), help: "The warm-up before a run instead of the recovery routine.")
    var preRun = false
    @Flag(help: "Print the result as the interface §7 JSON object.")
    var json = false
    @Option(help: "Config file (default: ~/.config/rollmon/config.toml).")
    var config: String?
    @OptionGroup var wiring: WiringOptions
    @OptionGroup var person: UserOption
    @OptionGroup var data: DataDirectoryOptions
    @OptionGroup var analysis: AnalysisOptions

    func validate() throws {
        if !(speed >= 0 && speed.isFinite) { throw ValidationError("--speed must be 0 (as fast as possible) or more") }
        // The demo simulates both tools itself (a 31.5 mm ball, a 75 mm roller): these flags were accepted and then
        // had no effect at all, the recording saying 31.5 mm after --radius-mm 33.
        if demo, let flag = analysis.tool.map({ _ in "--tool" }) ?? analysis.radiusMM.map({ _ in "--radius-mm" }) {
            throw ValidationError("\(flag) is for the routine on the sensors: --demo simulates its own tools (feet: a 31.5 mm ball, calves: a 75 mm foam roller)")
        }
    }

    func run() throws {
        guard demo else { return try runOnSensors() }
        // The simulated chips stand in for the sensors; the person is real: their learned fascia and severe limit apply.
        let settings = SettingsResolution.resolve(flags: analysis.choices, config: try loadConfig(config).analysisChoices(user: person.user))
        // The demo instruments both tools: feet, calves and golf ball are all measured.
        let options = RoutinePlan.Options(tools: [.ball, .roller])
        let plan = preRun ? RoutinePlan.preRun(options) : RoutinePlan.postRun(options)
        let directory = data.directory
        do { try directory.create() } catch { throw RollmonFailure(.cantCreate, "rollmon: \(error)") }
        Terminal.installSignalHandlers()
        // Each recording is locked while it is written, so another rollmon does not "recover" it meanwhile (§5).
        var locks: [RecordingLock] = []
        var demo = RoutineDemo(plan: plan, speed: speed, sessionsDir: directory.sessions, settings: settings)
        demo.willRecord = { path in if let l = RecordingLock(recording: path) { locks.append(l) } }
        let result: RoutineResult
        // A recording that cannot be created (a read-only data directory) is exit 73 as for `demo`; it once escaped
        // as ArgumentParser's "Error: …" with exit 1.
        do { result = try demo.run(terminal: Terminal(), json: json) } catch let e as TraceWriteError {
            throw RollmonFailure.rollmon(.cantCreate, e)
        }
        print(json ? result.json() : result.text())
        sayRecordingFailures(result)
        try save(result, locks: locks)
    }

    /// The routine on the sensors `live` reads (same wiring, config and errors): the instrumented tool is measured,
    /// the other steps are timed; one recording, added to the history at the end.
    private func runOnSensors() throws {
        let cfg = try loadConfig(config)
        let rig = try HardwareRig.open(config: cfg, wiring: wiring)
        var settings = SettingsResolution.resolve(flags: analysis.choices, config: cfg.analysisChoices(user: person.user))
        settings.gyroFullScaleRadS = rig.imu.gyroFullScaleRadS
        settings.gyroLSBPerDPS = rig.imu.gyroSensitivityLSBPerDPS
        let options = RoutinePlan.Options(tool: settings.tool)
        let plan = preRun ? RoutinePlan.preRun(options) : RoutinePlan.postRun(options)
        let hook = try SessionHistoryHook(data: data, record: nil)
        var metadata = SessionPlumbing.metadata(settings: settings, rig: rig, source: "rollmon routine")
        metadata.entries.append((key: "target", value: settings.tool == .ball ? "feet" : "calves"))
        Terminal.installSignalHandlers()
        for note in rig.notes { FileHandle.standardError.write(Data("rollmon: \(note)\n".utf8)) }
        let session = RoutineSession(rig: rig, options: .init(plan: plan, settings: settings, metadata: metadata, recordPath: hook.recordPath,
                                                              title: "rollmon routine", quiet: json), terminal: Terminal())
        let result: RoutineResult
        do { result = try session.run() } catch let e as TraceWriteError {
            throw RollmonFailure.rollmon(.cantCreate, e)   // the recording could not be created: nothing has run (as `live`)
        } catch {
            throw RollmonFailure.rollmon(.unavailable, error)
        }
        print(json ? result.json() : result.text())
        sayRecordingFailures(result)
        try hook.finish(json: json, configPath: config)
        let history = try data.openHistory()
        do { try history.addRoutine(result.record) } catch {
            throw RollmonFailure(.ioError, "rollmon: \(error); the routine's rolling is recorded in \(hook.recordPath), its step list is not in the history")
        }
    }

    /// On standard error, as `live` and `demo` end: "the recording is incomplete: …" (a full disk said nothing here).
    private func sayRecordingFailures(_ result: RoutineResult) {
        for f in result.recordingFailures { FileHandle.standardError.write(Data("rollmon: the recording is incomplete: \(f)\n".utf8)) }
    }

    /// Adds the routine's recordings to the history (the calves recording says `target: calves`, so its minutes count
    /// in `calves_s`) and prints today's standing — on standard error with `--json`, so standard output stays one object.
    private func save(_ result: RoutineResult, locks: [RecordingLock]) throws {
        let recordings = Set(result.steps.compactMap(\.recording)).sorted()
        let history = try data.openHistory()
        for path in recordings {
            do { try history.addRecording(path: path) } catch {
                throw RollmonFailure(.ioError, "rollmon: \(error); the routine is recorded in \(path): add it later with rollmon history add \(path)")
            }
        }
        for l in locks { l.release() }
        do { try history.addRoutine(result.record) } catch {
            throw RollmonFailure(.ioError, "rollmon: \(error); the routine's step list is not in the history")
        }
        let start = try dayStart(configPath: nil)
        let standing = try history.standing(today: History.today(dayStart: start), windowDays: 1, dayStart: start)
        let line = "Today: " + HistoryText.standingLine(standing)
        if json { FileHandle.standardError.write(Data((line + "\n").utf8)) } else { print(line) }
    }

}
