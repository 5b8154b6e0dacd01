import Foundation

/// A sharp, short force spike on top of the foot load: rise, brief plateau, fall (raised-cosine edges).
struct BurstOverlay {
    var t0: Double
    var riseS: Double
    var holdS: Double
    var fallS: Double
    var amplitudeN: Double

    var t1: Double { t0 + riseS + holdS + fallS }

    func value(at t: Double) -> Double {
        let dt = t - t0
        guard dt > 0, t < t1 else { return 0 }
        if dt < riseS { return amplitudeN * Profile.raisedCosine(dt / riseS) }
        if dt < riseS + holdS { return amplitudeN }
        return amplitudeN * (1 - Profile.raisedCosine((dt - riseS - holdS) / fallS))
    }
}

/// The true foot load over one segment plan: knots joined by raised cosines (so a change ΔF over Δt never rises
/// faster than (π/2)·ΔF/Δt), a slight proportional tremor, and burst overlays.
struct ForceProfile {
    /// Knot times (increasing) and values, newtons.
    var knotT: [Double] = []
    var knotF: [Double] = []
    var bursts: [BurstOverlay] = []
    /// Tremor: a fraction of the load oscillating at a few tenths of a hertz to ~1.5 Hz (the foot is not a press).
    var tremorFraction = 0.0
    var tremorHz = 1.0
    var tremorPhase = 0.0

    mutating func knot(_ t: Double, _ f: Double) {
        if let last = knotT.last, t <= last {
            // Never go back in time: a knot at the same instant replaces the value.
            knotF[knotF.count - 1] = f
            return
        }
        knotT.append(t); knotF.append(f)
    }

    var lastKnotF: Double { knotF.last ?? 0 }
    var lastKnotT: Double { knotT.last ?? 0 }

    /// The load without bursts and tremor.
    func base(at t: Double) -> Double {
        guard let first = knotT.first else { return 0 }
        if t <= first { return knotF[0] }
        if t >= knotT[knotT.count - 1] { return knotF[knotF.count - 1] }
        // Binary search for the knot interval.
        var lo = 0, hi = knotT.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if knotT[mid] <= t { lo = mid } else { hi = mid }
        }
        let u = (t - knotT[lo]) / (knotT[hi] - knotT[lo])
        return knotF[lo] + (knotF[hi] - knotF[lo]) * Profile.raisedCosine(u)
    }

    func value(at t: Double) -> Double {
        let b = base(at: t)
        var f = b * (1 + tremorFraction * sin(2 * Double.pi * tremorHz * t + tremorPhase))
        for burst in bursts where t > burst.t0 && t < burst.t1 { f += burst.value(at: t) }
        return max(f, 0)
    }
}
