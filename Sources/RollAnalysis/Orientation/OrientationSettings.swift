import RollCore

/// Tuning of `OrientationEstimator`. Copy `.default` and edit what you need.
///
/// Every value is a physical quantity (seconds, rad/s, m/s²), so the behaviour does not depend on the sample
/// rate. Unless noted otherwise the defaults are those of VQF: D. Laidig, T. Seel, "VQF: Highly accurate IMU
/// orientation estimation with bias estimation and magnetic disturbance rejection", Information Fusion 91 (2023)
/// 187–204, doi:10.1016/j.inffus.2022.10.014, as listed in the parameter documentation of the authors' `vqf` package
/// — the values the authors validated on the BROAD benchmark and a range of other data.
public struct OrientationSettings: Sendable, Equatable {
    // MARK: Inclination correction

    /// Time constant τ_acc of the 2nd-order low-pass applied to the accelerometer in the almost-inertial frame.
    /// Larger trusts the gyro longer (smoother under centripetal/tangential acceleration); smaller follows the
    /// accelerometer faster. VQF default 3 s.
    public var accTimeConstantSeconds: Double = 3.0

    /// Target length of the blocks on which the accelerometer correction, rest detection and bias estimation run
    /// (the gyro is integrated and the accelerometer rotated into the almost-inertial frame on every sample; the
    /// block works on their means). 20 ms (50 Hz) is 25× shorter than the shortest time constant (rest filter,
    /// 0.5 s): on BROAD the RMSE is the same to 0.001° for blocks of 1 to 6 samples, and on simulated rolling at
    /// 100 Hz–1 kHz 10 ms and 20 ms blocks agree to 0.04°. The block work (~0.2 µs) then runs on one sample in
    /// twenty at 1 kHz. Own choice.
    public var blockSeconds: Double = 0.02

    /// A gap between samples longer than this is not integrated (the rate over the gap is unknown); inclination is
    /// re-initialised from the accelerometer and rest detection restarts. Own choice: at the ≤ 1000 °/s² angular
    /// accelerations of hand/foot motion, holding one rate over 0.2 s can already be off by tens of degrees.
    public var gapResetSeconds: Double = 0.2

    /// When rest begins, restart the accelerometer filter: at rest the specific force is gravity alone and the
    /// bias is learnt within a fraction of a second, so averaging afresh from here removes any tilt the almost-
    /// inertial frame picked up while the bias was still unknown (up to tens of degrees for a cheap gyro's
    /// offset) instead of letting it decay with τ_acc. Own addition to VQF.
    public var reanchorAtRest: Bool = true

    // MARK: Gyroscope bias estimation

