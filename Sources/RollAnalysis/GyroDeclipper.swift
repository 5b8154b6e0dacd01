import RollCore

/// Rebuilds clipped gyro readings from physics, instead of integrating the rail value as if it were true.
///
/// A ball rolled along a line (or a roller) turns about one axis, and that axis is fixed in the body frame: rotation
/// leaves its own axis where it is. So while one or two axes sit on the rail, the rate is the unclipped axes'
/// reading along the last well-measured rotation axis (least squares), and never less than the rail implies on the
/// clipped axes. When all three clip, that lower bound is the estimate. Clipped samples are still counted and
/// reported (`GyroSaturationDetector`); this only makes the lengths rolled through them close to true rather than
/// short by whatever was cut off.
public struct GyroDeclipper: Sendable {
    /// Axis estimates come from unclipped samples turning at least this fast, where noise cannot tilt the direction.
    public static let minimumAxisRateRadS = 1.0
    /// Components this small along the axis say nothing about the rate.
    static let minimumComponent = 0.05

    /// The last unclipped reading fast enough to give the axis (normalised only when a clipped sample needs it:
    /// the axis's sign does not matter, s·a is the same for −a).
    private var lastFastRadS = Vector3.zero

    public init() {}

    /// `clippedAt`: the rail this reading sits on (`GyroSaturationDetector.check`), nil when it is not clipped.
    /// The unclipped reading (nearly every one) is inlined; the rebuild is not.
    @inline(__always)
    public mutating func process(_ g: Vector3, clippedAt railInfo: GyroRail?) -> Vector3 {
        guard let railInfo else { learn(g); return g }
        return rebuild(g, clippedAt: railInfo)
    }

    @inline(never)
    private mutating func rebuild(_ g: Vector3, clippedAt railInfo: GyroRail) -> Vector3 {
        let rail = railInfo.railRadS
        let cx = railInfo.isClipped(g.x), cy = railInfo.isClipped(g.y), cz = railInfo.isClipped(g.z)
        guard cx || cy || cz else { learn(g); return g }
        let fast = lastFastRadS
        guard fast.squaredNorm > 0 else { return g }
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
        return Vector3(cx ? s * a.x : g.x, cy ? s * a.y : g.y, cz ? s * a.z : g.z)
    }

    @inline(__always)
    private mutating func learn(_ g: Vector3) {
        if g.squaredNorm >= Self.minimumAxisRateRadS * Self.minimumAxisRateRadS { lastFastRadS = g }
    }
}
