/// Sharp force transients (interface §2 "burst"): force rises at least `riseN` above the lowest force of the
/// preceding `windowS`, within `windowS`, and falls back by at least `fallFraction` of that rise within `fallWindowS`.
/// A burst is reported once, when it is confirmed (the fall back), which is within `fallWindowS` of its onset.
///
/// "Force" here is the force level (`ForceLevel`: the mean of the last 20 ms of readings), not each raw reading, so
/// the sensor's noise neither deepens the window's low nor raises the peak: the decision follows the rule applied to
/// the force the foot applies as closely as the sensor allows.
public struct BurstDetector: Sendable {
    public let riseN: Double
    public let windowS: Double
    public let fallWindowS: Double
    public let fallFraction: Double

    /// Ascending-minimum queue of the force samples in the last `windowS`: its front is the window's minimum.
    /// Bounded: a force sensor faster than `capacity / windowS` (16 kHz for 0.25 s) only loses the oldest entries.
    private var ring: [(t: Double, f: Double)]
    private var head = 0
    private var count = 0
    private static let capacity = 4096
    /// capacity − 1: indices are never negative and the capacity is a power of two, so `& mask` is `% capacity`.
    private static let indexMask = capacity - 1

    private var candidate: (onsetT: Double, baseN: Double, peakN: Double)?
    private var level = ForceLevel()

    public struct Burst: Sendable, Equatable {
        public var onsetS: Double
        public var confirmedS: Double
        public var riseN: Double
        public var peakN: Double
    }

    public init(riseN: Double, windowS: Double, fallWindowS: Double, fallFraction: Double) {
        self.riseN = riseN; self.windowS = windowS; self.fallWindowS = fallWindowS; self.fallFraction = fallFraction
        ring = Array(repeating: (0, 0), count: Self.capacity)
    }

    /// Feed every new force sample; returns a burst when this sample confirms one.
    @inline(__always)   // every force reading: inlined into the analyzer's force step, no call frame
    public mutating func add(tS: Double, forceN reading: Double) -> Burst? {
        let forceN = level.add(tS: tS, forceN: reading)
        var confirmed: Burst? = nil
        if var c = candidate {
            if forceN > c.peakN { c.peakN = forceN }
            let rise = c.peakN - c.baseN
            if forceN <= c.peakN - fallFraction * rise {
                confirmed = Burst(onsetS: c.onsetT, confirmedS: tS, riseN: rise, peakN: c.peakN)
                candidate = nil
            } else if tS - c.onsetT > fallWindowS {
                candidate = nil    // a sustained press, not a transient
            } else {
                candidate = c
            }
        }
        // The ring's storage is reached through one buffer pointer for the whole update: one uniqueness check per
        // sample instead of one per write, and no bounds test per access (every index is masked into the ring, and
        // is 0..<capacity, so the index arithmetic wraps without overflow tests).
        let startsCandidate = candidate == nil && confirmed == nil
        let windowStartS = tS - windowS
        let rise = riseN
        var head = self.head, count = self.count
        var started: (Double, Double, Double)? = nil
        ring.withUnsafeMutableBufferPointer { ring in
            // The lowest force of the preceding window (this sample excluded).
            while count > 0 && ring[head].t < windowStartS { head = (head &+ 1) & Self.indexMask; count &-= 1 }
            if startsCandidate, count > 0 {
                let base = ring[head].f
                if forceN - base >= rise { started = (tS, base, forceN) }
            }
            // Push, dropping entries that can no longer be a minimum.
            while count > 0 {
                let last = (head &+ count &- 1) & Self.indexMask
                if ring[last].f >= forceN { count &-= 1 } else { break }
            }
            if count == Self.capacity { head = (head &+ 1) & Self.indexMask; count &-= 1 }
            ring[(head &+ count) & Self.indexMask] = (tS, forceN)
            count &+= 1
        }
        self.head = head
        self.count = count
        if let started { candidate = (onsetT: started.0, baseN: started.1, peakN: started.2) }
        return confirmed
    }

    public var isRising: Bool { candidate != nil }
}
