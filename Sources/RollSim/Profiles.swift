import Foundation

/// Smooth one-dimensional motion profiles on a normalised time u in [0, 1], with their derivatives with respect to u.
/// Human reaching and stroking movements follow the minimum-jerk profile closely (Flash & Hogan, "The coordination of
/// arm movements", J. Neurosci. 5(7), 1985), which starts and ends with zero velocity and zero acceleration.
enum Profile {
    /// Minimum-jerk position 10u³ − 15u⁴ + 6u⁵ (0 → 1).
    @inline(__always) static func minJerk(_ u: Double) -> Double {
        let c = min(max(u, 0), 1)
        return c * c * c * (10 + c * (-15 + 6 * c))
    }
    /// d/du of `minJerk`: 30u²(1−u)², peak 1.875 at u = 0.5.
    @inline(__always) static func minJerkD1(_ u: Double) -> Double { window(u, scale: 30) }
    /// d²/du² of `minJerk`: 60u(1−u)(1−2u).
    @inline(__always) static func minJerkD2(_ u: Double) -> Double { windowSlope(u, scale: 60) }

    /// A bump 64u³(1−u)³ that rises from 0 to 1 at u = 0.5 and back, with zero slope and curvature at both ends
    /// (used for lifting the ball off the floor and putting it back).
    @inline(__always) static func bump(_ u: Double) -> Double {
        guard u > 0, u < 1 else { return 0 }
        let v = u * (1 - u)
        return 64 * v * v * v
    }
    @inline(__always) static func bumpD1(_ u: Double) -> Double {
        guard u > 0, u < 1 else { return 0 }
        let v = u * (1 - u)
        return 192 * v * v * (1 - 2 * u)
    }
    @inline(__always) static func bumpD2(_ u: Double) -> Double {
        guard u > 0, u < 1 else { return 0 }
        let v = u * (1 - u)
        let dv = 1 - 2 * u
        return 192 * (2 * v * dv * dv - 2 * v * v)
    }

    /// A bell 16u²(1−u)² (0 → 1 at u = 0.5 → 0) used as an angular-rate envelope: zero rate and zero angular
    /// acceleration at both ends, so spins start and stop smoothly.
    @inline(__always) static func bell(_ u: Double) -> Double { window(u, scale: 16) }
    /// d/du of `bell`: 32u(1−u)(1−2u).
    @inline(__always) static func bellD1(_ u: Double) -> Double { windowSlope(u, scale: 32) }

    /// k·u²(1−u)² on (0, 1), 0 outside: the one window that minimum jerk's velocity (k = 30) and the bell (k = 16)
    /// are scalings of.
    @inline(__always) private static func window(_ u: Double, scale k: Double) -> Double {
        guard u > 0, u < 1 else { return 0 }
        let v = u * (1 - u)
        return k * v * v
    }
    /// k·u(1−u)(1−2u) on (0, 1), 0 outside: the window's slope (d/du of u²(1−u)² is 2u(1−u)(1−2u)), so minimum
    /// jerk's acceleration (k = 60) and the bell's slope (k = 32).
    @inline(__always) private static func windowSlope(_ u: Double, scale k: Double) -> Double {
        guard u > 0, u < 1 else { return 0 }
        return k * u * (1 - u) * (1 - 2 * u)
    }

    /// Raised cosine (1 − cos πu)/2 (0 → 1), the interpolation between force knots: zero slope at both knots,
    /// peak slope π/2 per unit u, so a change ΔF over T seconds never changes faster than (π/2)·ΔF/T.
    @inline(__always) static func raisedCosine(_ u: Double) -> Double {
        let c = min(max(u, 0), 1)
        return (1 - cos(Double.pi * c)) / 2
    }
}
