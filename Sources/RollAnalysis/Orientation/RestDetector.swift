// Internal helper types of the estimator, nested so their generic names cannot clash within RollAnalysis.
import RollCore

extension OrientationEstimator {
    /// Decides whether the sensor is lying still, as in VQF (Laidig & Seel 2023, rest detection): gyro and accelerometer must
    /// stay close to their own low-pass (τ_rest), the low-passed rate must be small enough to be a bias,
    /// and all of that must hold for a minimum time. Plus one check of our own (see
    /// `OrientationSettings.restAccDriftThresholdMS2`): the low-passed accelerometer must not drift during the window.
    /// Runs once per block, on the block's mean gyro and accelerometer.
    struct RestDetector: Sendable {
        /// Low-passed gyro / accelerometer (sensor frame) as of the last block; block means are compared to these.
        private(set) var gyroLowPassRadS: Vector3 = .zero
        private(set) var accLowPassMS2: Vector3 = .zero
        private var gyroFilter = LowPassVector3()
        private var accFilter = LowPassVector3()
        /// Low-passed accelerometer when the current rest window began.
        private var anchorAccMS2: Vector3 = .zero
        private var hasAnchor = false
        private var restSeconds: Double = 0
        private(set) var isResting = false
        /// The latest block passed every rest test: still now, before the minimum rest time has passed. The first
        /// block after a (re)start compares against filters that have seen nothing yet: its verdict is no evidence
        /// of motion.
        private(set) var seesNoMotion = true
        private var blocksSeen = 0

        mutating func restart() {
            self = RestDetector()
        }

        /// Advance by one block with the block's mean gyro and accelerometer.
        mutating func endBlock(meanGyroRadS: Vector3, meanAccelMS2: Vector3, dtSeconds h: Double,
                               coefficients c: LowPassStep, settings s: OrientationSettings) {
            let tau = s.restFilterTimeConstantSeconds
            // Deviation of this block's mean from the low-pass so far. VQF tests every sample; testing block means
            // (20 ms) keeps the thresholds independent of the sample rate — sensor noise per sample grows with
            // √rate (at 8 kHz an MPU-6050's accelerometer noise alone would approach 0.5 m/s²) while the motion
            // these thresholds are meant to catch lasts far longer than a block.
            let gyroDeviationSq = (meanGyroRadS - gyroLowPassRadS).squaredNorm
            let accDeviationSq = (meanAccelMS2 - accLowPassMS2).squaredNorm
            gyroLowPassRadS = gyroFilter.step(meanGyroRadS, dtSeconds: h, tauSeconds: tau, coefficients: c)
            accLowPassMS2 = accFilter.step(meanAccelMS2, dtSeconds: h, tauSeconds: tau, coefficients: c)
            if !hasAnchor { anchorAccMS2 = accLowPassMS2; hasAnchor = true }

            let clip = s.biasClipRadS
            let g = gyroLowPassRadS
            let moving = gyroDeviationSq >= s.restGyroThresholdRadS * s.restGyroThresholdRadS
                || accDeviationSq >= s.restAccThresholdMS2 * s.restAccThresholdMS2
                || abs(g.x) > clip || abs(g.y) > clip || abs(g.z) > clip
                || (accLowPassMS2 - anchorAccMS2).squaredNorm >= s.restAccDriftThresholdMS2 * s.restAccDriftThresholdMS2
            seesNoMotion = !moving || blocksSeen == 0
            blocksSeen += 1
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
}
