#if canImport(Glibc)
import Glibc
#endif
import Foundation
import RollAnalysis
import RollCore
import RollRoutine
import RollSummary
import RollTrace
import SensorIO

/// `rollmon routine` on the sensors: the stepper paces the routine on the sensors' clock, and the samples of the
/// measured steps go through the one `SessionPipeline` (recorded and analysed exactly as in `live`); during timed and
/// counted steps, and while paused, the pipeline is paused, so the recording holds only what was rolled. Each measured
/// step gets its own analysis (`beginStep`) and a foot marker on its first row, so its numbers are its own segments
/// and a replay of the recording puts each step on its foot.
///
/// One loop on one thread: read a batch, feed it, drive the buzzer (alerts first, then the routine's cues), read the
/// button and keys, draw at a calm rate. The screen is a few hundred bytes; drawing never holds a sample back by more
/// than a frame.
final class RoutineSession {
    struct Options {
        var plan: RoutinePlan
        var settings: AnalysisSettings
        var metadata: TraceMetadata
        var recordPath: String
        var title: String
        /// `--json`: standard output holds only the result; sensor notes go to standard error.
        var quiet: Bool
        var drawHz: Double = 15
    }

    private let rig: SensorRig
    private let options: Options
    private let terminal: Terminal
    private let source: SampleSource
    private let inbox = SensorEventInbox()
    private let buzzer: BuzzerPolicy
    private let wallClock = SystemMonotonicClock()
    private var sensorStatus: String?

    init(rig: SensorRig, options: Options, terminal: Terminal) {
        self.rig = rig
        self.options = options
        self.terminal = terminal
        let inbox = self.inbox
        source = SampleSource(imu: rig.imu, force: rig.force, clock: rig.clock,
                              realtime: rig.clock is SystemMonotonicClock) { inbox.post($0) }
        buzzer = BuzzerPolicy(indicator: rig.indicator)
    }

