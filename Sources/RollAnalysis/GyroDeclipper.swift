#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RollCore

/// Rebuilds clipped gyro readings from physics, instead of integrating the rail value as if it were true.
///
/// A ball rolled along a line (or a roller) turns about one axis, and that axis is fixed in the body frame: rotation
/// leaves its own axis where it is. So while one or two axes sit on the rail, the rate is the unclipped axes'
/// reading along the last well-measured rotation axis (least squares), and never less than the rail implies on the
/// clipped axes. When all three clip, that lower bound is the estimate. Clipped samples are still counted and
/// reported (`GyroSaturationDetector`); this only makes the lengths rolled through them close to true rather than
/// short by whatever was cut off.
///
/// The rebuild is believed only where the data show a body-fixed axis: the measured axis must have turned slower
/// than `steadyAxisTurnRadS` over the last `axisBaselineS` before the clip. A sensor swung by hand turns its axis
/// much faster, and there rebuilding along a stale axis makes the rates worse than the rail value itself (BROAD
/// trials 07–09 re-quantised at ±1000 °/s: mean rebuild error 2.7–5.8 rad/s against 1.0–1.7 rad/s for the rail
/// value; axis turn in the 20 ms before a clip: median 2.8–3.8°, against ≤ 0.3° in the simulated rolled ball).
public struct GyroDeclipper: Sendable {
    /// Axis estimates come from unclipped samples turning at least this fast, where noise cannot tilt the direction.
    public static let minimumAxisRateRadS = 1.0
    /// Components this small along the axis say nothing about the rate.
    static let minimumComponent = 0.05
    /// How fast the axis may turn and still count as fixed in the body: 45 °/s. A rolled ball's axis turns only as the
    /// foot steers the rolling direction (simulated, diagonal strokes included: ≤ 15 °/s before a clip); a hand-held
    /// sensor's axis turned a median 140–190 °/s before its clips (BROAD 07–09, above). Between the two, with room.
    public static let steadyAxisTurnRadS = 45 * Double.pi / 180
    /// The baseline the turn is measured over: long enough that gyro noise does not look like turning (MPU-6050
    /// rate noise ≈ 0.07 °/s rms at its 188 Hz bandwidth, §6.1: 0.005 °/s/√Hz, gives ≈ 0.01° of direction at 8 rad/s,
    /// under 1 °/s over 20 ms), short enough to describe the moment before the clip.
    public static let axisBaselineS = 0.02

    /// The last unclipped reading fast enough to give the axis (normalised only when a clipped sample needs it:
    /// the axis's sign does not matter, s·a is the same for −a).
    private var lastFastRadS = Vector3.zero
    private var lastFastS = -Double.infinity
    /// The fast reading that starts the current turn baseline, and its time.
    private var anchorRadS = Vector3.zero
    private var anchorS = -Double.infinity
    /// The axis's turn rate over the last whole baseline (rad/s); infinite until one has been measured.
    private var completedTurnRadS = Double.infinity

    /// Whether the last clipped reading was rebuilt (false: it was left at the rail, no steady axis to rebuild along).
    public private(set) var rebuiltLast = false

    public init() {}

    /// `clippedAt`: the rail this reading sits on (`GyroSaturationDetector.check`), nil when it is not clipped.
    /// The unclipped reading (nearly every one) is inlined; the rebuild is not.
    @inline(__always)
    public mutating func process(_ g: Vector3, tSeconds t: Double, clippedAt railInfo: GyroRail?) -> Vector3 {
        guard let railInfo else { learn(g, t); return g }
        return rebuild(g, tSeconds: t, clippedAt: railInfo)
    }

    @inline(never)
    private mutating func rebuild(_ g: Vector3, tSeconds t: Double, clippedAt railInfo: GyroRail) -> Vector3 {
        rebuiltLast = false
        let rail = railInfo.railRadS
        let cx = railInfo.isClipped(g.x), cy = railInfo.isClipped(g.y), cz = railInfo.isClipped(g.z)
        guard cx || cy || cz else { learn(g, t); return g }
        let fast = lastFastRadS
        // No axis, or one that was not holding still in the body: the rail value is the better estimate.
        guard fast.squaredNorm > 0, axisTurnRadS <= Self.steadyAxisTurnRadS else { return g }
        let a = fast / fast.norm

        // Least squares over the unclipped axes.
        var num = 0.0, den = 0.0
        if !cx { num += g.x * a.x; den += a.x * a.x }
        if !cy { num += g.y * a.y; den += a.y * a.y }
        if !cz { num += g.z * a.z; den += a.z * a.z }
        // Lower bound from the clipped axes: |s · a_i| >= rail.
        var lower = 0.0
        var signVote = 0.0
        func clipped(_ gi: Double, _ ai: Double) {
            guard abs(ai) > Self.minimumComponent else { return }
            lower = max(lower, rail / abs(ai))
            signVote += (gi >= 0) == (ai >= 0) ? 1 : -1
        }
        if cx { clipped(g.x, a.x) }
        if cy { clipped(g.y, a.y) }
        if cz { clipped(g.z, a.z) }
        var s: Double
        if den >= Self.minimumComponent * Self.minimumComponent {
            s = num / den
            if abs(s) < lower { s = (s >= 0 ? 1 : -1) * lower }
        } else if lower > 0 {
            s = (signVote >= 0 ? 1 : -1) * lower
        } else {
            return g
        }
        rebuiltLast = true
        return Vector3(cx ? s * a.x : g.x, cy ? s * a.y : g.y, cz ? s * a.z : g.z)
    }

    @inline(__always)
    private mutating func learn(_ g: Vector3, _ t: Double) {
        guard g.squaredNorm >= Self.minimumAxisRateRadS * Self.minimumAxisRateRadS else {
            // Too slow to give an axis: the next fast reading starts a new baseline (the last axis is kept).
            anchorS = -Double.infinity
            completedTurnRadS = .infinity
            return
        }
        lastFastRadS = g; lastFastS = t
        let elapsed = t - anchorS
        guard elapsed >= Self.axisBaselineS else { return }
        if elapsed.isFinite { completedTurnRadS = Self.angleBetweenAxes(anchorRadS, g) / elapsed }
        anchorRadS = g; anchorS = t
    }

    /// How fast the axis turned just before now: over the running baseline once it spans half its length (or when no
    /// whole one has been measured since the rate was last slow: a 100 Hz IMU may reach the rail within 20 ms), else
    /// over the last whole baseline.
    private var axisTurnRadS: Double {
        let span = lastFastS - anchorS
        guard span > 0, span.isFinite, span >= Self.axisBaselineS / 2 || !completedTurnRadS.isFinite else {
            return completedTurnRadS
        }
        return Self.angleBetweenAxes(anchorRadS, lastFastRadS) / span
    }

    /// The angle between two rotation axes, 0…π/2 (an axis has no sign: turning back is the same axis).
    static func angleBetweenAxes(_ a: Vector3, _ b: Vector3) -> Double {
        // atan2 of |a × b| and |a · b|: exact at small angles, where acos of a cosine near 1 loses digits.
        atan2(a.cross(b).norm, abs(a.dot(b)))
    }
}
