import RollCore

/// What the sensors physically experience at time t: the models sample this at their own sample instants.
public struct PhysicalState: Sendable, Equatable {
    public var accelMS2: Vector3
    public var gyroRadS: Vector3
    public var forceN: Double
    public init(accelMS2: Vector3, gyroRadS: Vector3, forceN: Double = 0) {
        self.accelMS2 = accelMS2; self.gyroRadS = gyroRadS; self.forceN = forceN
    }
}

/// A closure giving the true state at any time, built from anything: a formula, a RollSim run, a recorded trace.
public typealias TruthSignal = @Sendable (_ tSeconds: Double) -> PhysicalState

public enum Truth {
    /// A sensor at rest with +z up.
    public static let atRest: TruthSignal = { _ in
        PhysicalState(accelMS2: Vector3(0, 0, standardGravityMS2), gyroRadS: .zero)
    }

    /// Plays back a `Sample` sequence (e.g. a rollmon-trace): accel/gyro linearly interpolated between rows, force
    /// held from its last value (a blank force cell means "no new reading"). Before the first row / after the last,
    /// the end rows hold (an empty trace is all zeros). `offsetSeconds` is added to the trace's own times.
    public static func fromSamples(_ samples: [Sample], offsetSeconds: Double = 0) -> TruthSignal {
        guard !samples.isEmpty else { return { _ in PhysicalState(accelMS2: .zero, gyroRadS: .zero) } }
        let times = samples.map { $0.tSeconds + offsetSeconds }
        var held: [Double] = []
        var last = 0.0
        for s in samples { if let f = s.forceN { last = f }; held.append(last) }
        let forces = held
        return { t in
            if t <= times[0] { return PhysicalState(accelMS2: samples[0].accelMS2, gyroRadS: samples[0].gyroRadS, forceN: forces[0]) }
            let n = times.count
            if t >= times[n - 1] {
                return PhysicalState(accelMS2: samples[n - 1].accelMS2, gyroRadS: samples[n - 1].gyroRadS, forceN: forces[n - 1])
            }
            var lo = 0, hi = n - 1
            while hi - lo > 1 { let mid = (lo + hi) / 2; if times[mid] <= t { lo = mid } else { hi = mid } }
            let w = (t - times[lo]) / (times[hi] - times[lo])
            let a = samples[lo].accelMS2 * (1 - w) + samples[hi].accelMS2 * w
            let g = samples[lo].gyroRadS * (1 - w) + samples[hi].gyroRadS * w
            return PhysicalState(accelMS2: a, gyroRadS: g, forceN: forces[lo])
        }
    }
}
