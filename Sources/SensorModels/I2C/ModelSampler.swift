import Foundation
/// A chip's own sample clock inside a model: sample k is taken at `epoch + k / actualRateHz`, where the actual rate
/// differs from the configured one by `rateError` (an internal oscillator's tolerance), so drivers must cope with drift.
struct ModelSampler {
    var epochSeconds: Double = 0
    var rateHz: Double = 0
    var taken = 0
    var running: Bool { rateHz > 0 }

    /// (Re)starts sampling at `t` with a new rate (after a configuration change or wake-up).
    mutating func start(atSeconds t: Double, rateHz: Double) {
        epochSeconds = t; self.rateHz = rateHz; taken = 0
    }
    mutating func stop() { rateHz = 0; taken = 0 }

    func timeOfSample(_ k: Int) -> Double { epochSeconds + Double(k) / rateHz }

    /// Calls `take(t)` for every sample instant in (last, t]. After a long unobserved stretch only the most recent
    /// `maxCatchUp` samples are produced: older ones could not be seen anyway (registers hold the latest sample, a
    /// FIFO at most ~85 frames), and this keeps a model idle for minutes cheap.
    mutating func advance(to t: Double, maxCatchUp: Int = 2048, _ take: (Double) -> Void) {
        guard running else { return }
        let due = Int(((t - epochSeconds) * rateHz).rounded(.down))
        if due - taken > maxCatchUp { taken = due - maxCatchUp }
        while timeOfSample(taken + 1) <= t {
            taken += 1
            take(timeOfSample(taken))
        }
    }

    /// The first sample instant after `t`, if sampling.
    func nextSampleAfter(_ t: Double) -> Double? {
        guard running else { return nil }
        var k = max(taken + 1, Int(((t - epochSeconds) * rateHz).rounded(.down)))
        while timeOfSample(k) <= t { k += 1 }
        return timeOfSample(k)
    }
}

/// Rounds a physical value to the nearest output code and clips at ±32767 (the datasheets' output range ends
/// there; -32768 is not produced by saturating chips).
@inline(__always) func quantize(_ value: Double, countsPerUnit: Double) -> Int16 {
    let c = (value * countsPerUnit).rounded()
    if !(c < 32767) { return 32767 }
    if !(c > -32767) { return -32767 }
    return Int16(c)
}

/// Deterministic Gaussian noise for the models' outputs (xorshift64* + Box–Muller), so runs are repeatable.
struct ModelNoise {
    private var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    private mutating func uniform() -> Double {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return Double((state &* 0x2545_F491_4F6C_DD1D) >> 11) / Double(1 << 53)
    }

    /// One sample of N(0, sigma²).
    mutating func gaussian(_ sigma: Double) -> Double {
        guard sigma > 0 else { return 0 }
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        return sigma * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
