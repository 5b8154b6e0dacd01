#if canImport(Glibc)
import Glibc
#endif
import Foundation
import RollAnalysis
import RollCore
import RollSummary
import RollTrace
import SensorIO
import Synchronization

/// The live path shared by `rollmon live` and `rollmon demo`: SensorIO's sample source → `SessionPipeline` (the
/// same path replay takes) → presenters (screen or plain lines, buzzer).
///
/// Threads: a reader thread pulls samples and runs them through the pipeline — it never waits on the screen. The
/// main thread draws at a calm rate, but at once when an alert arrives (severe pressure reaches the screen within a
/// frame of the sample), and reads keys. The recorder fsyncs on a thread of its own.
final class LiveSession: @unchecked Sendable {
    struct Options {
        var settings: AnalysisSettings
        var metadata: TraceMetadata
        var recordPath: String
        var title: String
        /// Stop after this much sample time (the `--duration` flag); nil runs until quit.
        var durationS: Double?
        /// Demo: replay the simulated chips at this many times real time. nil = live (the sensors set the pace).
        var pace: Double?
        var drawHz: Double = 15
        var quiet = false
        /// The recording's write path (the demo's `disk-full` fault replaces it).
        var writePath: TraceWritePath = .posix
    }

    private let source: SampleSource
    private let sensorInbox: SensorEventInbox
    private let buzzer: BuzzerPolicy
    private let button: FootSwitchButton?
    private let options: Options
    private let terminal: Terminal
    private let wallClock = SystemMonotonicClock()

    /// What the reader thread shares with the screen.
    private struct Shared {
        var snapshot: AnalysisSnapshot?
        var nextFoot: Foot
        var alerts: [Alert] = []
        var newAlertAt: [(alert: Alert, sampleAgeS: Double, obtainedWallS: Double)] = []
        var sensorStatus: String?
        /// The recording cannot be written (stays on screen until writes succeed again).
        var recordingProblem: String?
        var paused = false
        var finished = false
        var summary: SessionSummary?
    }
    private let shared: Mutex<Shared>
    private let wake = DispatchSemaphore(value: 0)
    private let stop = Atomic<Bool>(false)

    /// Alert-to-screen and alert-to-buzzer latencies, for `--stats` and the README.
    private(set) var screenLatency = LatencyStats()
    private(set) var buzzerLatency = LatencyStats()
    private(set) var samplesProcessed = 0
    /// Interval between IMU samples against the nominal period (`--stats`).
    var sampleJitter: IntervalJitter { source.jitter }
    /// Recording failures (write, fsync, close), in order; the caller reports them with the summary.
    private(set) var recordingFailures: [TraceWriteError] = []

    init(rig: SensorRig, options: Options, terminal: Terminal) {
        let inbox = SensorEventInbox()
        sensorInbox = inbox
        // Real chips (the system clock, not the demo's virtual one): the reader thread asks for real-time scheduling.
        source = SampleSource(imu: rig.imu, force: rig.force, clock: rig.clock,
                              realtime: rig.clock is SystemMonotonicClock) { inbox.post($0) }
        buzzer = BuzzerPolicy(indicator: rig.indicator)
        button = rig.button
        self.options = options
        self.terminal = terminal
        shared = Mutex(Shared(nextFoot: options.settings.firstFoot))
    }

    /// Runs until quit, SIGINT/SIGTERM, or `durationS`; returns the final summary (the same `replay` of the
    /// recording gives).
    func run() throws -> SessionSummary {
        let recorder = try SessionRecorder(path: options.recordPath, metadata: options.metadata,
                                           hasForce: source.force != nil, startWallS: wallClock.nowSeconds(),
                                           writePath: options.writePath)
        let reader = Thread { [self] in readLoop(recorder: recorder) }
        reader.stackSize = 1 << 20
        reader.start()

        terminal.enter()
        defer { terminal.restore() }
        screenLoop()
        // Wait for the reader to finish the analysis and close the recording.
        while !(shared.withLock { $0.finished }) { _ = wake.wait(timeout: .now() + .milliseconds(50)) }
        terminal.restore()
        return shared.withLock { $0.summary! }
    }

    // MARK: - Reader thread

