import Foundation
import RollCore

/// 6D (gyro + accelerometer) orientation estimator in the manner of VQF (Laidig & Seel 2023, Information Fusion
/// 91:187–204): the caller owns the value, feeds one IMU sample at a time, and reads the result. No I/O, no clocks.
///
/// Structure (as in VQF): the orientation is split as q = q_acc ⊗ q_gyr.
/// * q_gyr maps the sensor frame into an *almost-inertial* frame I by strapdown integration of the bias-corrected
///   gyro on every sample. I drifts only slowly (by the residual bias).
/// * The accelerometer, rotated into I, is low-passed there (2nd order, τ_acc). In I the gravity direction is almost
///   fixed while centripetal and tangential accelerations of a moving, off-centre IMU turn with the motion and
///   average out — unlike low-passing in the sensor frame, this costs no lag in orientation.
/// * q_acc (built from rotations about horizontal axes only, so the heading is left alone and stays continuous) is
///   corrected completely each block so that the low-passed gravity points up; the smoothing is all in the filter.
/// * Gyro bias: Kalman estimate from rest (fast) and from the inclination corrections during motion (slow),
///   see `GyroBiasEstimator`; rest detection in `RestDetector`.
/// Additions to VQF for this project (cheap IMU, imperfect sample stream): a bias prior and clip sized for MEMS
/// zero-rate offsets of up to 20 °/s, a drift test against slow tilts being taken for rest, re-averaging gravity at
/// rest onset, after a gap and after gyro saturation, and bridging of dropped readings (see `update`).
/// For speed only the gyro integration and the accelerometer rotation run on every sample; everything else runs on
/// blocks of `settings.blockSeconds` (on the means of the samples in the block).
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
    /// Whether an inclination has been taken yet: until the first block ends, the first reading's gravity gives it
    /// (as VQF initialises from its first sample), so the rows of that block are not reported level whatever the
    /// sensor's attitude (a sensor on its side read 88° off for 20 ms).
    private var hasInclination = false
    /// Running mean of the sample spacing (0 until the first step), to tell dropped readings from normal jitter.
    private var readingInterval = ReadingInterval()
    private var previousGyroRadS = Vector3.zero

    // Filter coefficients for blocks of `coefficientsSeconds` (0 = none yet; a zero-length block never uses them).
    private var coefficientsSeconds: Double = 0
    private var restStep = LowPassStep(tauSeconds: 1, dtSeconds: 0)
    private var accStep = LowPassStep(tauSeconds: 1, dtSeconds: 0)
    private var biasNoise = GyroBiasEstimator.BlockNoise(settings: .default, dtSeconds: 1)

    public init(settings: OrientationSettings = .default) {
        self.settings = settings
        self.bias = GyroBiasEstimator(settings: settings)
    }

    /// Rotates sensor-frame vectors into a z-up world frame (heading arbitrary but continuous).
    /// Always inlined: called as a method on the analyzer's stored estimator, the getter made the optimizer copy the
    /// whole estimator (1.3 kB) onto the stack twice per sample (seen with perf/callgrind in `make bench`).
    public var quaternion: Quaternion {
        @inline(__always) get { accQuaternion * gyroQuaternion }
    }
    /// Whether rest is currently detected (and the bias is being learnt from it).
    public var isResting: Bool { rest.isResting }
    /// Whether the rest tests pass on the latest block (gyro and accelerometer steady, no tilt drift): the sensor is
    /// not turning now, whatever its rate reads, though `isResting` (and the bias learnt from it) may not have come yet.
    public var seesNoMotion: Bool { rest.seesNoMotion }
    /// Whether a rest has been seen since the start: from then on the gyro's offset is learnt.
    public private(set) var hasRested = false
    /// Neither calibrated (`initialGyroBiasRadS`) nor learnt at a rest yet: the rate may be mostly offset.
    public var biasUnknown: Bool { settings.initialGyroBiasRadS == nil && !hasRested }
    /// Readings found missing between others (steps over 1.5 usual spacings, up to `gapResetSeconds`), whose rate
    /// was interpolated across (`bridgeDroppedReadings`), and the number of such gaps: what a summary says about
    /// lost reads too short to be an outage.
    public private(set) var bridgedReadings = 0
    public private(set) var bridgedGaps = 0
    /// Current gyro bias estimate, sensor frame; subtracted from every gyro sample.
    public var gyroBiasRadS: Vector3 { bias.biasRadS }

    /// Tell the estimator the gyro was saturated (clipped) on the sample just passed to `update` (calling it just
    /// before that `update` works as well). The measured rate is still integrated, but the accelerometer filter
    /// restarts after the saturated stretch, so the inclination comes from fresh data at once (settling as they
    /// accumulate) instead of the error decaying with τ_acc, and no bias is learnt from the corrupted stretch.
    public mutating func markGyroSaturated() {
        restartPending = true
    }

    /// Feed one sample.
    /// - Parameters:
    ///   - gyroRadS: angular rate, sensor frame.
    ///   - accelMS2: specific force, sensor frame (at rest the up axis reads about +9.81).
    ///   - dtSeconds: time since the previous sample. Zero or negative values skip the gyro integration. A step more
    ///     than 1.5× the typical spacing means readings were lost: the rate across the missing ones is interpolated
    ///     between the readings on either side. Above `settings.gapResetSeconds` (or NaN) the gap is not integrated
    ///     at all: inclination is re-initialised from the accelerometer and rest detection restarts.
    ///     Samples with non-finite readings are ignored.
    public mutating func update(gyroRadS: Vector3, accelMS2: Vector3, dtSeconds: Double) {
        // One test for all six readings: the sum is non-finite if any reading is (or if they are absurdly large).
        guard (gyroRadS.x + gyroRadS.y + gyroRadS.z + accelMS2.x + accelMS2.y + accelMS2.z).isFinite else { return }
        if restartPending {
            restartPending = false
            if blockSamples > 0 { endBlock(allowMotionBias: false) }
            restartInclination()
        }
        var stepSeconds = 0.0
        var endBlockNow = false
        if !(dtSeconds <= settings.gapResetSeconds) {  // also true for NaN
            if blockSamples > 0 { endBlock(allowMotionBias: true) }
            restartInclination()
            rest.restart()
            endBlockNow = true  // take the inclination from this very sample rather than after a block
        } else if dtSeconds > 0 {
            stepSeconds = dtSeconds
            // Usually the reading is the mean rate over the whole step; after dropped readings only over its own.
            let (lostS, ownS) = readingInterval.split(dtSeconds)
            if lostS > 0 { bridgeDroppedReadings(gyroRadS, lostS: lostS, ownS: ownS) }
            integrate(gyroRadS - bias.biasRadS, dtSeconds: ownS)
        }
        previousGyroRadS = gyroRadS

        blockGyroSum += gyroRadS
        blockAccSum += accelMS2
        if accelMS2.x != 0 || accelMS2.y != 0 || accelMS2.z != 0 {  // an all-zero reading is a failed read
            let accInertial = gyroQuaternion.rotate(accelMS2)
            blockAccInertialSum += accInertial
            blockAccSamples += 1
            if !hasInclination { alignInclination(to: accInertial) }
        }
        blockSamples += 1
        blockSeconds += stepSeconds
        // End the block at the sample that brings it closest to the target length.
        if endBlockNow || blockSeconds + 0.5 * stepSeconds >= settings.blockSeconds {
            endBlock(allowMotionBias: true)
        }
    }

    /// Dropped readings (`ReadingInterval`): holding this reading over the whole gap is badly wrong in vigorous motion
    /// (a 150 ms gap at 36 rad/s² angular acceleration: ~20°); the mean of the readings on either side is the mean of
    /// the rate interpolated linearly across the missing interval, good to about a degree for such gaps. Kept out of
    /// line: it is the rare path.
    @inline(never)
    private mutating func bridgeDroppedReadings(_ gyroRadS: Vector3, lostS: Double, ownS: Double) {
        integrate((gyroRadS + previousGyroRadS) * 0.5 - bias.biasRadS, dtSeconds: lostS)
        bridgedReadings += max(1, Int((lostS / ownS).rounded()))   // ownS is the usual spacing here
        bridgedGaps += 1
    }

    /// The first reading: q_acc from its gravity alone, until the first block's filtered gravity replaces it.
    /// Out of line: it runs once.
    @inline(never)
    private mutating func alignInclination(to accInertial: Vector3) {
        let n2 = accInertial.squaredNorm
        guard n2 > 0 else { return }
        accQuaternion = Self.tilt(levelling: accInertial * (1 / n2.squareRoot()))
        hasInclination = true
    }

    /// The rotation about a horizontal axis that turns the unit vector `a` to point straight up (z).
    @inline(__always)
    private static func tilt(levelling a: Vector3) -> Quaternion {
        let cw = ((a.z + 1) * 0.5).squareRoot()
        guard cw > 1e-6 else { return Quaternion(w: 0, x: 1, y: 0, z: 0) }  // straight down: turn over about x
        let k = 0.5 / cw
        return Quaternion(w: cw, x: a.y * k, y: -a.x * k, z: 0)
    }

    /// q/|q| with one division (the shared `normalized` divides four times; this runs on every block).
    @inline(__always)
    private static func unit(_ q: Quaternion) -> Quaternion {
        let n2 = q.w * q.w + q.x * q.x + q.y * q.y + q.z * q.z
        guard n2 > 0 else { return .identity }
        let k = 1 / n2.squareRoot()
        return Quaternion(w: q.w * k, x: q.x * k, y: q.y * k, z: q.z * k)
    }

    /// Start averaging gravity afresh (after a gap, gyro saturation, or at rest onset). The bias estimator's low-passed
    /// rotation restarts with it, so its measurement model (same filter on both sides) stays consistent.
    private mutating func restartInclination() {
        accFilter.restart()
        bias.restartFilters()
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
        let invN = 1 / Double(blockSamples)
        let meanGyro = blockGyroSum * invN
        let meanAcc = blockAccSum * invN
        let accSamples = blockAccSamples
        let meanAccInertial = accSamples > 0 ? blockAccInertialSum * (1 / Double(accSamples)) : .zero
        blockSamples = 0; blockSeconds = 0; blockAccSamples = 0
        blockGyroSum = .zero; blockAccSum = .zero; blockAccInertialSum = .zero
        gyroQuaternion = Self.unit(gyroQuaternion)

        if h > 0 {
            if h != coefficientsSeconds {  // blocks usually repeat their length exactly: reuse the coefficients
                coefficientsSeconds = h
                restStep = LowPassStep(tauSeconds: settings.restFilterTimeConstantSeconds, dtSeconds: h)
                accStep = LowPassStep(tauSeconds: settings.accTimeConstantSeconds, dtSeconds: h)
                biasNoise = GyroBiasEstimator.BlockNoise(settings: settings, dtSeconds: h)
            }
            let wasResting = rest.isResting
            rest.endBlock(meanGyroRadS: meanGyro, meanAccelMS2: meanAcc, dtSeconds: h, coefficients: restStep,
                          settings: settings)
            if rest.isResting && !wasResting && settings.reanchorAtRest { restartInclination() }
            if rest.isResting { hasRested = true }
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
        let a = accEarth * (1 / norm2.squareRoot())
        accQuaternion = Self.unit(Self.tilt(levelling: a) * accQuaternion)
        hasInclination = true

        guard (settings.motionBiasEstimation || settings.restBiasEstimation), h > 0 else { return }
        let rotation = Matrix3(rotation: accQuaternion * gyroQuaternion)
        let (rotationLp, rotatedBiasLp) = bias.filterRotation(rotation, dtSeconds: h, tauSeconds: tau,
                                                              coefficients: accStep)
        bias.predict(biasNoise, settings: settings)
        if settings.restBiasEstimation && rest.isResting {
            bias.updateAtRest(gyroLowPassRadS: rest.gyroLowPassRadS, biasNoise, settings: settings)
        } else if settings.motionBiasEstimation && allowMotionBias && accSettled {
            bias.updateInMotion(accEarthUnit: a, rotationLowPass: rotationLp, rotatedBiasLowPass: rotatedBiasLp,
                                biasNoise, settings: settings)
        }
    }
}
