import RollCore
import Synchronization

/// The live path's single output: IMU rows merged with the (slower) force sensor and the user's foot markers into
/// `RollAnalysis.Sample` values, exactly what a trace file replays, so the analysis can't tell live from replay.
///
/// - Force: the most recent new force reading rides on the next IMU row (`forceN`), other rows carry nil.
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
    private var pendingForceN: Double?
    private let pendingFoot = Mutex<Foot?>(nil)
    private var lastTSeconds = -Double.infinity
    /// Rows produced so far.
    public private(set) var sampleCount = 0

    public init(imu: IMUDevice, force: ForceDevice?, clock: MonotonicClock, backoff: RetryBackoff = RetryBackoff(),
                onEvent: @escaping (SensorEvent) -> Void = { _ in }) {
        self.imu = imu; self.force = force; self.clock = clock; self.backoff = backoff; self.onEvent = onEvent
    }

    /// Configures the sensors. An IMU that fails here throws its error (it says the fix); a force sensor that fails
    /// is reported and retried later, because rolling without force data is still useful.
    public func start() throws {
        try imu.configure()
        if let force {
            do { try force.configure() } catch { markFailed(&forceHealth, force.chipName, error) }
        }
    }

    /// Sets the foot marker for the next row. Safe to call from another thread (button handler).
    public func markFoot(_ foot: Foot) {
        pendingFoot.withLock { $0 = foot }
    }

    /// Returns the rows that became available (often a batch, sometimes none). Blocks at most about one IMU read or
    /// one backoff step (≤ 0.25 s); never throws.
    public func nextSamples() -> [Sample] {
        pollForce()
        guard imuHealth.isOK else {
            retryIMU()
            return []
        }
        let readings: [IMUReading]
        do {
            readings = try imu.read()
        } catch {
            markFailed(&imuHealth, imu.chipName, error)
            return []
        }
        var out: [Sample] = []
        out.reserveCapacity(readings.count)
        for r in readings where r.tSeconds > lastTSeconds {
            var s = Sample(tSeconds: r.tSeconds, accelMS2: r.accelMS2, gyroRadS: r.gyroRadS)
            if out.isEmpty {
                s.forceN = pendingForceN
                pendingForceN = nil
                s.foot = pendingFoot.withLock { f in defer { f = nil }; return f }
            }
            lastTSeconds = r.tSeconds
            out.append(s)
        }
        sampleCount += out.count
        return out
    }

    private func pollForce() {
        guard let force else { return }
        let now = clock.nowSeconds()
        if !forceHealth.isOK {
            guard now >= forceHealth.nextAttemptSeconds else { return }
            attemptRecovery(&forceHealth, force.chipName) { try force.configure() }
            return
        }
        do {
            if let reading = try force.poll() { pendingForceN = reading.forceN }
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
            health.fail(at: clock.nowSeconds(), backoff: backoff)
            onEvent(.retryFailed(sensor: name, attempt: health.attempt, nextAttemptSeconds: health.nextAttemptSeconds))
        }
    }

    private func markFailed(_ health: inout SensorHealth, _ name: String, _ error: Error) {
        let now = clock.nowSeconds()
        health.fail(at: now, backoff: backoff)
        onEvent(.lost(sensor: name, reason: "\(error)", atSeconds: now))
    }
}