    private func readLoop(recorder: SessionRecorder) {
        var pipeline = SessionPipeline(analyzer: RollAnalyzer(settings: options.settings, hasForceSensor: source.force != nil),
                                       input: .live, recorder: recorder, durationS: options.durationS)
        var pacer = options.pace.map { DemoPacer(speed: $0, wallClock: wallClock) }
        source.start()
        pipeline.imuFailedAtStart(source.imuFailedAtStartS)
        if let e = buzzer.configure() { show(status: "buzzer: \(e)") }
        if let button, let e = Result(catching: { try button.configure() }).failure { show(status: "button: \(e)") }
        var nextFoot = options.settings.firstFoot
        var lastSnapshotWall = 0.0

        let stopping = { [self] in stop.load(ordering: .relaxed) || stopSignalled != 0 }
        while !stopping() {
            pollButton(nextFoot: nextFoot)
            let batch = source.nextSamples()
            let obtainedWall = wallClock.nowSeconds()
            var events: [SessionEvent] = []
            for e in sensorInbox.drain() { pipeline.observe(e) { events.append($0) } }
            pipeline.paused = shared.withLock { $0.paused }
            for raw in batch {
                guard pacer?.wait(forSampleAt: raw.tSeconds, unless: stopping) ?? true else { break }
                if pipeline.feed(raw, emit: { events.append($0) }) == .ended { stop.store(true, ordering: .relaxed); break }
            }
            // No rows (a sensor retried, or none due yet): the demo still keeps real time, and `--duration` counts
            // session time, not rows, so an IMU that stopped answering cannot hold the session open.
            let sessionNowS = source.clock.nowSeconds()
            if batch.isEmpty { pacer?.wait(forSampleAt: sessionNowS, unless: stopping) }
            if pipeline.clockAdvanced(toS: sessionNowS) == .ended { stop.store(true, ordering: .relaxed) }
            samplesProcessed = pipeline.samplesAnalyzed
            // Alerts first: the buzzer is driven here, on the reading thread, before anything else waits.
            var newAlerts: [(alert: Alert, sampleAgeS: Double, obtainedWallS: Double)] = []
            for event in events {
                switch event {
                case .analysis(.alert(let a), let t):
                    let age = options.pace == nil ? max(0, source.clock.nowSeconds() - t) : 0
                    let (sounds, failure) = buzzer.react(to: a)
                    if sounds { buzzerLatency.record(age + (wallClock.nowSeconds() - obtainedWall)) }
                    if let failure { show(status: "buzzer: \(failure)") }
                    newAlerts.append((a, age, obtainedWall))
                case .analysis:
                    break
                case .sensor(let e):
                    show(status: e.description)
                    // Off a terminal a plain line; with --json (stdout holds only the summary) on standard error.
                    if options.quiet {
                        FileHandle.standardError.write(Data("rollmon: [sensor] \(e.description)\n".utf8))
                    } else if !terminal.isInteractive {
                        print("[sensor] \(e.description)")
                    }
                case .recording(let failure):
                    recordingFailed(failure, recorder: recorder)
                }
            }
            let (snap, cues) = pipeline.status
            nextFoot = cues.nextFoot
            if let e = buzzer.update(cues) { show(status: "buzzer: \(e)") }
            let now = wallClock.nowSeconds()
            if !newAlerts.isEmpty || now - lastSnapshotWall >= 0.02 {
                lastSnapshotWall = now
                shared.withLock {
                    $0.snapshot = snap
                    $0.nextFoot = cues.nextFoot
                    $0.alerts += newAlerts.map(\.alert)
                    if $0.alerts.count > 200 { $0.alerts.removeFirst($0.alerts.count - 200) }
                    $0.newAlertAt += newAlerts
                }
                if !newAlerts.isEmpty { wake.signal() }
            }
            pipeline.tick(wallS: now) { if case .recording(let failure) = $0 { recordingFailed(failure, recorder: recorder) } }
            // Every buffered row reached the kernel again: the recording works again.
            if recording.isFailing && recorder.unwrittenSinceS == nil {
                recording.recovered(atS: snap.tS)
                shared.withLock { $0.recordingProblem = nil }
            }
        }
        // Finish first: closing the recording can be its first write and fail, which `recordingFailed` adds to
        // `recording`. Written as one expression, `recording` was read before the argument ran, so a write that
        // first failed at the close (a short or fast session, a disk full from the start) left `outages: []`.
        let finished = pipeline.finish(imuAnswering: source.imuIsAnswering) {
            if case .recording(let failure) = $0 { recordingFailed(failure, recorder: recorder) }
        }
        let summary = recording.amend(finished)
        if let e = buzzer.finish() { show(status: "buzzer: \(e)") }
        button?.release()
        let snap = pipeline.status.snapshot
        shared.withLock { $0.summary = summary; $0.finished = true; $0.snapshot = snap }
        stop.store(true, ordering: .relaxed)
        wake.signal()
    }

    private func show(status: String) { shared.withLock { $0.sensorStatus = status } }

    /// Whether the recording is being written, as `recording` outages for the summary (interface v2 §8).
    private var recording = RecordingHealth()

