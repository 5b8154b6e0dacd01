/// Finds strokes: monotone runs along the foot's long axis between reversals (interface §2).
///
/// The long axis is the principal direction of the recent planar velocity (an exponentially weighted 2×2 second
/// moment). Weighting by time rather than by sample count keeps it rate-independent; the short memory follows the slow
/// heading drift of a 6D orientation estimate, which has no magnetometer to hold heading still.
public struct StrokeTracker: Sendable {
    /// Memory of the long-axis estimate: several strokes long, short against heading drift of a few °/min.
    public static let axisTimeConstantS = 4.0
    /// The axis is recomputed every few samples; it cannot turn noticeably in a few milliseconds.
    static let axisRefreshSamples = 8

    public let minStrokeM: Double
    public let fullLengthM: Double
    public let hysteresisM: Double

    // Long axis.
    private var mxx = 0.0, mxy = 0.0, myy = 0.0
    private var ux = 1.0, uy = 0.0
    private var refreshCountdown = 0

    /// Position along the long axis, integrated while in contact (origin arbitrary).
    public private(set) var positionM = 0.0
    private var readingInterval = ReadingInterval()
    /// Velocity along the axis at the previous step: one side of a bridged gap.
    private var previousAlongMS = 0.0
    private var direction = 0          // +1 / -1 while in a run, 0 before the first move
    private var runStartM = 0.0
    private var extremeM = 0.0

    public private(set) var strokes = 0
    public private(set) var fullLengthStrokes = 0
    public private(set) var lastStrokeM: Double?
    public private(set) var histogram = StrokeLengthHistogram()
    /// Consecutive strokes shorter than full length (for the `short_strokes` coaching alert).
    public private(set) var shortStreak = 0

    /// Ends of recent strokes (smoothed), for showing where along the foot the ball spends its time.
    public private(set) var lowEndM: Double?
    public private(set) var highEndM: Double?
    /// +1 if the first stroke went towards higher positions (taken as heel → ball), −1 otherwise.
    public private(set) var firstStrokeDirection = 0

    public init(minStrokeM: Double, fullLengthM: Double, hysteresisM: Double) {
        self.minStrokeM = minStrokeM
        self.fullLengthM = fullLengthM
        self.hysteresisM = hysteresisM
    }

    /// A completed stroke, if this step finished one.
    public struct Completed: Sendable { public var lengthM: Double; public var isFullLength: Bool }

    /// Advances by one in-contact step of `dtS` with planar velocity (vx, vy). Inlined into the segment's step.
    @inline(__always)
    public mutating func step(vx: Double, vy: Double, dtS: Double) -> Completed? {
        updateAxis(vx: vx, vy: vy, dtS: dtS)
        let alongMS = vx * ux + vy * uy
        // After dropped readings the gap is bridged by the mean of the velocities on either side (`ReadingInterval`).
        let (lostS, ownS) = readingInterval.split(dtS)
        positionM += 0.5 * (previousAlongMS + alongMS) * lostS + alongMS * ownS
        previousAlongMS = alongMS
        return trackRun()
    }

    /// Inlined into `step` (like `trackRun`): both run on every contact sample and are short.
    @inline(__always)
    mutating func updateAxis(vx: Double, vy: Double, dtS: Double) {
        let keep = max(0, 1 - dtS / Self.axisTimeConstantS)
        mxx = mxx * keep + vx * vx * dtS
        mxy = mxy * keep + vx * vy * dtS
        myy = myy * keep + vy * vy * dtS
        refreshCountdown -= 1
        guard refreshCountdown <= 0 else { return }
        refreshCountdown = Self.axisRefreshSamples
        // Principal eigenvector of [[mxx, mxy], [mxy, myy]].
        let half = (mxx - myy) / 2
        let lambda = (mxx + myy) / 2 + (half * half + mxy * mxy).squareRoot()
        var ex = lambda - myy, ey = mxy
        if abs(ex) + abs(ey) < 1e-15 { ex = mxy; ey = lambda - mxx }
        let n = (ex * ex + ey * ey).squareRoot()
        guard n > 1e-15 else { return }
        ex /= n; ey /= n
        if ex * ux + ey * uy < 0 { ex = -ex; ey = -ey }   // keep the sign continuous
        ux = ex; uy = ey
    }

