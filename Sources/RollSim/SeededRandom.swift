import Foundation
import RollAnalysis
import RollCore

/// A seedable pseudo-random generator: xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number
/// generators", ACM TOMS 2021), with its 256-bit state filled from the seed by SplitMix64 as the authors recommend.
/// Foundation's generator cannot be seeded, and the simulator must give identical traces for identical seeds.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&sm); s1 = splitMix(&sm); s2 = splitMix(&sm); s3 = splitMix(&sm)
    }

    /// An independent stream for one subsystem (plan, IMU noise, force noise...), so that changing how many numbers
    /// one subsystem draws does not reshuffle the others.
    public func derived(_ salt: UInt64) -> SeededRandom {
        var copy = self
        return SeededRandom(seed: copy.next() ^ (salt &* 0xD1B5_4A32_D192_ED03))
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = SeededRandom.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = SeededRandom.rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    public mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }

    public mutating func uniform(_ r: ClosedRange<Double>) -> Double { uniform(r.lowerBound, r.upperBound) }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    public mutating func int(_ r: ClosedRange<Int>) -> Int {
        r.lowerBound + Int(next() % UInt64(r.upperBound - r.lowerBound + 1))
    }

    /// Standard normal by the Box–Muller transform (one value per call; simplicity over speed).
    public mutating func gaussian() -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Normal with the given standard deviation, cut at ±`limit` (datasheet tolerances are bounds, not sigmas).
    public mutating func gaussian(sigma: Double, limit: Double) -> Double {
        min(max(gaussian() * sigma, -limit), limit)
    }

    /// A direction drawn uniformly on the unit sphere.
    public mutating func unitVector() -> Vector3 {
        let z = uniform(-1, 1)
        let phi = uniform(0, 2 * Double.pi)
        let rho = (1 - z * z).squareRoot()
        return Vector3(rho * cos(phi), rho * sin(phi), z)
    }

    /// A rotation drawn uniformly from SO(3) (Shoemake, "Uniform random rotations", Graphics Gems III, 1992).
    public mutating func rotation() -> Quaternion {
        let u1 = unit(), u2 = unit(), u3 = unit()
        let a = (1 - u1).squareRoot(), b = u1.squareRoot()
        return Quaternion(w: b * cos(2 * .pi * u3), x: a * sin(2 * .pi * u2), y: a * cos(2 * .pi * u2),
                          z: b * sin(2 * .pi * u3)).normalized
    }
}
