import Foundation

/// 6D (gyro + accelerometer) orientation estimator in the manner of VQF (Laidig & Seel 2023, Information Fusion
/// 91:187–204): the caller owns the value, feeds one IMU sample at a time, and reads the result. No I/O, no clocks.
///
/// Structure (VQF §3.1): the orientation is split as q = q_acc ⊗ q_gyr.
/// * q_gyr maps the sensor frame into an *almost-inertial* frame I by strapdown integration of the bias-corrected
///   gyro on every sample. I drifts only slowly (by the residual bias).
/// * The accelerometer, rotated into I, is low-passed there (2nd order, τ_acc). In I the gravity direction is almost
///   fixed while centripetal and tangential accelerations of a moving, off-centre IMU turn with the motion and
///   average out — unlike low-passing in the sensor frame, this costs no lag in orientation.
/// * q_acc (a rotation about a horizontal axis only, so the heading is left alone and stays continuous) is corrected
///   completely each block so that the low-passed gravity points up; the smoothing is all in the filter.
/// * Gyro bias: Kalman estimate from rest (fast) and from the inclination corrections during motion (slow),
///   see `GyroBiasEstimator`; rest detection in `RestDetector`.
/// For speed only the gyro integration and the accelerometer rotation run on every sample; the rest runs on blocks
/// of `settings.blockSeconds` (mean of the samples in the block).
public struct OrientationEstimator: Sendable {
    public let settings: OrientationSettings

    /// Sensor → almost-inertial frame, pure gyro integration.
    private var gyroQuaternion = Quaternion.identity
    /// Almost-inertial → earth (z up) inclination correction.
    private var accQuaternion = Quaternion.identity

    private var accFilter = LowPassVector3()
    private var rest = RestDetector()
    private var bias: GyroBiasEstimator

    // Current block.
    private var blockSamples = 0
    private var blockSeconds: Double = 0
    private var blockAccInertialSum = Vector3.zero
    private var blockAccSamples = 0
    private var blockGyroSum = Vector3.zero
    private var blockAccSum = Vector3.zero

    private var restartPending = false

    // Filter coefficients for blocks of `coefficientsSeconds` (0 = none yet; a zero-length block never uses them).
    private var coefficientsSeconds: Double = 0
    private var restStep = LowPassStep(tauSeconds: 1, dtSeconds: 0)
    private var accStep = LowPassStep(tauSeconds: 1, dtSeconds: 0)

    public init(settings: OrientationSettings = .default) {
        self.settings = settings
        self.bias = GyroBiasEstimator(settings: settings)
    }

    /// Rotates sensor-frame vectors into a z-up world frame (heading arbitrary but continuous).
    public var quaternion: Quaternion { accQuaternion * gyroQuaternion }
    /// Whether rest is currently detected (and the bias is being learnt from it).
    public var isResting: Bool { rest.isResting }
    /// Current gyro bias estimate, sensor frame; subtracted from every gyro sample.
    public var gyroBiasRadS: Vector3 { bias.biasRadS }

    /// Tell the estimator the gyro was saturated (clipped) on the sample just passed to `update` (calling it just
    /// before that `update` works as well). The measured rate is still integrated, but the accelerometer filter
    /// restarts after the saturated stretch so the inclination re-converges from fresh data within about τ_acc
    /// instead of decaying the error slowly, and no bias is learnt from the corrupted stretch.
    public mutating func markGyroSaturated() {
        restartPending = true
    }

    /// Feed one sample.
    /// - Parameters:
    ///   - gyroRadS: angular rate, sensor frame.
    ///   - accelMS2: specific force, sensor frame (at rest the up axis reads about +9.81).
    ///   - dtSeconds: time since the previous sample. Non-positive or non-finite values skip the gyro integration;
    ///     values above `settings.gapResetSeconds` are treated as a gap (not integrated; inclination re-initialised).
    ///     Samples with non-finite readings are ignored.
    public mutating func update(gyroRadS: Vector3, accelMS2: Vector3, dtSeconds: Double) {
        // One test for all six readings: the sum is non-finite if any reading is (or if they are absurdly large).
        guard (gyroRadS.x + gyroRadS.y + gyroRadS.z + accelMS2.x + accelMS2.y + accelMS2.z).isFinite else { return }
        if restartPending {
            restartPending = false
            if blockSamples > 0 { endBlock(allowMotionBias: false) }
            accFilter.restart()
        }
        var stepSeconds = 0.0
        if !(dtSeconds <= settings.gapResetSeconds) {  // also true for NaN
            if blockSamples > 0 { endBlock(allowMotionBias: true) }
            accFilter.restart()
            rest.restart()
        } else if dtSeconds > 0 {
            stepSeconds = dtSeconds
            integrate(gyroRadS - bias.biasRadS, dtSeconds: dtSeconds)
        }

        rest.noteSample(gyroRadS: gyroRadS, accelMS2: accelMS2)
        blockGyroSum += gyroRadS
        blockAccSum += accelMS2
        if accelMS2.x != 0 || accelMS2.y != 0 || accelMS2.z != 0 {  // an all-zero reading is a failed read
            blockAccInertialSum += gyroQuaternion.rotate(accelMS2)
            blockAccSamples += 1
        }
        blockSamples += 1
        blockSeconds += stepSeconds
        // End the block at the sample that brings it closest to the target length.
        if blockSeconds + 0.5 * stepSeconds >= settings.blockSeconds {
            endBlock(allowMotionBias: true)
        }
    }

