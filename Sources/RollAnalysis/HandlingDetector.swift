import RollCore

/// Without a force sensor, is the ball on the floor, or in the user's hand? Rolling on a plane constrains the motion
/// in ways handling does not:
/// - the centre stays at one height, so the specific force is gravity plus a horizontal acceleration, and its
///   magnitude stays within a fraction of a m/s² of g (√(g² + a²) ≈ g + a²/2g: 0.45 m/s² for a brisk 3 m/s²
///   stroke); a pick-up or put-down accelerates the ball up or down by metres per second squared, before any
///   turning. Judged on the magnitude, so a tilt error of the orientation estimate cannot fake it;
/// - the ball is never weightless (free fall, a toss);
/// - the rotation axis stays horizontal, with only a small spin about the vertical (a foot can pivot the ball, but
///   slowly); a ball turned in the fingers spins about any axis.
/// Any of these is evidence of handling; the ball then counts as in the hand until it is back on the floor: at rest
/// (still, a steady specific force) for `releaseRestS` right after a put-down — whose last part brakes the fall, so the specific
/// force ends above g, where a pick-up's ends below — or for `longRestS` whatever came before (a hand cannot be
/// told from the floor by a still ball, so a long stillness is taken as the floor).
/// Pure and streaming: caller-owned state, O(1) per sample.
public struct HandlingDetector: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Specific force whose magnitude is this far from gravity, while not turning fast, is a lift. Rolling
        /// keeps the centre's vertical acceleration at zero; an IMU off-centre adds α×ρ + ω×(ω×ρ), under
        /// ~1.5 m/s² for ρ ≤ 25 mm at the turning rates below.
        public var liftMS2 = 3.0
        /// The lift test only applies below this rate (centripetal terms grow as ω²ρ).
        public var liftMaxRateRadS = 3.0
        /// Total specific force below this is free fall (a toss or a drop).
        public var freeFallMS2 = 3.0
        /// Spin about the vertical above this rate and above `spinFraction` of the horizontal rate is handling.
        /// A foot pivoting a ball under load stays well below 1.5 rad/s (86 °/s).
        public var spinRadS = 1.5
        public var spinFraction = 0.6
        /// Still (rates below `restRateRadS`, |specific force| steady: within `restMS2` of its value when the still
        /// spell began) this long: back on the floor. Steady rather than "equal to standard gravity": an uncalibrated
        /// accelerometer reads gravity off by its zero-g offset and sensitivity error (MPU-6050: ±80 mg X/Y, ±3 %,
        /// datasheet rev 3.4 §6.2 — up to ~1 m/s²), so a still ball on such a part would never count as still.
        public var restRateRadS = 0.15
        public var restMS2 = 0.4
        public var releaseRestS = 0.5
        public var longRestS = 3.0
        public init() {}
    }

    /// What showed the ball to be in the hand.
    public enum Evidence: String, Sendable, Equatable { case lift, freeFall, spin }

    public let settings: Settings
    public private(set) var inHand = false
    /// The evidence on the last sample that had any (diagnostics).
    public private(set) var lastEvidence: Evidence?
    /// When the current handling began (the first evidence), for diagnostics.
    public private(set) var handledSinceS: Double?
    public private(set) var restS = 0.0
    /// Whether the last lift evidence was braking a downward motion (specific force above g): a put-down.
    private var lastLiftWasPutDown = false
    /// |specific force| when the current still spell began (the previous sample's while not still).
    private var stillAnchorMS2 = Double.nan

    static let gravityMS2 = standardGravityMS2

    public init(settings: Settings = Settings()) { self.settings = settings }

    /// One sample: world-frame angular velocity (bias-corrected, z up) and specific force (any frame: only its
    /// magnitude is used); returns whether the ball is in the hand after it.
    @discardableResult
    public mutating func update(tS: Double, dtS: Double, worldGyroRadS w: Vector3, accelMS2 f: Vector3) -> Bool {
        let rate = w.norm
        let horizontal = (w.x * w.x + w.y * w.y).squareRoot()
        let spin = abs(w.z)
        let fNorm = f.norm
        let lifted = abs(fNorm - Self.gravityMS2) > settings.liftMS2 && rate < settings.liftMaxRateRadS
        let falling = fNorm < settings.freeFallMS2
        let spun = spin > settings.spinRadS && spin > settings.spinFraction * horizontal
        if lifted || falling || spun {
            lastEvidence = lifted ? .lift : (falling ? .freeFall : .spin)
            lastLiftWasPutDown = lifted && fNorm > Self.gravityMS2
            if !inHand { handledSinceS = tS }
            inHand = true
            restS = 0
            stillAnchorMS2 = fNorm
            return true
        }
        let still = rate < settings.restRateRadS && abs(fNorm - stillAnchorMS2) < settings.restMS2
        restS = still ? restS + dtS : 0
        if !still { stillAnchorMS2 = fNorm }
        let putDown = lastEvidence == .lift && lastLiftWasPutDown
        if inHand && (restS >= settings.longRestS || (putDown && restS >= settings.releaseRestS)) {
            inHand = false
            handledSinceS = nil
        }
        return inHand
    }
}
