#if canImport(Glibc)
import Glibc
#endif
import Foundation
import RollAnalysis
import RollCore
import RollRoutine
import RollSim
import RollTrace
import SensorIO

/// Plays a whole routine on the simulated chips: each measured step is a session simulated by RollSim (feet with a
/// 31.5 mm ball, calves with a 75 mm foam roller), fed sample by sample through the same `SessionPipeline` as `live`
/// and `demo`; timed and counted steps run on the routine clock and advance by themselves.
///
/// The tool change: one recording per tool. The feet steps share one pipeline and recording (`beginStep` between
/// feet); when the calves start, the feet recording is closed and a roller recording is opened, so each recording's
/// metadata names the tool that made it and replays with it.
struct RoutineDemo {
    var plan: RoutinePlan
    var speed: Double
    var sessionsDir: String
    var settings: AnalysisSettings
    var seed: UInt64 = 1
    var title = "rollmon routine (simulated sensors)"
    /// Called with each recording's path before it is written (the command locks it for the history, §5).
    var willRecord: (String) -> Void = { _ in }

    /// The routine clock runs this many seconds per step of a timed step (screen and cue resolution).
    private static let tickS = 0.1

    func run(terminal: Terminal, json: Bool) throws -> RoutineResult {
        let wallClock = SystemMonotonicClock()
        let started = ISO8601DateFormatter().string(from: Date())
        let stamp = started.replacingOccurrences(of: ":", with: "-")
        var stepper = RoutineStepper(plan: plan, startS: 0)
        var t = 0.0
        var pacer = speed > 0 ? DemoPacer(speed: speed, wallClock: wallClock) : nil
        var open: (tool: Tool, pipeline: SessionPipeline, path: String)?
        var summaries: [Int: (SessionSummary, String)] = [:]
        // A recording that cannot be written (a full disk) is said at the end; the routine and its analysis go on.
        var recordingFailures: [String] = []
        func recordingEvent(_ e: SessionEvent) {
            if case .recording(let f) = e, !recordingFailures.contains("\(f)") { recordingFailures.append("\(f)") }
        }
        var lastDrawWall = -Double.infinity
        let interactive = terminal.isInteractive && !json
        let plain = !terminal.isInteractive && !json
        if !json { terminal.enter() }
        defer { terminal.restore() }

        func present(_ cues: [RoutineCue], snapshot: AnalysisSnapshot?, force: Bool = false) {
            for c in cues { cue(c, plain: plain) }
            let now = wallClock.nowSeconds()
            guard interactive, force || !cues.isEmpty || now - lastDrawWall >= 1.0 / 15 else { return }
            lastDrawWall = now
            let (w, h) = terminal.size
            terminal.draw(RoutineScreen.render(title: title, plan: plan, status: stepper.status, results: stepper.results,
                                               snapshot: snapshot, note: nil, width: w, height: h))
        }
        /// Keys: n / p / q. Returns the cues the input caused.
        func keys() -> [RoutineCue] {
            guard !json else { return [] }
            var cues: [RoutineCue] = []
            for k in terminal.keys(timeoutMS: 0) {
                guard let input = RoutineWords.input(forKey: k) else { continue }
                cues += stepper.handle(input, atS: t)
                if input == .pause && !stepper.paused { pacer = speed > 0 ? DemoPacer(speed: speed, wallClock: wallClock) : nil }
            }
            return cues
        }
        func waitWhilePaused() {
            while stepper.paused && stopSignalled == 0 { present(keys(), snapshot: nil); wallClock.sleep(untilSeconds: wallClock.nowSeconds() + 0.05) }
        }

        present(stepper.startCues(), snapshot: nil, force: true)
        while let step = stepper.current, stopSignalled == 0 {
            let index = stepper.currentIndex
            if case .measured(let tool, let foot, _) = step.kind {
                if open?.tool != tool {
                    if var p = open { _ = p.pipeline.finish(emit: recordingEvent) }
                    let path = "\(sessionsDir)/\(stamp)-routine-\(tool == .ball ? "feet" : "calves").csv"
                    willRecord(path)
                    open = (tool, try pipeline(tool: tool, path: path), path)
                }
                var sim = Simulator(scenario: scenario(tool: tool, foot: foot ?? .right, startS: t + 1, index: index))
                // As on the sensors (`RoutineSession`), the step's foot marker on its first row: without it the
                // recording's feet were named by alternation from `first_foot`, and `--first-foot left` swapped them
                // in its replay and in the history.
                var marker = foot
                while var s = sim.next(), stepper.currentIndex == index, !stepper.isFinished, stopSignalled == 0 {
                    if let m = marker { s.foot = m; marker = nil }
                    pacer?.wait(forSampleAt: s.tSeconds) { stopSignalled != 0 }
                    _ = open!.pipeline.feed(s, emit: recordingEvent)
                    t = s.tSeconds
                    stepper.reportMeasured(activeS: open!.pipeline.analyzer.stepActiveS)
                    var cues = stepper.advance(toS: t)
                    cues += keys()
                    present(cues, snapshot: open!.pipeline.status.snapshot)
                    waitWhilePaused()
                }
                // The step's numbers come from its own segments: end its analysis, start a fresh one for what follows.
                let summary = open!.pipeline.beginStep(RollAnalyzer(settings: open!.pipeline.analyzer.settings, hasForceSensor: true),
                                                       emit: recordingEvent)
                summaries[index] = (summary, open!.path)
                if stepper.currentIndex == index && !stepper.isFinished {
                    stepper.reportMeasured(activeS: summary.segments.reduce(0) { $0 + $1.activeS })
                    present(stepper.handle(.next, atS: t), snapshot: nil, force: true)
                }
            } else {
                while stepper.currentIndex == index, !stepper.isFinished, stopSignalled == 0 {
                    t += Self.tickS
                    pacer?.wait(forSampleAt: t) { stopSignalled != 0 }
                    var cues = stepper.advance(toS: t)
                    cues += keys()
                    present(cues, snapshot: nil)
                    waitWhilePaused()
                }
            }
        }
        if !stepper.isFinished { _ = stepper.handle(.quit, atS: t) }  // SIGINT / SIGTERM: keep what was done
        if var p = open { _ = p.pipeline.finish(emit: recordingEvent) }
        terminal.restore()
        let steps = stepper.results.enumerated().map { i, r in
            RoutineResult.Step(result: r, summary: summaries[i]?.0, recording: summaries[i]?.1)
        }
        return RoutineResult(plan: plan, started: started, steps: steps, quit: stepper.endedEarly, recordingFailures: recordingFailures)
    }

