// Internal helper types of the estimator, nested so their generic names cannot clash within RollAnalysis.
import RollCore

extension OrientationEstimator {
    /// Gyroscope bias estimation as in VQF (Laidig & Seel 2023, its "motion bias estimation" and "rest bias
    /// estimation"): a 3-state Kalman filter on the bias b (sensor frame, rad/s) with two kinds of measurement.
    ///
    /// * At rest the low-passed gyro *is* the bias: measurement matrix I, small noise (fast, accurate).
    /// * In motion the inclination correction reveals the bias. A bias error δb makes the almost-inertial frame turn at
    ///   R·δb (R: sensor→earth), which tilts the low-passed accelerometer; the correction that removes this tilt in one
    ///   block of length h has angular rate c = (−a_y, a_x)/h (a: normalised low-passed accelerometer in the earth
    ///   frame before the correction). Because the accelerometer was low-passed, c sees the low-passed drift, so
    ///   c + LP(R·b̂) = LP(R)·b: a measurement of the two horizontal earth components of b with matrix LP(R).
    ///   The vertical earth component is unobservable without a magnetometer; a very weak pseudo-measurement
    ///   "vertical component = 0" keeps it from wandering.
    /// Variances are chosen per second, so the filter behaves the same at every block length: the process noise grows
    /// the variance by (0.1 °/s)² per forgetting time, and the measurement noise W = p²/V + p makes p the steady-state
    /// variance for the measured directions (solve P = (P+V)·W/(P+V+W) for W with P = p).
    struct GyroBiasEstimator: Sendable {
        private(set) var biasRadS: Vector3 = .zero
        private var covariance: Matrix3
        /// Low-passed rotation matrix (sensor→earth) and low-passed R·b̂ (x, y used), same filter as the accelerometer.
        private var rotationRow0 = LowPassVector3()
        private var rotationRow1 = LowPassVector3()
        private var rotationRow2 = LowPassVector3()
        private var rotatedBias = LowPassVector3()

        /// Zero with the prior spread of an unknown part's offset, or the seeded (calibrated) bias with its own.
        init(settings s: OrientationSettings) {
            let sigma: Double
            if let seed = s.initialGyroBiasRadS {
                let clip = s.biasClipRadS
                biasRadS = Vector3(min(max(seed.x, -clip), clip), min(max(seed.y, -clip), clip), min(max(seed.z, -clip), clip))
                sigma = min(s.initialGyroBiasSigmaRadS, s.biasSigmaInitRadS)
            } else {
                sigma = s.biasSigmaInitRadS
            }
            covariance = .diagonal(sigma * sigma, sigma * sigma, sigma * sigma)
        }

        /// The noise variances for one block of h seconds (computed once per block length, they involve divisions).
        struct BlockNoise: Sendable {
            /// Process noise added to each diagonal entry of P.
            let process: Double
            /// Measurement noise at rest, and in motion for the horizontal and vertical earth components.
            let rest, motion, vertical: Double
            let inverseSeconds: Double

            init(settings s: OrientationSettings, dtSeconds h: Double) {
                let sigma = 0.1 * Double.pi / 180  // VQF: variance grows to (0.1 °/s)² within the forgetting time
                let v = sigma * sigma / s.biasForgettingSeconds * h
                // W = p²/V + p makes p the steady-state variance (see the type's documentation).
                func noise(_ steadySigma: Double) -> Double {
                    let p = steadySigma * steadySigma
                    return p * p / v + p
                }
                let motionNoise = noise(s.biasSigmaMotionRadS)
                process = v
                rest = noise(s.biasSigmaRestRadS)
                motion = motionNoise
                vertical = motionNoise / max(s.biasVerticalForgettingFactor, 1e-10)
                inverseSeconds = 1 / h
            }
        }

        /// Keep the low-passed R and R·b̂ in step with the accelerometer filter; call once per block.
        /// Returns the low-passed R and R·b̂.
        @inline(__always)
        mutating func filterRotation(_ r: Matrix3, dtSeconds h: Double, tauSeconds tau: Double,
                                     coefficients c: LowPassStep) -> (Matrix3, Vector3) {
            let rb = r * biasRadS
            let r0 = rotationRow0.step(r.row0, dtSeconds: h, tauSeconds: tau, coefficients: c)
            let r1 = rotationRow1.step(r.row1, dtSeconds: h, tauSeconds: tau, coefficients: c)
            let r2 = rotationRow2.step(r.row2, dtSeconds: h, tauSeconds: tau, coefficients: c)
            let rbLp = rotatedBias.step(rb, dtSeconds: h, tauSeconds: tau, coefficients: c)
            return (Matrix3(rows: r0, r1, r2), rbLp)
        }

        /// Restart the low-passed R and R·b̂ together with the accelerometer filter (same warm-up on both sides).
        mutating func restartFilters() {
            rotationRow0.restart(); rotationRow1.restart(); rotationRow2.restart(); rotatedBias.restart()
        }

