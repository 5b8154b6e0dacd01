/// The force level a burst is judged on: the mean of the readings of the last `spanS` seconds. The burst rule
/// (interface §2) compares a peak with the lowest force of the preceding 0.25 s; on raw readings both are extremes of
/// noisy samples — the lowest of N readings sits ≈ 2–3 σ under the force, the highest as far over it (ADS1115 on a
/// load cell at 860 SPS: σ ≈ 0.9 N, 215 readings a window: a 60 N rule then fires on a 55 N rise). The mean of the
/// readings within `spanS` takes the noise down by √(readings in the span) whatever the rate, while it leaves alone
/// a force that changes more slowly than the span. How many readings that is comes from the sensor's own rate:
/// 17 at 860 SPS, 5 at 250 SPS, 2 on a BMP280 at ~105 Hz or an HX711 at 80 SPS, 1 (the reading itself) at 10 SPS.
public struct ForceLevel: Sendable {
    /// 20 ms: under half the 50 ms settling of the HX711's own 4-conversion filter at 80 SPS (HX711 datasheet,
    /// "Output settling time"), which the definition already works with, and well under the rise of a foot's sharp
    /// stamp (≥ 50 ms, the simulated bursts' fastest), so a burst's top loses ≲ 2 % while 860 SPS noise drops 4×.
    public static let spanS = 0.02

    /// The readings of the last `spanS`, oldest first. Bounded: a sensor faster than 25 kHz (512 in 20 ms) is averaged
    /// over its last 512 readings.
    private var ring: [(t: Double, f: Double)]
    private var head = 0
    private var count = 0
    private var sumN = 0.0
    private static let capacity = 512
    private static let indexMask = capacity - 1

    public init() { ring = Array(repeating: (0, 0), count: Self.capacity) }

    /// Adds a reading; returns the level now: the mean of the readings in (tS − spanS, tS].
    /// The ring is reached through one buffer pointer (one uniqueness check, no bounds test: every index is masked).
    @inline(__always)   // every force reading, inside `BurstDetector.add`
    public mutating func add(tS: Double, forceN: Double) -> Double {
        var head = self.head, count = self.count, sumN = self.sumN
        let oldestKeptS = tS - Self.spanS
        ring.withUnsafeMutableBufferPointer { ring in
            // Full (a sensor faster than the ring holds): the oldest goes first, as if it were out of the span.
            // Indices are masked into the ring, so they cannot overflow: wrapping arithmetic skips the overflow tests.
            if count == Self.capacity {
                sumN -= ring[head].f
                head = (head &+ 1) & Self.indexMask
                count &-= 1
            }
            while count > 0 && ring[head].t <= oldestKeptS {
                sumN -= ring[head].f
                head = (head &+ 1) & Self.indexMask
                count &-= 1
            }
            // Restart the sum from the readings themselves when the span empties, so rounding never accumulates.
            if count == 0 { sumN = 0 }
            ring[(head &+ count) & Self.indexMask] = (tS, forceN)
        }
        count += 1
        sumN += forceN
        self.head = head; self.count = count; self.sumN = sumN
        return sumN / Double(count)
    }
}
