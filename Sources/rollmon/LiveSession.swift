#if canImport(Glibc)
import Glibc
#endif
import Foundation
import RollAnalysis
import RollCore
import RollTrace
import SensorIO
import Synchronization

/// The live path shared by `rollmon live` and `rollmon demo`:
/// SensorIO's sample source → the same `RollAnalyzer` replay uses → presenters (screen or plain lines, buzzer,
/// recorder).
///
/// Threads: a reader thread pulls samples, records them and runs the analysis — it never waits on the screen. The
/// main thread draws at a calm rate, but at once when an alert arrives (severe pressure reaches the screen within a
/// frame of the sample), and reads keys. A third thread fsyncs the recording every second.
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
    private let indicator: IndicatorOutput?
    private let button: FootSwitchButton?
    private let options: Options
    private let terminal: Terminal
    private let wallClock = SystemMonotonicClock()

    /// What the reader thread shares with the screen.
    private struct Shared {
        var snapshot: AnalysisSnapshot?
        var alerts: [Alert] = []
        var newAlertAt: [(alert: Alert, sampleAgeS: Double, obtainedWallS: Double)] = []
        var sensorStatus: String?
        var recordingProblem: String?
        var paused = false
        var finished = false
        var summary: SessionSummary?
        var error: String?
    }
    private let shared = Mutex(Shared())
    private let wake = DispatchSemaphore(value: 0)
    private let stop = Atomic<Bool>(false)

    /// Alert-to-screen and alert-to-buzzer latencies (seconds), for `--stats` and the README.
    private(set) var screenLatencies: [Double] = []
    private(set) var buzzerLatencies: [Double] = []
    private(set) var samplesProcessed = 0

    init(source: SampleSource, indicator: IndicatorOutput?, button: FootSwitchButton?, options: Options, terminal: Terminal) {
        self.source = source
        self.indicator = indicator
        self.button = button
        self.options = options
        self.terminal = terminal
    }

    /// Runs until quit, SIGINT/SIGTERM, or `durationS`; returns the final summary (the same `replay` of the
    /// recording gives).
    func run() throws -> SessionSummary {
        let writer = try TraceWriter(path: options.recordPath, metadata: options.metadata,
                                     hasForce: source.force != nil, hasFoot: true, writePath: options.writePath)
        let syncer = FileSyncer(path: options.recordPath)
        let reader = Thread { [self] in readLoop(writer: writer, syncer: syncer) }
        reader.stackSize = 1 << 20
        reader.start()

        if terminal.isInteractive { terminal.enter() }
        defer { terminal.restore() }
        screenLoop()
        // Wait for the reader to finish the analysis and close the recording.
        while !(shared.withLock { $0.finished }) { _ = wake.wait(timeout: .now() + .milliseconds(50)) }
        syncer.stop()
        terminal.restore()
        if let e = shared.withLock({ $0.error }) { throw LiveError(message: e) }
        return shared.withLock { $0.summary! }
    }

    // MARK: - Reader thread

    private func readLoop(writer: TraceWriter, syncer: FileSyncer) {
        var analyzer = RollAnalyzer(settings: options.settings, hasForceSensor: source.force != nil)
        var firstT: Double?
        var lastT = -Double.infinity
        var lastFlushWall = wallClock.nowSeconds()
        let paceStartWall = wallClock.nowSeconds()
        var paceStartT: Double?
        do { try source.start() } catch {
            shared.withLock { $0.error = "\(error)"; $0.finished = true }
            stop.store(true, ordering: .relaxed)
            wake.signal()
            return
        }
        try? indicator?.configure()
        try? button?.configure()
        var lastSnapshotWall = 0.0

        while !stop.load(ordering: .relaxed) && stopSignalled == 0 {
            pollButton(analyzer: analyzer)
            let batch = source.nextSamples()
            let obtainedWall = wallClock.nowSeconds()
            let paused = shared.withLock { $0.paused }
            var events: [(AnalysisEvent, Double)] = []
            for raw in batch {
                // Analyse exactly what the recording will hold, so replaying it gives this same summary.
                let s = TraceWriter.canonical(raw)
                guard s.tSeconds > lastT else { continue }
                if let pace = options.pace {
                    // Demo: the simulated chips run ahead on their virtual clock; hold each sample until its time.
                    if paceStartT == nil { paceStartT = s.tSeconds }
                    let due = paceStartWall + (s.tSeconds - paceStartT!) / pace
                    let now = wallClock.nowSeconds()
                    if due > now { wallClock.sleep(untilSeconds: due) }
                }
                if firstT == nil { firstT = s.tSeconds }
                if let d = options.durationS, s.tSeconds - firstT! > d { stop.store(true, ordering: .relaxed); break }
                lastT = s.tSeconds
                if paused { continue }
                writer.append(s)
                samplesProcessed += 1
                analyzer.process(s) { event in events.append((event, s.tSeconds)) }
            }
            // Alerts first: the buzzer is driven here, on the reading thread, before anything else waits.
            var newAlerts: [(alert: Alert, sampleAgeS: Double, obtainedWallS: Double)] = []
            for (event, t) in events {
                guard case .alert(let a) = event else { continue }
                if let pattern = Self.pattern(for: a.kind) {
                    try? indicator?.play(pattern)
                    let age = options.pace == nil ? max(0, source.clock.nowSeconds() - t) : 0
                    buzzerLatencies.append(age + (wallClock.nowSeconds() - obtainedWall))
                }
                newAlerts.append((a, options.pace == nil ? max(0, source.clock.nowSeconds() - t) : 0, obtainedWall))
            }
            let snap = analyzer.snapshot
            if snap.forceN.map({ $0 < options.settings.severeForceN }) ?? true, indicator?.playing == .severe {
                try? indicator?.stop(.severe)
            }
            try? indicator?.tick()
            let now = wallClock.nowSeconds()
            if !newAlerts.isEmpty || now - lastSnapshotWall >= 0.02 {
                lastSnapshotWall = now
                shared.withLock {
                    $0.snapshot = snap
                    $0.alerts += newAlerts.map(\.alert)
                    if $0.alerts.count > 200 { $0.alerts.removeFirst($0.alerts.count - 200) }
                    $0.newAlertAt += newAlerts
                }
                if !newAlerts.isEmpty { wake.signal() }
            }
            // At least once a second the rows reach the kernel; the syncer thread makes them durable.
            if now - lastFlushWall >= 0.5 {
                lastFlushWall = now
                recordingWrite(lastT, unwrittenSinceS: writer.unwrittenSinceS) { try writer.flush() }
                syncer.request()
            }
        }
        let finalT = lastT
        recordingWrite(finalT, unwrittenSinceS: writer.unwrittenSinceS) { try writer.close() }
        let summary = recording.amend(analyzer.finish())
        syncer.request()
        try? indicator?.stop()
        indicator?.release()
        button?.release()
        shared.withLock { $0.summary = summary; $0.finished = true; $0.snapshot = analyzer.snapshot }
        stop.store(true, ordering: .relaxed)
        wake.signal()
    }

    /// Recording failures never stop the session: the first one is said at once (screen, or a line on standard error
    /// with --json / off a terminal) and becomes a `recording` outage in the summary; a later write that succeeds
    /// closes it.
    private var recording = RecordingHealth()

    private func recordingWrite(_ tS: Double, unwrittenSinceS: Double?, _ write: () throws -> Void) {
        do {
            try write()
            if recording.isFailing {
                recording.recovered(atS: tS)
                shared.withLock { $0.recordingProblem = nil }
            }
        } catch {
            let since = unwrittenSinceS ?? tS
            if recording.failed("\(error)", unwrittenSinceS: since) {
                let text = "recording stopped: \(error) — the session and its analysis go on"
                shared.withLock { $0.recordingProblem = "stopped: \(error) — the session and its analysis go on" }
                if options.quiet || !terminal.isInteractive {
                    FileHandle.standardError.write(Data("rollmon: \(text)\n".utf8))
                }
                wake.signal()
            }
        }
    }

    private func pollButton(analyzer: RollAnalyzer) {
        guard let button, let presses = try? button.presses(timeoutNS: 0), !presses.isEmpty else { return }
        for _ in presses { switchFoot(current: analyzer.snapshot.foot) }
    }

    /// The button and the [s] key: mark the other foot than the one being worked.
    private func switchFoot(current: Foot?) {
        let next = current?.opposite ?? options.settings.firstFoot
        source.markFoot(next)
        shared.withLock { $0.sensorStatus = "foot switched to \(next.rawValue)" }
    }

    static func pattern(for kind: AlertKind) -> IndicatorPattern? {
        switch kind {
        case .severePressure: return .severe
        case .burst: return .burst
        case .footTimeMet, .switchFoot, .holdComplete: return .milestone
        default: return nil
        }
    }

    func sensorEvent(_ e: SensorEvent) {
        shared.withLock { $0.sensorStatus = e.description }
        // Off a terminal a plain line; with --json (stdout holds only the summary) the same line on standard error.
        if options.quiet {
            FileHandle.standardError.write(Data("rollmon: [sensor] \(e.description)\n".utf8))
        } else if !terminal.isInteractive {
            print("[sensor] \(e.description)")
        }
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
                for a in state.newAlertAt { screenLatencies.append(a.sampleAgeS + (drawnAfter - a.obtainedWallS)) }
                for key in terminal.keys(timeoutMS: 0) { handleKey(key, snapshot: state.snapshot) }
            } else if !options.quiet {
                // Not a terminal: plain timestamped lines, alerts as they happen and a status line every 10 s.
                for a in state.alerts.dropFirst(printedAlerts) { print("[\(FixedDecimal.string(a.tS, decimals: 3))] \(a.kind.rawValue): \(a.message)") }
                printedAlerts = state.alerts.count
                for a in state.newAlertAt { screenLatencies.append(a.sampleAgeS + (wallClock.nowSeconds() - a.obtainedWallS)) }
                if let snap = state.snapshot, snap.tS - lastPlainStatus >= 10 {
                    lastPlainStatus = snap.tS
                    print(Self.statusLine(snap))
                }
                fflush(nil)
            }
            _ = wake.wait(timeout: .now() + .milliseconds(Int(frame * 1000)))
        }
    }

    private func handleKey(_ key: Character, snapshot: AnalysisSnapshot?) {
        switch key {
        case "q": stop.store(true, ordering: .relaxed)
        case "p": shared.withLock { $0.paused.toggle() }
        case "s", " ": switchFoot(current: snapshot?.foot)
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

/// fsyncs the recording on its own thread when asked (at most about once a second), so a slow SD card never stalls
/// the reading thread, and a power cut loses at most about a second.
final class FileSyncer: @unchecked Sendable {
    private let fd: Int32
    private let pending = DispatchSemaphore(value: 0)
    private let done = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(path: String) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        let t = Thread { [self] in
            while true {
                pending.wait()
                if fd >= 0 { fsync(fd) }
                if done.load(ordering: .relaxed) { break }
            }
            finished.signal()
        }
        t.start()
    }

    func request() { pending.signal() }

    func stop() {
        done.store(true, ordering: .relaxed)
        pending.signal()
        finished.wait()
        if fd >= 0 { close(fd) }
    }
}