        /// Grow the uncertainty for one block (VQF: only up to the initial variance).
        @inline(__always)
        mutating func predict(_ n: BlockNoise, settings s: OrientationSettings) {
            let p0 = s.biasSigmaInitRadS * s.biasSigmaInitRadS
            if covariance.m00 < p0 { covariance.m00 += n.process }
            if covariance.m11 < p0 { covariance.m11 += n.process }
            if covariance.m22 < p0 { covariance.m22 += n.process }
        }

        /// Rest update: the low-passed gyro is a direct measurement of the bias.
        mutating func updateAtRest(gyroLowPassRadS g: Vector3, _ n: BlockNoise, settings s: OrientationSettings) {
            update(error: g - biasRadS, measurement: .identity, noise: Vector3(n.rest, n.rest, n.rest), settings: s)
        }

        /// Motion update from one inclination correction.
        /// - Parameters: accEarthUnit: the normalised low-passed accelerometer in the earth frame before correction;
        ///   rotationLowPass / rotatedBiasLowPass: the outputs of `filterRotation` for this block.
        mutating func updateInMotion(accEarthUnit a: Vector3, rotationLowPass r: Matrix3,
                                     rotatedBiasLowPass rb: Vector3, _ n: BlockNoise,
                                     settings s: OrientationSettings) {
            let rbHat = r * biasRadS
            let e = Vector3(-a.y * n.inverseSeconds + rb.x - rbHat.x,
                            a.x * n.inverseSeconds + rb.y - rbHat.y,
                            -rbHat.z)
            update(error: e, measurement: r, noise: Vector3(n.motion, n.motion, n.vertical), settings: s)
        }

        /// Standard Kalman update with innovation e = y − C b̂ and diagonal measurement noise W:
        /// K = P Cᵀ (C P Cᵀ + W)⁻¹, b̂ += K e, P −= K C P. P and C P Cᵀ + W are symmetric, so only their upper
        /// triangles are formed, and K C P = (P Cᵀ) S⁻¹ (P Cᵀ)ᵀ.
        private mutating func update(error e0: Vector3, measurement c: Matrix3, noise w: Vector3,
                                     settings s: OrientationSettings) {
            let clip = s.biasClipRadS
            // Clipping the innovation bounds the harm of a single implausible step (e.g. a huge first correction).
            let e = Vector3(min(max(e0.x, -clip), clip), min(max(e0.y, -clip), clip), min(max(e0.z, -clip), clip))
            let p = covariance
            // G = P Cᵀ: row i of G is P's row i dotted with C's rows.
            let pr0 = p.row0, pr1 = p.row1, pr2 = p.row2
            let c0 = c.row0, c1 = c.row1, c2 = c.row2
            let g = Matrix3(pr0.dot(c0), pr0.dot(c1), pr0.dot(c2),
                            pr1.dot(c0), pr1.dot(c1), pr1.dot(c2),
                            pr2.dot(c0), pr2.dot(c1), pr2.dot(c2))
            // S = C G + W (symmetric): S_ij = c_i · (column j of G).
            let gc0 = Vector3(g.m00, g.m10, g.m20)
            let gc1 = Vector3(g.m01, g.m11, g.m21)
            let gc2 = Vector3(g.m02, g.m12, g.m22)
            let s00 = c0.dot(gc0) + w.x, s01 = c0.dot(gc1), s02 = c0.dot(gc2)
            let s11 = c1.dot(gc1) + w.y, s12 = c1.dot(gc2)
            let s22 = c2.dot(gc2) + w.z
            // Symmetric inverse via cofactors.
            let i00 = s11 * s22 - s12 * s12
            let i01 = s02 * s12 - s01 * s22
            let i02 = s01 * s12 - s02 * s11
            let det = s00 * i00 + s01 * i01 + s02 * i02
            guard det.isNormal, det > 0 else { return }
            let r = 1 / det
            let sInv = Matrix3(i00 * r, i01 * r, i02 * r,
                               i01 * r, (s00 * s22 - s02 * s02) * r, (s01 * s02 - s00 * s12) * r,
                               i02 * r, (s01 * s02 - s00 * s12) * r, (s00 * s11 - s01 * s01) * r)
            let k = g * sInv
            let b = biasRadS + k * e
            // P −= K Gᵀ (symmetric): entry (i, j) = k_i · g_j.
            let k0 = k.row0, k1 = k.row1, k2 = k.row2
            let g0 = g.row0, g1 = g.row1, g2 = g.row2
            let d01 = k0.dot(g1), d02 = k0.dot(g2), d12 = k1.dot(g2)
            covariance = Matrix3(p.m00 - k0.dot(g0), p.m01 - d01, p.m02 - d02,
                                 p.m10 - d01, p.m11 - k1.dot(g1), p.m12 - d12,
                                 p.m20 - d02, p.m21 - d12, p.m22 - k2.dot(g2))
            biasRadS = Vector3(min(max(b.x, -clip), clip), min(max(b.y, -clip), clip), min(max(b.z, -clip), clip))
        }
    }
}