    /// Estimate the bias during motion from the inclination corrections (VQF "motion bias estimation").
    public var motionBiasEstimation: Bool = true
    /// Estimate the bias while resting from the low-passed gyro (VQF "rest bias estimation").
    public var restBiasEstimation: Bool = true
    /// Standard deviation of the initial bias estimate (the prior spread of the gyro's zero-rate offset).
    /// VQF uses 0.5 °/s for lab-grade IMUs. For cheap MEMS gyros we take the MPU-6050's ±20 °/s zero-rate
    /// tolerance (see `biasClipRadS`) as a 3σ production bound: σ = 20/3 °/s. A prior that is too tight makes the
    /// Kalman filter shrink a real 10 °/s offset towards zero and learn it slowly even at rest (in simulation with
    /// a 15 °/s offset: inclination RMSE 0.6° in the 5 s after rest onset with σ = 0.5 °/s, 0.08° with 20/3 °/s);
    /// on BROAD's lab-grade data the value makes no difference (the mean RMSE is identical to 0.0001°).
    public var biasSigmaInitRadS: Double = 20.0 / 3.0 * radiansPerDegree
    /// A gyro bias known before the session starts (sensor frame, rad/s): `rollmon calibrate` measures it on the
    /// still ball and stores it in the config; a recording carries it as `gyro_bias_rad_s: x,y,z`. It seeds the bias
    /// state, with `initialGyroBiasSigmaRadS` as its uncertainty, instead of zero with `biasSigmaInitRadS`
    /// (VQF's bias estimate is a Kalman state, so a prior is just its initial mean and covariance).
    public var initialGyroBiasRadS: Vector3? = nil
    /// Standard deviation of a seeded bias. The calibration's own error is tiny (the mean of seconds of still
    /// readings: MPU-6050 noise 0.005 °/s/√Hz gives ≈ 0.003 °/s in 3 s); what it misses is the change since then:
    /// the zero-rate offset moves with temperature by up to 0.16 °/s per °C (MPU-6050 PS rev 3.4 §6.1, ±20 °/s over
    /// −40…85 °C), so a session a few °C warmer or colder than the calibration is off by up to ~1 °/s. Own choice,
    /// from that bound: 1 °/s.
    public var initialGyroBiasSigmaRadS: Double = 1.0 * radiansPerDegree
    /// Time in which the bias variance grows by (0.1 °/s)² without information (how fast old knowledge is
    /// forgotten, i.e. how fast the bias is assumed to wander). VQF default 100 s.
    public var biasForgettingSeconds: Double = 100
    /// Largest bias magnitude (per axis) believed; also the largest low-passed rate that may count as rest and the
    /// clip of each bias update. VQF uses 2 °/s for lab-grade IMUs; cheap MEMS parts have far larger offsets: the
    /// MPU-6050's initial zero-rate output tolerance is ±20 °/s (InvenSense MPU-6000/MPU-6050 Product Specification
    /// rev 3.4, §6.1 "Initial ZRO Tolerance"). With a smaller clip such a gyro would never be seen at rest and its
    /// offset never learnt. That tolerance is at 25 °C; the same table allows the offset to move with temperature
    /// (±20 °/s over −40…85 °C, ≤ 0.16 °/s per °C: ≈ 2.4 °/s for ±15 °C around 25 °C) and the sensitivity and
    /// cross-axis errors (±3 %, ±2 %) scale it by up to ~7 % (≈ 1.4 °/s): a part at the edge reads ≈ 24 °/s at
    /// rest, which a 20 °/s clip would never see as rest (its bias then unlearnt all session). Hence 25 °/s.
    public var biasClipRadS: Double = 25 * radiansPerDegree
    /// Steady-state uncertainty of the bias estimate during motion (how much a motion update is trusted).
    /// VQF default 0.1 °/s.
    public var biasSigmaMotionRadS: Double = 0.1 * radiansPerDegree
    /// The earth-vertical bias component is unobservable without a magnetometer; it is pulled to zero with this
    /// factor times the motion update's information so it cannot wander. VQF default 1e-4.
    public var biasVerticalForgettingFactor: Double = 1e-4
    /// Steady-state uncertainty of the bias estimate at rest. VQF default 0.03 °/s.
    public var biasSigmaRestRadS: Double = 0.03 * radiansPerDegree

    // MARK: Rest detection

    /// Rest must hold this long before it is declared. VQF default 1.5 s.
    public var restMinSeconds: Double = 1.5
    /// Time constant of the low-pass the rest thresholds compare against. VQF default 0.5 s.
    public var restFilterTimeConstantSeconds: Double = 0.5
    /// Largest deviation of a gyro sample from its low-pass at rest. VQF default 2 °/s.
    public var restGyroThresholdRadS: Double = 2 * radiansPerDegree
    /// Largest deviation of an accelerometer sample from its low-pass at rest. VQF default 0.5 m/s².
    public var restAccThresholdMS2: Double = 0.5
    /// Largest change of the low-passed accelerometer since the rest window began (≈ 1.2° of tilt at 1 g).
    /// Own addition to VQF: with a bias clip of several °/s, a smooth rotation about a horizontal axis slower than
    /// the clip would otherwise pass the deviation tests and be learnt as bias; this catches any such rotation
    /// faster than about 0.8 °/s within the 1.5 s rest window.
    public var restAccDriftThresholdMS2: Double = 0.2

    public init() {}

    /// The documented defaults above.
    public static let `default` = OrientationSettings()
}
