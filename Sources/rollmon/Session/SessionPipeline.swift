import RollAnalysis
import RollCore
import RollTrace
import SensorIO

/// Something a session's presenters (screen, plain lines, buzzer, JSON) hear from the pipeline.
enum SessionEvent {
    /// What the analysis reported, with the time of the sample that caused it.
    case analysis(AnalysisEvent, tS: Double)
    /// What the sample source said about a sensor (lost, retry failed, back).
    case sensor(SensorEvent)
    /// The recording could not be written or made durable; the session and its analysis go on.
    case recording(TraceWriteError)
}

/// The one path every sample takes, for `live`, `demo`, `replay` and (step by step) `routine`:
///
///     canonicalize → monotonic check → [paused?] → record → analyze → events
///
/// The pipeline is the one place that decides what the analysis is fed. It holds no threads, clocks or terminal; the
/// caller hands it samples, sensor status and the wall time, and presents the events it gives back.
struct SessionPipeline {
    /// Where the samples come from, which decides whether they need canonicalizing.
    enum Input {
        /// From sensors (real or simulated): rounded to exactly what the recording holds, so replaying the recording
        /// gives the identical summary.
        case live
        /// Read from a trace: analysed as read (an EuRoC file has more decimals than rollmon writes).
        case recorded
    }

    /// What `feed` did with a sample.
    enum Outcome: Equatable {
        case analyzed
        /// Not later than the sample before (a sensor that repeated or went back in time); dropped.
        case notAfterPrevious
        /// Paused: neither recorded nor analysed.
        case paused
        /// Past `durationS`: the session is over; this and later samples are dropped.
        case ended
    }

    let input: Input
    /// Stop after this much sample time (`--duration`); nil runs until the caller stops.
    let durationS: Double?
    private(set) var analyzer: RollAnalyzer
    private let recorder: SessionRecorder?
    /// Paused samples still advance time (and count towards `durationS`) but are neither recorded nor analysed.
    var paused = false
    private var firstT: Double?
    /// The session clock's first reading (`clockAdvanced`): where `durationS` counts from while no sample has come.
    private var clockStartS: Double?
    private var lastT = -Double.infinity
    private var ended = false
    /// Samples recorded and analysed, over every step.
    private(set) var samplesAnalyzed = 0
    /// The latest sensor status (for the screen), nil while every sensor answers.
    private(set) var sensorStatus: SensorEvent?
    /// The session clock when the IMU failed its set-up at the session's start: an IMU outage from then to the first
    /// row, which no row before it can show. Handed to the first summary that ends after the first row (or, with no
    /// row at all, to the last one as an outage to the end).
    private var startOutageFromS: Double?
    /// Where `durationS` counts from when the session began without IMU rows (else the first row).
    private var durationOriginS: Double?

    /// The sample source's `imuFailedAtStartS`, after its `start()`: the session began at that time, rows or not.
    mutating func imuFailedAtStart(_ tS: Double?) {
        startOutageFromS = tS
        durationOriginS = tS
    }

    init(analyzer: RollAnalyzer, input: Input, recorder: SessionRecorder? = nil, durationS: Double? = nil) {
        self.analyzer = analyzer
        self.input = input
        self.recorder = recorder
        self.durationS = durationS
    }

    /// One sample through the whole path. Events of the analysis go to `emit` as they happen.
    mutating func feed(_ raw: Sample, emit: (SessionEvent) -> Void) -> Outcome {
        guard !ended else { return .ended }
        let s = input == .live ? TraceWriter.canonical(raw) : raw
        guard s.tSeconds > lastT else { return .notAfterPrevious }
        let first = firstT ?? s.tSeconds
        firstT = first
        if let d = durationS, s.tSeconds - (durationOriginS ?? first) > d { ended = true; return .ended }
        lastT = s.tSeconds
        if paused { return .paused }
        recorder?.append(s)
        samplesAnalyzed += 1
        analyzer.process(s) { emit(.analysis($0, tS: s.tSeconds)) }
        return .analyzed
    }

