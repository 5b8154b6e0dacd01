import RollCore
import Synchronization

/// The live path's single output: IMU rows merged with the (slower) force sensor and the user's foot markers into
/// `RollAnalysis.Sample` values, exactly what a trace file replays, so the analysis can't tell live from replay.
///
/// - Force: the force sensor is read at its own rate while the IMU's FIFO fills; each reading rides on the first IMU
///   row stamped at or after its own conversion time (`forceN`; two readings for one row: the newer), other rows
///   carry nil. So a reading's time is its row's time to within one IMU period, and `forceNominalPeriodSeconds`
///   tells how often readings come, for a staleness limit downstream.
/// - Foot: `markFoot` (button thread, keyboard) sets the marker on the next row.
/// - Failures never end the session: a sensor that stops answering is reported (`onEvent`), retried with backoff,
///   re-initialised with `configure()` when it answers again, and the outage shows as a jump in `tSeconds`.
public final class SampleSource {
    public let imu: IMUDevice
    public let force: ForceDevice?
    public let clock: MonotonicClock
    public let backoff: RetryBackoff
    private let onEvent: (SensorEvent) -> Void
    private var imuHealth = SensorHealth()
    private var forceHealth = SensorHealth()
    /// The force sensor took its `configure()` after an outage but has not given a reading yet. Configuring proves
    /// little (an unplugged HX711 takes its reset pulse without a word), so it is back only with a real reading: one
    /// that comes within the sensor's own ready timeout and passes its plausibility checks (`poll()` throws else).
    private var forceOnProbation = false
    /// Force readings not yet placed on a row, oldest first.
    private var pendingForce: [ForceReading] = []
    /// At most this many unplaced readings are kept (the IMU is out): the oldest go.
    static let maxPendingForce = 64
    /// Force readings that shared a row with a newer one (and so were not recorded).
    public private(set) var forceReadingsMerged = 0
    /// Force readings placed on rows.
    public private(set) var forceReadingsPlaced = 0
    /// Interval between consecutive rows against the IMU's nominal period (for `--stats`).
    public private(set) var jitter: IntervalJitter
    /// Waiting for the IMU's batch, the force sensor is looked at no more often than this even when it is late.
    static let minForcePollSeconds = 0.0005
    private let pendingFoot = Mutex<Foot?>(nil)
    private var lastTSeconds = -Double.infinity
    /// Rows produced so far.
    public private(set) var sampleCount = 0

    /// Ask for real-time scheduling for the thread that calls `start()` (the reader); off for simulated chips.
    public let realtime: Bool

    public init(imu: IMUDevice, force: ForceDevice?, clock: MonotonicClock, backoff: RetryBackoff = RetryBackoff(),
                realtime: Bool = false, onEvent: @escaping (SensorEvent) -> Void = { _ in }) {
        self.imu = imu; self.force = force; self.clock = clock; self.backoff = backoff; self.onEvent = onEvent
        self.realtime = realtime
        jitter = IntervalJitter(nominalSeconds: 1 / imu.sampleRateHz)
        if force != nil { imu.betweenTransfers = { [unowned self] in self.pollForce(onlyIfDue: true) } }
    }

    /// The force sensor's time between readings (nil without one): a reading older than a few of these is stale.
    public var forceNominalPeriodSeconds: Double? { force?.nominalPeriodSeconds }

    /// Configures the sensors. Neither failure ends the session: the IMU was found and identified before this (a
    /// missing chip is the detector's start-up error), so one that fails its set-up now (a loose cable, a noisy bus
    /// at the moment the session starts) is lost as it would be mid-session: reported, retried with backoff and
    /// re-initialised when it answers, its outage counted from `imuFailedAtStartS`. A failing force sensor is
    /// reported and retried the same way. With `realtime`, first asks for real-time scheduling for the calling
    /// (reader) thread and reports the outcome as an event.
    public func start() {
        if realtime { onEvent(.scheduling(RealtimeScheduling.requestForCurrentThread())) }
        let startS = clock.nowSeconds()
        do { try imu.configure() } catch {
            imuFailedAtStartS = startS
            markFailed(&imuHealth, imu.chipName, error)
        }
        jitter = IntervalJitter(nominalSeconds: 1 / imu.sampleRateHz)
        if let force {
            do { try force.configure() } catch { markFailed(&forceHealth, force.chipName, error) }
        }
    }

    /// The session clock when `start()` began, if the IMU failed its set-up there (nil: it started): no row precedes
    /// that outage, so the rows alone cannot show it.
    public private(set) var imuFailedAtStartS: Double?

    /// False from the IMU's first failed read until it answers again: the session's end can then say that its data
    /// stopped before the session did (the rows alone cannot show a gap that no later row closes).
    public var imuIsAnswering: Bool { imuHealth.isOK }

    /// Sets the foot marker for the next row. Safe to call from another thread (button handler).
    public func markFoot(_ foot: Foot) {
        pendingFoot.withLock { $0 = foot }
    }

