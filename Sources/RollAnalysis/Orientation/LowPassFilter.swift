// Internal helper types of the estimator, nested so their generic names cannot clash within RollAnalysis.
import RollCore

extension OrientationEstimator {
    /// A second-order Butterworth low-pass (damping 1/√2) whose step length may change from step to step.
    ///
    /// VQF (Laidig & Seel 2023, Information Fusion 91:187–204, and the parameter documentation of the authors'
    /// `vqf` package) low-pass filters the accelerometer with a 2nd-order Butterworth filter of time constant τ,
    /// i.e. cutoff f_c = √2 / (2π τ), so natural frequency ω_n = √2/τ and 2ζω_n = 2/τ.
    /// The estimator runs this filter on blocks of variable duration (jitter, dropped samples), so instead of a
    /// fixed-coefficient biquad we keep the physical state (value y and its rate v) of the continuous system
    ///   ÿ = ω_n²(u − y) − 2ζω_n ẏ
    /// and advance it with the trapezoidal rule (A-stable: any step, even a multi-second gap, stays bounded; the
    /// DC gain is exactly 1). Changing the step length does not disturb the state because y and v keep their meaning.
    struct LowPassStep: Sendable {
        let p00, p01, p10, p11: Double
        let g0, g1: Double

        /// - Parameters: tauSeconds: the filter's time constant τ; dtSeconds: the length of this step.
        init(tauSeconds: Double, dtSeconds h: Double) {
            let w2 = 2 / (tauSeconds * tauSeconds)   // ω_n² = (√2/τ)²
            let d = 2 / tauSeconds                     // 2ζω_n with ζ = 1/√2
            let hh = h * h * w2 / 4
            let invDet = 1 / (1 + d * h / 2 + hh)
            p00 = (1 + d * h / 2 - hh) * invDet
            p01 = h * invDet
            p10 = -w2 * h * invDet
            p11 = (1 - d * h / 2 - hh) * invDet
            g0 = 2 * hh * invDet
            g1 = w2 * h * invDet
        }
    }

    /// One low-pass filtered 3-vector with the VQF-style warm start: for the first τ seconds after a (re)start the
    /// output is the running time-weighted mean of the inputs (so an estimate is available at once and becomes
    /// smoother as data accumulates), then the filter continues from that mean at rest (rate zero).
    struct LowPassVector3: Sendable {
        private(set) var value: Vector3 = .zero
        private var rate: Vector3 = .zero
        private var warmupSum: Vector3 = .zero
        private var warmupSeconds: Double = 0
        private(set) var isWarmingUp = true

        /// Forget the history: the next input starts a new warm-up window.
        mutating func restart() {
            value = .zero; rate = .zero; warmupSum = .zero; warmupSeconds = 0; isWarmingUp = true
        }

        @inline(__always)
        mutating func step(_ u: Vector3, dtSeconds h: Double, tauSeconds: Double,
                           coefficients c: LowPassStep) -> Vector3 {
            if isWarmingUp {
                warmupSum += u * h
                warmupSeconds += h
                value = warmupSeconds > 0 ? warmupSum * (1 / warmupSeconds) : u
                if warmupSeconds >= tauSeconds { isWarmingUp = false; rate = .zero }
                return value
            }
            let y = value, v = rate
            value = Vector3(c.p00 * y.x + c.p01 * v.x + c.g0 * u.x,
                            c.p00 * y.y + c.p01 * v.y + c.g0 * u.y,
                            c.p00 * y.z + c.p01 * v.z + c.g0 * u.z)
            rate = Vector3(c.p10 * y.x + c.p11 * v.x + c.g1 * u.x,
                           c.p10 * y.y + c.p11 * v.y + c.g1 * u.y,
                           c.p10 * y.z + c.p11 * v.z + c.g1 * u.z)
            return value
        }
    }
}