    /// The session clock (the one the samples are stamped on) read `nowS`, with or without new samples. `--duration`
    /// is session time, and a sensor that stopped answering must not keep the session running: this ends it when
    /// the time is up while rows have stopped (none for longer than the analysis bridges). While rows flow, the
    /// first row past the time ends it, as before, so no row still on its way is cut off.
    mutating func clockAdvanced(toS nowS: Double) -> Outcome {
        guard !ended else { return .ended }
        let start = durationOriginS ?? firstT ?? clockStartS ?? nowS
        clockStartS = clockStartS ?? nowS
        let rowsStopped = nowS - openOutageFromS > analyzer.settings.maxIntegrationGapS
        if let d = durationS, nowS - start > d, rowsStopped { ended = true; return .ended }
        return .analyzed
    }

    /// A sensor's status from the sample source, in the order it happened relative to the samples.
    mutating func observe(_ event: SensorEvent, emit: (SessionEvent) -> Void) {
        if case .recovered = event { sensorStatus = nil } else { sensorStatus = event }
        emit(.sensor(event))
    }

    /// Call every batch with the wall time: keeps the recording's flush / fsync cadence, reports its failures.
    func tick(wallS: Double, emit: (SessionEvent) -> Void) {
        for failure in recorder?.tick(wallS: wallS) ?? [] { emit(.recording(failure)) }
    }

    /// The analysis' state now, and what presenters must decide from it.
    var status: (snapshot: AnalysisSnapshot, cues: LiveCues) {
        let snap = analyzer.snapshot
        return (snap, LiveCues(snapshot: snap, settings: analyzer.settings))
    }

    /// For a routine: ends the analysis of the step in progress (its summary is returned) and starts the next step's
    /// analysis on the same sample stream (same recording, same clock, same monotonic check).
    mutating func beginStep(_ next: RollAnalyzer, emit: (SessionEvent) -> Void = { _ in }) -> SessionSummary {
        let done = finishAnalysis(emit: emit)
        analyzer = next
        return done
    }

    /// Ends the session: closes the analysis and the recording. Recording failures are emitted, never thrown.
    /// `imuAnswering` false (the sample source says its IMU has not answered since its last row) adds an IMU outage
    /// from the last row to the end: the analysis finds outages in the rows' times, and no row closes this one.
    mutating func finish(imuAnswering: Bool = true, emit: (SessionEvent) -> Void = { _ in }) -> SessionSummary {
        ended = true
        var summary = finishAnalysis(emit: emit)
        if let from = startOutageFromS {
            // No row ever came: the IMU was out from the start to the end, answering again or not.
            summary.addLiveOnlyOutage(SensorOutage(sensor: .imu, fromS: from, toS: nil))
            startOutageFromS = nil
        } else if !imuAnswering, input == .live {
            summary.addLiveOnlyOutage(SensorOutage(sensor: .imu, fromS: openOutageFromS, toS: nil))
        }
        for failure in recorder?.finish() ?? [] { emit(.recording(failure)) }
        return summary
    }

    /// Where data were last there: the last row, else the session clock's start.
    private var openOutageFromS: Double { lastT.isFinite ? lastT : (clockStartS ?? 0) }

    private mutating func finishAnalysis(emit: (SessionEvent) -> Void) -> SessionSummary {
        let t = lastT
        var summary = analyzer.finish { emit(.analysis($0, tS: t)) }
        if let from = startOutageFromS, let first = firstT {
            startOutageFromS = nil
            // The same cut as between rows (`IMUGapMonitor`): a shorter wait for the first row is no outage.
            if first - from > analyzer.settings.maxIntegrationGapS {
                summary.addLiveOnlyOutage(SensorOutage(sensor: .imu, fromS: from, toS: first))
            }
        }
        return summary
    }
}
