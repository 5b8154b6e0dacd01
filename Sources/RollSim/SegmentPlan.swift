import Foundation
import RollAnalysis
import RollCore

/// What the planner intended for one foot segment, for tests to compare with the truth computed from the signals.
public struct PlannedSegment: Sendable, Equatable {
    public var foot: Foot
    public var targetActiveS: Double
    /// Stroke lengths along the foot's long axis, in order (a stroke split by a pause counts once).
    public var strokeLengthsM: [Double]
    /// Strokes meant to be full-length (≥ 0.88 × fascia; the others are ≤ 0.72 × fascia).
    public var fullLengthStrokes: Int
    public var bursts: Int
    /// Severe events after merging (a pair less than 1 s apart counts once).
    public var severeEvents: Int
    /// Of which are such merged pairs.
    public var mergedSeverePairs: Int
    public var tenderHolds: Int
    /// Of which last past 60 s (a `hold_complete` alert each).
    public var completedHolds: Int
    /// Heading of the foot's long axis (radians from world x).
    public var headingRad: Double

    public var strokes: Int { strokeLengthsM.count }
}

/// Everything the simulator needs to produce one stretch of time: motion pieces, the foot load, button presses.
/// A session is a sequence of these (one per foot segment, each including the foot-off gap after it), so only one
/// segment's plan — a few hundred pieces — is ever held in memory, however long the session.
struct SegmentPlan {
    var tStart: Double
    var tEnd: Double
    var phases: [MotionPhase] = []
    var force = ForceProfile()
    var markers: [(t: Double, foot: Foot)] = []
    /// The heel end (s = 0) of the foot's long axis, at ball-centre height, and the axis direction (unit, level).
    var footOriginM: Vector3 = .zero
    var footAxis: Vector3 = Vector3(1, 0, 0)
    var planned: PlannedSegment?

    init(tStart: Double) { self.tStart = tStart; self.tEnd = tStart }

    func phaseIndex(at t: Double) -> Int {
        var lo = 0, hi = phases.count - 1
        if hi <= 0 { return 0 }
        if t >= phases[hi].t0 { return hi }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if phases[mid].t0 <= t { lo = mid } else { hi = mid }
        }
        return lo
    }

    func kinematics(at t: Double, radiusM: Double) -> Kinematics {
        let phase = phases[phaseIndex(at: t)]
        return phase.kinematics(at: min(max(t, phase.t0), phase.t1), radiusM: radiusM)
    }

    /// Position along the foot's long axis (m from the heel end).
    func alongFootM(_ p: Vector3) -> Double { (p - footOriginM).dot(footAxis) }
}