    /// Returns the rows that became available (often a batch, sometimes none). Blocks at most about one IMU read or
    /// one backoff step (≤ 0.25 s); never throws.
    public func nextSamples() -> [Sample] {
        pollForceUntilIMUIsDue()
        guard imuHealth.isOK else {
            retryIMU()
            return []
        }
        let readings: [IMUReading]
        do {
            readings = try imu.read()
        } catch {
            forwardIMUEvents()
            markFailed(&imuHealth, imu.chipName, error)
            jitterAnchor = nil
            return []
        }
        if forwardIMUEvents() { jitterAnchor = nil }
        var out: [Sample] = []
        out.reserveCapacity(readings.count)
        for r in readings where r.tSeconds > lastTSeconds {
            var s = Sample(tSeconds: r.tSeconds, accelMS2: r.accelMS2, gyroRadS: r.gyroRadS)
            if out.isEmpty { s.foot = pendingFoot.withLock { f in defer { f = nil }; return f } }
            s.forceN = takeForce(upTo: r.tSeconds)
            if let a = jitterAnchor { jitter.add(intervalSeconds: r.tSeconds - a) }
            jitterAnchor = r.tSeconds
            lastTSeconds = r.tSeconds
            out.append(s)
        }
        sampleCount += out.count
        return out
    }

    private var jitterAnchor: Double?

    /// Forwards the IMU's own events (samples lost to a FIFO overflow); true if there were any.
    @discardableResult
    private func forwardIMUEvents() -> Bool {
        let events = imu.takeEvents()
        for e in events { onEvent(e) }
        return !events.isEmpty
    }

    /// The newest pending reading converted at or before `t` (older ones at or before `t` are merged away).
    private func takeForce(upTo t: Double) -> Double? {
        var taken: ForceReading?
        while let first = pendingForce.first, first.tSeconds <= t {
            if taken != nil { forceReadingsMerged += 1 }
            taken = pendingForce.removeFirst()
        }
        if taken != nil { forceReadingsPlaced += 1 }
        return taken?.forceN
    }

    /// Reads the force sensor at its own rate until the IMU's next read is due (at least once).
    private func pollForceUntilIMUIsDue() {
        pollForce()
        guard let force else { return }
        let due = imuHealth.isOK ? imu.nextReadDueSeconds : clock.nowSeconds()
        while true {
            let now = clock.nowSeconds()
            guard now < due else { return }
            let next = forceHealth.isOK ? max(force.nextReadingDueSeconds, now + Self.minForcePollSeconds) : due
            clock.sleep(untilSeconds: min(due, next))
            pollForce()
        }
    }

    private func pollForce(onlyIfDue: Bool = false) {
        guard let force else { return }
        if onlyIfDue && (!forceHealth.isOK || clock.nowSeconds() < force.nextReadingDueSeconds) { return }
        let now = clock.nowSeconds()
        if forceOnProbation {
            do {
                guard let reading = try force.poll() else { return }
                forceOnProbation = false
                let since = forceHealth.recover() ?? now
                onEvent(.recovered(sensor: force.chipName, gapSeconds: now - since))
                pendingForce.append(reading)
            } catch {
                forceOnProbation = false
                retryFailed(&forceHealth, force.chipName)
            }
            return
        }
        if !forceHealth.isOK {
            guard now >= forceHealth.nextAttemptSeconds else { return }
            do { try force.configure(); forceOnProbation = true } catch { retryFailed(&forceHealth, force.chipName) }
            return
        }
        do {
            if let reading = try force.poll() {
                pendingForce.append(reading)
                if pendingForce.count > Self.maxPendingForce { pendingForce.removeFirst(); forceReadingsMerged += 1 }
            }
        } catch {
            markFailed(&forceHealth, force.chipName, error)
        }
    }

    private func retryIMU() {
        let now = clock.nowSeconds()
        if now < imuHealth.nextAttemptSeconds {
            clock.sleep(untilSeconds: min(imuHealth.nextAttemptSeconds, now + 0.25))
            return
        }
        attemptRecovery(&imuHealth, imu.chipName) { try imu.configure() }
    }

    private func attemptRecovery(_ health: inout SensorHealth, _ name: String, _ configure: () throws -> Void) {
        do {
            try configure()
            let since = health.recover() ?? clock.nowSeconds()
            onEvent(.recovered(sensor: name, gapSeconds: clock.nowSeconds() - since))
        } catch {
            retryFailed(&health, name)
        }
    }

    private func retryFailed(_ health: inout SensorHealth, _ name: String) {
        health.fail(at: clock.nowSeconds(), backoff: backoff)
        onEvent(.retryFailed(sensor: name, attempt: health.attempt, nextAttemptSeconds: health.nextAttemptSeconds))
    }

    private func markFailed(_ health: inout SensorHealth, _ name: String, _ error: Error) {
        let now = clock.nowSeconds()
        health.fail(at: now, backoff: backoff)
        onEvent(.lost(sensor: name, reason: "\(error)", atSeconds: now))
    }
}
