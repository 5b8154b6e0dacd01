/// Decides whether the sensor is lying still, as in VQF (Laidig & Seel 2023, §3.3): every gyro and accelerometer
/// sample must stay close to its own low-pass (τ_rest), the low-passed rate must be small enough to be a bias,
/// and all of that must hold for a minimum time. Plus one check of our own (see
/// `OrientationSettings.restAccDriftThresholdMS2`): the low-passed accelerometer must not drift during the window.
///
/// Per-sample work is only `noteSample` (two squared distances); the filters run once per block.
struct RestDetector: Sendable {
    /// Low-passed gyro / accelerometer (sensor frame) as of the last block; samples are compared against these.
    private(set) var gyroLowPassRadS: Vector3 = .zero
    private(set) var accLowPassMS2: Vector3 = .zero
    private var gyroFilter = LowPassVector3()
    private var accFilter = LowPassVector3()
    /// Largest squared deviations seen in the current block.
    private var maxGyroDeviationSq: Double = 0
    private var maxAccDeviationSq: Double = 0
    /// Low-passed accelerometer when the current rest window began.
    private var anchorAccMS2: Vector3 = .zero
    private var hasAnchor = false
    private var restSeconds: Double = 0
    private(set) var isResting = false

    mutating func restart() {
        self = RestDetector()
    }

    @inline(__always)
    mutating func noteSample(gyroRadS: Vector3, accelMS2: Vector3) {
        let dg = gyroRadS - gyroLowPassRadS
        let da = accelMS2 - accLowPassMS2
        maxGyroDeviationSq = max(maxGyroDeviationSq, dg.squaredNorm)
        maxAccDeviationSq = max(maxAccDeviationSq, da.squaredNorm)
    }

    /// Advance by one block with the block's mean gyro and accelerometer.
    mutating func endBlock(meanGyroRadS: Vector3, meanAccelMS2: Vector3, dtSeconds h: Double,
                           coefficients c: LowPassStep, settings s: OrientationSettings) {
        let tau = s.restFilterTimeConstantSeconds
        gyroLowPassRadS = gyroFilter.step(meanGyroRadS, dtSeconds: h, tauSeconds: tau, coefficients: c)
        accLowPassMS2 = accFilter.step(meanAccelMS2, dtSeconds: h, tauSeconds: tau, coefficients: c)
        if !hasAnchor { anchorAccMS2 = accLowPassMS2; hasAnchor = true }

        let clip = s.biasClipRadS
        let g = gyroLowPassRadS
        let moving = maxGyroDeviationSq >= s.restGyroThresholdRadS * s.restGyroThresholdRadS
            || maxAccDeviationSq >= s.restAccThresholdMS2 * s.restAccThresholdMS2
            || abs(g.x) > clip || abs(g.y) > clip || abs(g.z) > clip
            || (accLowPassMS2 - anchorAccMS2).squaredNorm >= s.restAccDriftThresholdMS2 * s.restAccDriftThresholdMS2
        maxGyroDeviationSq = 0
        maxAccDeviationSq = 0
        if moving {
            restSeconds = 0
            isResting = false
            anchorAccMS2 = accLowPassMS2
        } else {
            restSeconds += h
            if restSeconds >= s.restMinSeconds { isResting = true }
        }
    }
}