    private func pipeline(tool: Tool, path: String) throws -> SessionPipeline {
        var s = settings
        s.tool = tool
        s.radiusMM = tool == .ball ? 31.5 : 75
        s.fasciaCM = tool == .ball ? settings.fasciaCM : 30
        var m = TraceMetadata(tool: tool, radiusMM: s.radiusMM, fasciaCM: s.fasciaCM, imu: "MPU-6050 (simulated)", forceSensor: "HX711 (simulated)",
                              rateHz: 200, started: ISO8601DateFormatter().string(from: Date()), source: "rollmon routine --demo")
        m.entries.append((key: "target", value: tool == .ball ? "feet" : "calves"))
        m.entries.append((key: "severe_n", value: FixedDecimal.compact(s.severeForceN, decimals: 3)))
        m.entries.append((key: "first_foot", value: s.firstFoot.rawValue))
        let recorder = try SessionRecorder(path: path, metadata: m, hasForce: true, startWallS: 0)
        return SessionPipeline(analyzer: RollAnalyzer(settings: s, hasForceSensor: true), input: .live, recorder: recorder)
    }

    /// One measured step's simulated session: one segment on one foot (or calf), 2:05–2:15 on a foot, the target and
    /// a little more on a calf, starting where the routine clock is.
    private func scenario(tool: Tool, foot: Foot, startS: Double, index: Int) -> SimulationScenario {
        var sc = SimulationScenario(preset: tool == .ball ? .clean : .rollerCalf, seed: seed &+ UInt64(index))
        sc.segmentCount = 1
        sc.firstFoot = foot
        sc.timeOriginS = startS
        sc.gapS = 1...1.5
        let target = plan.steps[index].targetS
        sc.secondsPerFoot = (target + 5)...(target + 15)
        return sc
    }

    private func cue(_ c: RoutineCue, plain: Bool) {
        guard plain else { return }
        print(RoutineWords.cueLine(c, plan: plan))
        fflush(nil)
    }
}
