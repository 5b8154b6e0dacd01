import Foundation
import RollAnalysis
import RollCore

/// Rigid-body kinematics of the tool's centre and its angular motion at one instant (world frame, z up).
struct Kinematics {
    var positionM: Vector3
    var velocityMS: Vector3
    var accelerationMS2: Vector3
    var omegaRadS: Vector3
    var alphaRadS2: Vector3
    /// True while the tool rests or rolls on the floor (false while it is lifted or spun in place).
    var onFloor: Bool
}

/// A rotation applied while the tool is off the floor: about a fixed world axis, with a smooth rate envelope.
struct AirRotation {
    enum Shape { case bell, plateau(rampS: Double) }
    var t0: Double
    var t1: Double
    var axis: Vector3      // unit, world frame
    var peakRadS: Double
    var shape: Shape

    /// Angular velocity and acceleration at t (zero outside [t0, t1]).
    func rate(at t: Double) -> (omega: Vector3, alpha: Vector3) {
        guard t > t0, t < t1 else { return (.zero, .zero) }
        let T = t1 - t0
        switch shape {
        case .bell:
            let u = (t - t0) / T
            return (axis * (peakRadS * Profile.bell(u)), axis * (peakRadS * Profile.bellD1(u) / T))
        case .plateau(let ramp):
            let r = min(ramp, T / 2)
            if t - t0 < r {
                let u = (t - t0) / r
                return (axis * (peakRadS * Profile.minJerk(u)), axis * (peakRadS * Profile.minJerkD1(u) / r))
            }
            if t1 - t < r {
                let u = (t1 - t) / r
                return (axis * (peakRadS * Profile.minJerk(u)), axis * (-peakRadS * Profile.minJerkD1(u) / r))
            }
            return (axis * peakRadS, .zero)
        }
    }

    /// The rotation angle this envelope produces (∫ rate dt), used to plan turn-overs.
    static func bellAngle(peakRadS: Double, durationS: Double) -> Double { peakRadS * durationS * 16.0 / 30.0 }
}

/// One piece of the tool's motion over [t0, t1]. Pieces tile time with no gaps; each starts and ends at rest.
struct MotionPhase {
    enum Kind {
        /// Resting on the floor at a centre position.
        case still(Vector3)
        /// Rolling without slip on the floor along a straight line with a minimum-jerk profile, plus a spin
        /// about the vertical (a pivot, which moves nothing) with a bell-shaped rate.
        case roll(from: Vector3, to: Vector3, spinZPeakRadS: Double)
        /// Lifted by `liftM`, carried from `from` to `to`, and turned by the given rotations. With `liftS` the tool
        /// is picked up in that time (minimum jerk), held, and put down in that time at the end, as a hand does;
        /// without, it rises and sinks smoothly over the whole phase.
        case air(from: Vector3, to: Vector3, liftM: Double, liftS: Double?, rotations: [AirRotation])
    }
    var t0: Double
    var t1: Double
    var kind: Kind

    /// Kinematics at t for a tool of radius `radiusM`.
    func kinematics(at t: Double, radiusM: Double) -> Kinematics {
        let T = t1 - t0
        let u = T > 0 ? (t - t0) / T : 0
        switch kind {
        case .still(let p):
            return Kinematics(positionM: p, velocityMS: .zero, accelerationMS2: .zero, omegaRadS: .zero,
                              alphaRadS2: .zero, onFloor: true)
        case .roll(let from, let to, let spin):
            let d = to - from
            let p = from + d * Profile.minJerk(u)
            let v = d * (Profile.minJerkD1(u) / T)
            let a = d * (Profile.minJerkD2(u) / (T * T))
            // Rolling without slip on a floor with normal +z: the contact point −r·ẑ has zero velocity,
            // v + ω × (−r ẑ) = 0, which gives ω = (ẑ × v)/r; a spin about ẑ is free (interface v1 §2).
            let z = Vector3.unitZ
            let omega = z.cross(v) / radiusM + z * (spin * Profile.bell(u))
            let alpha = z.cross(a) / radiusM + z * (spin * Profile.bellD1(u) / T)
            return Kinematics(positionM: p, velocityMS: v, accelerationMS2: a, omegaRadS: omega, alphaRadS2: alpha,
                              onFloor: true)
        case .air(let from, let to, let lift, let liftS, let rotations):
            let d = to - from
            let up = Vector3.unitZ * lift
            var p = from + d * Profile.minJerk(u)
            var v = d * (Profile.minJerkD1(u) / T)
            var a = d * (Profile.minJerkD2(u) / (T * T))
            if let ls = liftS.map({ min($0, T / 2) }) {
                let tau = t - t0
                if tau < ls {
                    let w = tau / ls
                    p += up * Profile.minJerk(w); v += up * (Profile.minJerkD1(w) / ls); a += up * (Profile.minJerkD2(w) / (ls * ls))
                } else if T - tau < ls {
                    let w = (T - tau) / ls
                    p += up * Profile.minJerk(w); v -= up * (Profile.minJerkD1(w) / ls); a += up * (Profile.minJerkD2(w) / (ls * ls))
                } else {
                    p += up
                }
            } else {
                p += up * Profile.bump(u)
                v += up * (Profile.bumpD1(u) / T)
                a += up * (Profile.bumpD2(u) / (T * T))
            }
            var omega = Vector3.zero, alpha = Vector3.zero
            for r in rotations where t > r.t0 && t < r.t1 {
                let (w, al) = r.rate(at: t)
                omega += w; alpha += al
            }
            return Kinematics(positionM: p, velocityMS: v, accelerationMS2: a, omegaRadS: omega, alphaRadS2: alpha,
                              onFloor: false)
        }
    }
}
