/// Streaming statistics of the interval between consecutive IMU samples against the nominal period: how far each
/// interval is from it (p50 / p99 / max), in fixed memory (a 10 µs histogram up to 100 ms, beyond that only the
/// maximum). Intervals across a reported gap (an outage or a FIFO overflow) are left out by the caller.
public struct IntervalJitter: Sendable {
    public let nominalSeconds: Double
    static let binSeconds = 10e-6
    static let bins = 10_000
    private var histogram = [UInt32](repeating: 0, count: IntervalJitter.bins + 1)
    public private(set) var count = 0
    public private(set) var maxDeviationSeconds = 0.0

    public init(nominalSeconds: Double) { self.nominalSeconds = nominalSeconds }

    public mutating func add(intervalSeconds: Double) {
        let d = abs(intervalSeconds - nominalSeconds)
        histogram[min(Self.bins, Int(d / Self.binSeconds))] += 1
        count += 1
        maxDeviationSeconds = max(maxDeviationSeconds, d)
    }

    /// Deviation at quantile `q` (0…1), to the bin's upper edge; nil without data.
    public func deviationSeconds(quantile q: Double) -> Double? {
        guard count > 0 else { return nil }
        let rank = max(1, Int((q * Double(count)).rounded(.up)))
        var seen = 0
        for (i, n) in histogram.enumerated() {
            seen += Int(n)
            if seen >= rank { return i == Self.bins ? maxDeviationSeconds : min(maxDeviationSeconds, Double(i + 1) * Self.binSeconds) }
        }
        return maxDeviationSeconds
    }
}