    @inline(__always)
    mutating func trackRun() -> Completed? {
        let s = positionM
        if direction == 0 {
            if abs(s - runStartM) >= hysteresisM {
                direction = s > runStartM ? 1 : -1
                extremeM = s
            }
            return nil
        }
        if direction > 0 ? s > extremeM : s < extremeM {
            extremeM = s
            return nil
        }
        guard abs(extremeM - s) >= hysteresisM else { return nil }
        // Reversal: the run from runStart to the extreme is over.
        let done = closeRun()
        runStartM = extremeM
        direction = -direction
        extremeM = s
        return done
    }

    /// Ends the run in progress (at a segment's end); returns it if it counts as a stroke.
    public mutating func finish() -> Completed? {
        guard direction != 0 else { return nil }
        let done = closeRun()
        direction = 0
        runStartM = positionM
        return done
    }

    private mutating func closeRun() -> Completed? {
        let length = abs(extremeM - runStartM)
        guard length >= minStrokeM else { return nil }
        strokes += 1
        let full = length >= fullLengthM
        if full { fullLengthStrokes += 1; shortStreak = 0 } else { shortStreak += 1 }
        lastStrokeM = length
        histogram.add(length)
        if firstStrokeDirection == 0 { firstStrokeDirection = direction }
        let lo = min(runStartM, extremeM), hi = max(runStartM, extremeM)
        // Smoothing of the stroke ends: the last few strokes dominate.
        let a = 0.3
        lowEndM = lowEndM.map { $0 + a * (lo - $0) } ?? lo
        highEndM = highEndM.map { $0 + a * (hi - $0) } ?? hi
        return Completed(lengthM: length, isFullLength: full)
    }

    /// Where the ball is between the heel (0) and the ball of the foot (1), taking the first stroke's start as the
    /// heel (the routine starts every stroke series at the heel). nil until a stroke has been seen.
    public var positionAlongFoot: Double? {
        guard let lo = lowEndM, let hi = highEndM, hi - lo >= minStrokeM else { return nil }
        let f = min(1, max(0, (positionM - lo) / (hi - lo)))
        return firstStrokeDirection >= 0 ? f : 1 - f
    }
}

/// Stroke lengths in 1 mm bins up to 2 m: a median in fixed memory however many strokes a segment has.
public struct StrokeLengthHistogram: Sendable {
    public static let binM = 0.001
    public static let bins = 2000
    private var counts: [UInt32] = []
    private var overflow: [Double] = []
    public private(set) var total = 0

    public init() {}

    mutating func add(_ lengthM: Double) {
        if counts.isEmpty { counts = [UInt32](repeating: 0, count: Self.bins) }
        // Compared as a Double first: a length beyond Int's range must land in the overflow, not trap.
        let bin = lengthM / Self.binM
        if bin < Double(Self.bins) { counts[Int(bin)] += 1 } else if overflow.count < 64 { overflow.append(lengthM) }
        total += 1
    }

    /// The median stroke length (bin centre, interpolated between the two middle strokes); 0 with no strokes.
    public var medianM: Double {
        guard total > 0 else { return 0 }
        func value(atRank r: Int) -> Double {
            var seen = 0
            for (i, c) in counts.enumerated() where c > 0 {
                seen += Int(c)
                if seen > r { return (Double(i) + 0.5) * Self.binM }
            }
            let sorted = overflow.sorted()
            return sorted[min(sorted.count - 1, max(0, r - seen))]
        }
        if total % 2 == 1 { return value(atRank: total / 2) }
        return (value(atRank: total / 2 - 1) + value(atRank: total / 2)) / 2
    }
}