    func run() throws -> RoutineResult {
        let plan = options.plan
        let started = ISO8601DateFormatter().string(from: Date())
        let recorder = try SessionRecorder(path: options.recordPath, metadata: options.metadata,
                                           hasForce: source.force != nil, startWallS: wallClock.nowSeconds())
        var pipeline = SessionPipeline(analyzer: analyzer(for: plan.steps.first), input: .live, recorder: recorder)
        source.start()
        pipeline.imuFailedAtStart(source.imuFailedAtStartS)
        if let e = buzzer.configure() { sensorStatus = "buzzer: \(e)" }
        if let button = rig.button, let e = Result(catching: { try button.configure() }).failure { sensorStatus = "button: \(e)" }
        let interactive = terminal.isInteractive && !options.quiet
        let plain = !terminal.isInteractive && !options.quiet
        if !options.quiet { terminal.enter() }
        defer { terminal.restore() }

        var stepper = RoutineStepper(plan: plan, startS: rig.clock.nowSeconds())
        var summaries: [Int: SessionSummary] = [:]
        /// The measured step whose samples the pipeline analyses now.
        var measuring: Int?
        var lastDrawWall = -Double.infinity

        func begin(_ index: Int) {
            guard index < plan.steps.count, case .measured(_, let foot, _) = plan.steps[index].kind else {
                measuring = nil
                return
            }
            if let foot { source.markFoot(foot) }
            measuring = index
        }
        /// A cue: the buzzer, the plain line, and the step change it may be.
        func handle(_ cues: [RoutineCue]) {
            for c in cues {
                if let e = buzzer.play(c) { sensorStatus = "buzzer: \(e)" }
                if plain { print(RoutineWords.cueLine(c, plan: plan)) }
                switch c.kind {
                case .stepEnd where c.stepIndex == measuring:
                    summaries[c.stepIndex] = pipeline.beginStep(analyzer(for: plan.steps[safe: c.stepIndex + 1]))
                    measuring = nil
                case .stepStart: begin(c.stepIndex)
                default: break
                }
            }
            if plain && !cues.isEmpty { fflush(nil) }
        }

        begin(0)
        handle(stepper.startCues())
        while !stepper.isFinished && stopSignalled == 0 {
            let batch = source.nextSamples()
            for e in inbox.drain() { pipeline.observe(e) { event in if case .sensor(let s) = event { said(s.description) } } }
            pipeline.paused = measuring == nil || stepper.paused
            var alerts: [Alert] = []
            for raw in batch {
                _ = pipeline.feed(raw) { event in if case .analysis(.alert(let a), _) = event { alerts.append(a) } }
            }
            for a in alerts {
                if case (_, let e?) = buzzer.react(to: a) { sensorStatus = "buzzer: \(e)" }
                if plain { print("[\(FixedDecimal.string(a.tS, decimals: 3))] \(a.kind.rawValue): \(SummaryWords.message(a))") }
            }
            let (snapshot, liveCues) = pipeline.status
            if let e = buzzer.update(liveCues) { sensorStatus = "buzzer: \(e)" }
            pipeline.tick(wallS: wallClock.nowSeconds()) { if case .recording(let f) = $0 { recordingFailed(f) } }

            let now = rig.clock.nowSeconds()
            if measuring != nil { stepper.reportMeasured(activeS: pipeline.analyzer.stepActiveS) }
            handle(stepper.advance(toS: now))
            for input in inputs(keys: !options.quiet) where !stepper.isFinished { handle(stepper.handle(input, atS: now)) }

            let wall = wallClock.nowSeconds()
            if interactive && wall - lastDrawWall >= 1 / options.drawHz {
                lastDrawWall = wall
                let (w, h) = terminal.size
                terminal.draw(RoutineScreen.render(title: options.title, plan: plan, status: stepper.status, results: stepper.results,
                                                   snapshot: measuring == nil ? nil : snapshot, note: sensorStatus, width: w, height: h))
            }
        }
        // SIGINT / SIGTERM: end like `q`, keeping what was done.
        if !stepper.isFinished { handle(stepper.handle(.quit, atS: rig.clock.nowSeconds())) }
        let last = pipeline.finish(imuAnswering: source.imuIsAnswering) { if case .recording(let f) = $0 { recordingFailed(f) } }
        if let m = measuring { summaries[m] = last }
        // The end cue is the user's sign that the routine is over: let it sound out before the line is released
        // (finite patterns only; a severe warning still playing is stopped at once).
        while let indicator = rig.indicator, let p = indicator.playing, !p.repeats, stopSignalled == 0 {
            if (try? indicator.tick()) == nil { break }
            rig.clock.sleep(untilSeconds: rig.clock.nowSeconds() + 0.01)
        }
        if let e = buzzer.finish() { said("buzzer: \(e)") }
        rig.button?.release()
        terminal.restore()
        let steps = stepper.results.enumerated().map { i, r in
            RoutineResult.Step(result: r, summary: summaries[i], recording: r.step.isMeasured ? options.recordPath : nil)
        }
        return RoutineResult(plan: plan, started: started, steps: steps, quit: stepper.endedEarly, recordingFailures: recordingFailures)
    }

    /// The analysis for a measured step: the session's settings, with the step's foot first.
    private func analyzer(for step: RoutineStep?) -> RollAnalyzer {
        var settings = options.settings
        if case .measured(_, let foot?, _) = step?.kind { settings.firstFoot = foot }
        return RollAnalyzer(settings: settings, hasForceSensor: source.force != nil)
    }

    /// The button and the keys `n`, `p`, `q`, in the order they came.
    private func inputs(keys: Bool) -> [RoutineInput] {
        var out: [RoutineInput] = []
        if let button = rig.button {
            do { out += try button.presses(timeoutNS: 0).map { _ in .next } } catch { sensorStatus = "button: \(error)" }
        }
        if keys { out += terminal.keys(timeoutMS: 0).compactMap(RoutineWords.input(forKey:)) }
        return out
    }

    /// A sensor or output note: on the screen, as a plain line, or on standard error with `--json`.
    /// Said at once (screen or line) and kept for the end, where the screen is gone: once per kind of failure.
    private func recordingFailed(_ f: TraceWriteError) {
        said("recording: \(f)")
        if !recordingFailures.contains("\(f)") { recordingFailures.append("\(f)") }
    }
    private var recordingFailures: [String] = []

    private func said(_ note: String) {
        sensorStatus = note
        if options.quiet {
            FileHandle.standardError.write(Data("rollmon: [sensor] \(note)\n".utf8))
        } else if !terminal.isInteractive {
            print("[sensor] \(note)")
        }
    }
}

extension RollAnalyzer {
    /// Time on the body part so far in a routine step: finished segments plus the one in progress.
    var stepActiveS: Double { segments.reduce(0) { $0 + $1.activeS } + snapshot.segmentActiveS }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
