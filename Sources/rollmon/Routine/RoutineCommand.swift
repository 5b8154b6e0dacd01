import ArgumentParser
import Foundation
import RollAnalysis
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
    @Option(help: "Demo: times real time (default 1; 0 as fast as possible).")
    var speed: Double = 1
    @Flag(name: .customLong("pre-run"), help: "The warm-up before a run instead of the recovery routine.")
    var preRun = false
    @Flag(help: "Print the result as the interface §7 JSON object.")
    var json = false
    @Option(name: .customLong("data-dir"), help: "Where recordings and the history live (default: $ROLLMON_DATA_DIR, $XDG_DATA_HOME/rollmon, ~/.local/share/rollmon).")
    var dataDir: String?
    @OptionGroup var analysis: AnalysisOptions

    func validate() throws {
        if !(speed >= 0 && speed.isFinite) { throw ValidationError("--speed must be 0 (as fast as possible) or more") }
    }

    func run() throws {
        guard demo else {
            throw RollmonFailure(.unavailable, "rollmon: routine: only --demo is available in this version (the live routine on the sensors is not built yet)")
        }
        let settings = SettingsResolution.resolve(flags: analysis.choices, metadata: AnalysisChoices())
        let options = RoutinePlan.Options(tool: .roller)  // the demo instruments both tools: calves and golf ball measured
        let plan = preRun ? RoutinePlan.preRun(.init(tool: .ball)) : RoutinePlan.postRun(options)
        let dir = Self.dataDirectory(dataDir) + "/sessions"
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw RollmonFailure(.cantCreate, "rollmon: cannot create \(dir): \(error.localizedDescription)")
        }
        Terminal.installSignalHandlers()
        let result = try RoutineDemo(plan: plan, speed: speed, sessionsDir: dir, settings: settings).run(terminal: Terminal(), json: json)
        print(json ? result.json() : result.text())
    }

    /// Interface §5: --data-dir, else $ROLLMON_DATA_DIR, else $XDG_DATA_HOME/rollmon, else ~/.local/share/rollmon.
    static func dataDirectory(_ flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let d = environment["ROLLMON_DATA_DIR"], !d.isEmpty { return d }
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty { return x + "/rollmon" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/rollmon"
    }
}