    /// q_gyr ← q_gyr ⊗ exp(ω·dt/2). The half-angle sine and cosine are Taylor series up to 4th order when the
    /// half angle is below 0.1 rad (error < 2e-9, far below the gyro's own resolution), exact otherwise.
    @inline(__always)
    private mutating func integrate(_ omegaRadS: Vector3, dtSeconds dt: Double) {
        let half = omegaRadS * (0.5 * dt)
        let a2 = half.squaredNorm
        let c: Double, s: Double
        if a2 < 0.01 {
            c = 1 - a2 * (0.5 - a2 * (1.0 / 24))
            s = 1 - a2 * (1.0 / 6 - a2 * (1.0 / 120))
        } else {
            let a = a2.squareRoot()
            c = cos(a)
            s = sin(a) / a
        }
        let q = gyroQuaternion
        let dx = half.x * s, dy = half.y * s, dz = half.z * s
        // The norm drifts only by rounding and by the truncated series (< 2e-9 per sample); it is restored once
        // per block in `endBlock`.
        gyroQuaternion = Quaternion(
            w: q.w * c - q.x * dx - q.y * dy - q.z * dz,
            x: q.w * dx + q.x * c + q.y * dz - q.z * dy,
            y: q.w * dy - q.x * dz + q.y * c + q.z * dx,
            z: q.w * dz + q.x * dy - q.y * dx + q.z * c)
    }

    private mutating func endBlock(allowMotionBias: Bool) {
        let h = blockSeconds
        let n = Double(blockSamples)
        let meanGyro = blockGyroSum / n
        let meanAcc = blockAccSum / n
        let accSamples = blockAccSamples
        let meanAccInertial = accSamples > 0 ? blockAccInertialSum / Double(accSamples) : .zero
        blockSamples = 0; blockSeconds = 0; blockAccSamples = 0
        blockGyroSum = .zero; blockAccSum = .zero; blockAccInertialSum = .zero
        gyroQuaternion = gyroQuaternion.normalized

        if h > 0 {
            if h != coefficientsSeconds {  // blocks usually repeat their length exactly: reuse the coefficients
                coefficientsSeconds = h
                restStep = LowPassStep(tauSeconds: settings.restFilterTimeConstantSeconds, dtSeconds: h)
                accStep = LowPassStep(tauSeconds: settings.accTimeConstantSeconds, dtSeconds: h)
            }
            rest.endBlock(meanGyroRadS: meanGyro, meanAccelMS2: meanAcc, dtSeconds: h, coefficients: restStep,
                          settings: settings)
        }
        // A zero-length block (only after a flush) can still seed a warming-up filter but must not step a settled one.
        guard accSamples > 0, h > 0 || accFilter.isWarmingUp else { return }

        let tau = settings.accTimeConstantSeconds
        let accSettled = !accFilter.isWarmingUp
        let accInertial = accFilter.step(meanAccInertial, dtSeconds: h, tauSeconds: tau, coefficients: accStep)

        // Inclination correction: rotate q_acc about a horizontal axis so the low-passed gravity points up.
        let accEarth = accQuaternion.rotate(accInertial)
        let norm2 = accEarth.squaredNorm
        guard norm2 > 0 else { return }
        let a = accEarth / norm2.squareRoot()
        let correction: Quaternion
        let cw = ((a.z + 1) * 0.5).squareRoot()
        if cw > 1e-6 {
            let k = 0.5 / cw
            correction = Quaternion(w: cw, x: a.y * k, y: -a.x * k, z: 0)
        } else {
            correction = Quaternion(w: 0, x: 1, y: 0, z: 0)  // gravity points straight down: turn over about x
        }
        accQuaternion = (correction * accQuaternion).normalized

        guard (settings.motionBiasEstimation || settings.restBiasEstimation), h > 0 else { return }
        let rotation = Matrix3(rotation: accQuaternion * gyroQuaternion)
        let (rotationLp, rotatedBiasLp) = bias.filterRotation(rotation, dtSeconds: h, tauSeconds: tau,
                                                              coefficients: accStep)
        bias.predict(dtSeconds: h, settings: settings)
        if settings.restBiasEstimation && rest.isResting {
            bias.updateAtRest(gyroLowPassRadS: rest.gyroLowPassRadS, dtSeconds: h, settings: settings)
        } else if settings.motionBiasEstimation && allowMotionBias && accSettled {
            bias.updateInMotion(accEarthUnit: a, rotationLowPass: rotationLp, rotatedBiasLowPass: rotatedBiasLp,
                                dtSeconds: h, settings: settings)
        }
    }
}
