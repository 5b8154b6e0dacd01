/// Maps a chip's own sample counter onto monotonic host time.
///
/// A sensor's output data rate comes from its own internal oscillator, whose frequency is only specified to within
/// a few percent over temperature (both the MPU-6050 product spec and the LSM6DS3 datasheet give the time base as a
/// percentage tolerance, not a crystal ppm figure). Sample `n` after a sync point is therefore
/// stamped `tSync + n / rateHz`, where `rateHz` is learnt from how many samples arrive per host second, and the sync
/// point is nudged whenever the stamps would run ahead of the host clock (a sample can't be in the future) or fall
/// further behind it than the read latency allows. Stamps stay strictly increasing across every correction.
public struct SampleClock: Sendable {
    public let nominalRateHz: Double
    /// Current estimate of the chip's true sample rate.
    public private(set) var rateHz: Double
    /// How far behind the host clock the newest sample may be stamped before the sync point moves forward (seconds):
    /// one sample period of buffering plus this much read latency.
    public var maxLagSeconds: Double

    private var tSync = 0.0
    private var nSinceSync = 0
    private var anchorT = 0.0
    private var anchorCount = 0
    private var lastStamp = -Double.infinity
    /// Smallest (host time − newest stamp) seen in the current window: the observation with the least read latency
    /// bounds the true offset best, so once per window the stamps are moved later by that much.
    private var windowMinLag = Double.infinity
    private var windowStart = 0.0
    static let windowSeconds = 1.0
    public private(set) var isSynced = false

    /// Rates are only learnt within this band around nominal (a wilder estimate means missed samples, not drift).
    private static let rateBand = 0.05

    public init(nominalRateHz: Double, maxLagSeconds: Double = 0.005) {
        self.nominalRateHz = nominalRateHz
        self.rateHz = nominalRateHz
        self.maxLagSeconds = maxLagSeconds
    }

    /// Starts counting: the next sample is assumed to be taken one period after `tSeconds` at the earliest.
    public mutating func sync(atSeconds tSeconds: Double) {
        tSync = tSeconds
        nSinceSync = 0
        anchorT = tSeconds
        anchorCount = 0
        windowMinLag = .infinity
        windowStart = tSeconds
        isSynced = true
    }

    /// Stamps `count` consecutive new samples, the newest of which was taken at or before `observedAtSeconds`.
    /// `skipped` samples were lost before them (overwritten by the chip); they advance the counter but get no stamp.
    public mutating func stamp(count: Int, skipped: Int = 0, observedAtSeconds now: Double) -> [Double] {
        if !isSynced { sync(atSeconds: now - Double(count + skipped) / rateHz) }
        guard count > 0 else { return [] }
        nSinceSync += skipped
        anchorCount += count + skipped
        // Learn the rate once a long enough baseline exists: the host-time error of one observation (read latency,
        // a few ms) over a baseline of >= 0.5 s keeps the estimate within ~0.5 %, and it sharpens as 1/baseline.
        let baseline = now - anchorT
        if baseline >= 0.5 {
            let measured = Double(anchorCount) / baseline
            if abs(measured / nominalRateHz - 1) < Self.rateBand {
                // Keep the last stamp where it is and change only the slope from here on: otherwise the tiny noise
                // in each new estimate, multiplied by thousands of samples since the sync point, would jump the
                // stamps by milliseconds.
                let n = Double(nSinceSync)
                tSync += n / rateHz - n / measured
                rateHz = measured
            }
        }
        let newest = tSync + Double(nSinceSync + count) / rateHz
        if newest > now {
            // Running ahead of the host clock: pull the sync point back so the newest sample is stamped "now".
            tSync -= newest - now
        } else if now - newest > maxLagSeconds + 1 / rateHz {
            // Falling behind (chip faster than estimated, or we just started): move forward, keeping half a period
            // of margin for the time between the conversion and our read.
            tSync += (now - newest) - 0.5 / rateHz
        }
        windowMinLag = min(windowMinLag, now - (tSync + Double(nSinceSync + count) / rateHz))
        if now - windowStart >= Self.windowSeconds {
            if windowMinLag > 0 && windowMinLag.isFinite { tSync += windowMinLag }
            windowMinLag = .infinity
            windowStart = now
        }
        var out: [Double] = []
        out.reserveCapacity(count)
        for i in 1...count {
            var t = tSync + Double(nSinceSync + i) / rateHz
            if t <= lastStamp { t = lastStamp + 1e-6 }
            out.append(t)
            lastStamp = t
        }
        nSinceSync += count
        return out
    }

    /// Drops the sync point (after a FIFO overflow, a reset or a reconnect); the next stamp re-syncs, so the gap in
    /// time is visible in the stream.
    public mutating func invalidate() { isSynced = false }

    /// Time the next sample is expected (for paced polling).
    public func expectedNextSeconds() -> Double {
        tSync + Double(nSinceSync + 1) / rateHz
    }
}