    /// Said on the screen at once (a line that stays until writes succeed again; once per kind of failure in plain
    /// output, on standard error with --json); the session goes on, and the outage goes into the summary.
    private func recordingFailed(_ failure: TraceWriteError, recorder: SessionRecorder) {
        let first = recordingFailures.last != failure
        recordingFailures.append(failure)
        let lastT = shared.withLock { $0.snapshot?.tS } ?? 0
        _ = recording.failed(failure.reason, unwrittenSinceS: recorder.unwrittenSinceS ?? lastT)
        shared.withLock { $0.recordingProblem = "stopped: \(failure.reason) — the session and its analysis go on" }
        wake.signal()
        if first && options.quiet { FileHandle.standardError.write(Data("rollmon: [recording] \(failure)\n".utf8)) }
        if first && !terminal.isInteractive && !options.quiet { print("[recording] \(failure)") }
    }

    private func pollButton(nextFoot: Foot) {
        guard let button, let presses = try? button.presses(timeoutNS: 0), !presses.isEmpty else { return }
        for _ in presses { switchFoot(to: nextFoot) }
    }

    /// The button and the [s] key: mark the foot the analysis says comes next.
    private func switchFoot(to next: Foot) {
        source.markFoot(next)
        shared.withLock { $0.sensorStatus = "foot switched to \(next.rawValue)" }
    }

    // MARK: - Screen (main thread)

    private func screenLoop() {
        let frame = 1.0 / options.drawHz
        var lastPlainStatus = -Double.infinity
        var printedAlerts = 0
        while true {
            let done = shared.withLock { $0.finished }
            if done || stopSignalled != 0 { stop.store(true, ordering: .relaxed); break }
            let state = shared.withLock { s -> Shared in let copy = s; s.newAlertAt.removeAll(); return copy }
            if terminal.isInteractive {
                if let snap = state.snapshot {
                    let (w, h) = terminal.size
                    terminal.draw(LiveScreen.render(.init(
                        snapshot: snap, settings: options.settings, recentAlerts: state.alerts,
                        sensorStatus: state.sensorStatus, recordingProblem: state.recordingProblem,
                        recordingPath: options.recordPath, paused: state.paused,
                        title: options.title, width: w, height: h, color: terminal.color)))
                }
                let drawnAfter = wallClock.nowSeconds()
                for a in state.newAlertAt { screenLatency.record(a.sampleAgeS + (drawnAfter - a.obtainedWallS)) }
                for key in terminal.keys(timeoutMS: 0) { handleKey(key, nextFoot: state.nextFoot) }
            } else if !options.quiet {
                // Not a terminal: plain timestamped lines, alerts as they happen and a status line every 10 s.
                for a in state.alerts.dropFirst(printedAlerts) { print("[\(FixedDecimal.string(a.tS, decimals: 3))] \(a.kind.rawValue): \(SummaryWords.message(a))") }
                printedAlerts = state.alerts.count
                for a in state.newAlertAt { screenLatency.record(a.sampleAgeS + (wallClock.nowSeconds() - a.obtainedWallS)) }
                if let snap = state.snapshot, snap.tS - lastPlainStatus >= 10 {
                    lastPlainStatus = snap.tS
                    print(Self.statusLine(snap))
                }
                fflush(nil)
                // A dumb terminal still types keys (none come from a pipe or file).
                for key in terminal.keys(timeoutMS: 0) { handleKey(key, nextFoot: state.nextFoot) }
            }
            _ = wake.wait(timeout: .now() + .milliseconds(Int(frame * 1000)))
        }
    }

    private func handleKey(_ key: Character, nextFoot: Foot) {
        switch key {
        case "q": stop.store(true, ordering: .relaxed)
        case "p": shared.withLock { $0.paused.toggle() }
        case "s", " ": switchFoot(to: nextFoot)
        default: break
        }
    }

    static func statusLine(_ s: AnalysisSnapshot) -> String {
        let foot = s.foot?.rawValue ?? "-"
        let force = s.forceN.map { "\(Int($0.rounded())) N" } ?? "n/a"
        return "[\(FixedDecimal.string(s.tS, decimals: 3))] status: foot \(foot), \(LiveScreen.clock(s.segmentActiveS)) on foot, "
            + "\(FixedDecimal.string(s.segmentDistanceM, decimals: 2)) m, \(s.strokes) strokes (\(s.fullLengthStrokes) full), force \(force)"
    }
}

struct LiveError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Sensor events arrive from inside `SampleSource.nextSamples` (on the reading thread); they wait here until the
/// reading loop hands them to the pipeline, in order.
final class SensorEventInbox: @unchecked Sendable {
    private let events = Mutex<[SensorEvent]>([])
    func post(_ e: SensorEvent) { events.withLock { $0.append(e) } }
    func drain() -> [SensorEvent] { events.withLock { e in defer { e.removeAll() }; return e } }
}

extension Result {
    /// The error of a failed result, nil on success.
    var failure: Failure? { if case .failure(let e) = self { return e } else { return nil } }
}
