import Foundation
import RollAnalysis

/// Severe episodes and bursts (interface v1 §2) of the force the foot applies, evaluated on a fine, regular grid of
/// the noise-free physics (never on the sensor's samples): the yardstick the analysis's measured events are held to.
/// Memory is bounded by the 0.25 s burst window.
struct AppliedForceEvents {
    enum Event {
        /// A merged severe episode began: the applied force first reached the limit at `tS`.
        case severe(tS: Double, forceN: Double)
        /// A burst confirmed; `onsetS` is when the rise first reached the 60 N cut.
        case burst(onsetS: Double, riseN: Double)
    }

    let severeN: Double
    let severeMergeS: Double
    let burstRiseN: Double
    let burstWindowS: Double
    let burstFallWithinS: Double

    private var window = SlidingMinimum()
    private var candidate: (onsetT: Double, base: Double, peak: Double)?
    private var lastAboveT: Double?
    /// Closest calls, reported as truth warnings (a definition boundary was near).
    private(set) var nearMisses: [SessionWarning] = []
    private var largestNonBurstRiseN = 0.0
    /// The current excursion above 90 % of the limit: its start and peak (a peak within 4 % of the limit is reported).
    private var excursion: (t: Double, peakN: Double)?
    /// The largest rise of the last ~0.5 s, not yet known not to be the leading edge of a burst.
    private var recentRise: (sinceT: Double, riseN: Double)?

    init(severeN: Double, severeMergeS: Double, burstRiseN: Double, burstWindowS: Double, burstFallWithinS: Double) {
        self.severeN = severeN; self.severeMergeS = severeMergeS
        self.burstRiseN = burstRiseN; self.burstWindowS = burstWindowS; self.burstFallWithinS = burstFallWithinS
    }

    /// One grid point of the applied force; returns what began or was confirmed there.
    mutating func add(tS t: Double, forceN f: Double) -> [Event] {
        var out: [Event] = []
        window.dropOlder(than: t - burstWindowS)
        let lowest = window.minimum
        if var c = candidate {
            c.peak = max(c.peak, f)
            if f <= c.peak - 0.5 * (c.peak - c.base) {
                candidate = nil
                out.append(.burst(onsetS: c.onsetT, riseN: c.peak - c.base))
                if c.peak - c.base < burstRiseN + 15 {
                    nearMisses.append(.truthNearCut(.burstRise(onsetS: c.onsetT, riseN: c.peak - c.base, cutN: burstRiseN)))
                }
            } else if t - c.onsetT > burstFallWithinS {
                candidate = nil
                nearMisses.append(.truthNearCut(.riseDidNotFall(onsetS: c.onsetT, riseN: c.peak - c.base)))
            } else {
                candidate = c
            }
        } else if let lowest {
            let rise = f - lowest
            if rise >= burstRiseN {
                candidate = (t, lowest, f)
                recentRise = nil   // that was this burst's leading edge
            } else if let r = recentRise {
                recentRise = (r.sinceT, max(r.riseN, rise))
            } else {
                recentRise = (t, rise)
            }
        }
        if let r = recentRise, t - r.sinceT > 0.5 {
            largestNonBurstRiseN = max(largestNonBurstRiseN, r.riseN)
            if r.riseN > burstRiseN - 15 {
                nearMisses.append(.truthNearCut(.riseNotBurst(onsetS: r.sinceT, riseN: r.riseN, cutN: burstRiseN)))
            }
            recentRise = nil
        }
        window.append(t: t, value: f)

        if f >= 0.9 * severeN {
            excursion = (excursion?.t ?? t, max(excursion?.peakN ?? f, f))
        } else if let e = excursion {
            excursion = nil
            // Within ±4 % of the limit: a sensor's error can put it on either side.
            if abs(e.peakN - severeN) < 0.04 * severeN {
                nearMisses.append(.truthNearCut(.peakNearLimit(tS: e.t, peakN: e.peakN, limitN: severeN)))
            }
        }
        if f >= severeN {
            if lastAboveT.map({ t - $0 >= severeMergeS }) ?? true {
                out.append(.severe(tS: t, forceN: f))
            }
            lastAboveT = t
        }
        return out
    }

    /// A warning when a non-burst rise came within 15 N of the burst cut.
    var closestNonBurstWarning: SessionWarning? {
        largestNonBurstRiseN > burstRiseN - 15
            ? .truthNearCut(.nonBurstRise(riseN: largestNonBurstRiseN, cutN: burstRiseN)) : nil
    }
}

/// The minimum of the values appended in a sliding time window (monotone deque: O(1) amortised per value).
struct SlidingMinimum {
    private var times: [Double] = []
    private var values: [Double] = []
    private var head = 0

    var minimum: Double? { head < values.count ? values[head] : nil }

    mutating func append(t: Double, value: Double) {
        while values.count > head, values[values.count - 1] >= value { values.removeLast(); times.removeLast() }
        times.append(t); values.append(value)
    }

    mutating func dropOlder(than t: Double) {
        while head < times.count, times[head] < t { head += 1 }
        if head > 512 {
            times.removeFirst(head); values.removeFirst(head); head = 0
        }
    }
}
