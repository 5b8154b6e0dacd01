import Foundation
import RollAnalysis
import RollCore

/// Lays out a session one foot segment at a time: where the ball rolls, how the foot presses, when the user presses
/// the button, and what happens between feet. Every event is placed well clear of the interface-v1 §2 definition
/// boundaries, so the truth computed from the signals is unambiguous:
/// strokes are ≥ 3 cm and either ≤ 0.72 or ≥ 0.88 × fascia (full-length cut 0.8); pauses ≤ 1.5 s, holds 25–50 s or
/// 68–72 s (tender-hold cut 20 s, hold-complete alert at 60 s); bursts rise ≥ 85 N in ≤ 0.2 s (cut 60 N in 0.25 s) while every other rise is slower
/// than 100 N/s; severe peaks ≥ 262 N, burst and hold peaks ≤ 238 N and 185 N (cut 250 N; the margins widen with the force sensor's
/// stated error, see `severeFloorN`); merged severe pairs dip
/// below 250 N for ≤ 0.55 s, separate events are ≥ 4 s apart (cut 1 s); foot-off gaps ≥ 8 s (cut 3 s, or 5 s
/// without force); active time ≥ 8 s from 120 s and 180 s (verdict cuts); button presses 0.3–4 s into a segment
/// (relabel window 5 s).
struct SessionPlanner {
    let scenario: SimulationScenario
    private var rng: SeededRandom
    private var t = 0.0
    private var position: Vector3
    /// World direction of the roller's axis (unused for the ball).
    private var rollerAxis: Vector3
    private var segmentIndex = 0
    /// Near-threshold plans: how many holds, severe events and bursts were drawn (they alternate under/over the cut).
    private var nearCount = (holds: 0, severe: 0, bursts: 0, strokes: 0)
    private var previousFoot: Foot?
    private(set) var finished = false
    private let radiusM: Double

    // Rise-rate limit for every change of load that is not a burst: 100 N/s peak slope.
    private static let maxRiseNPerS = 100.0

    /// The lowest peak of a severe event: clear of the 250 N limit even for a sensor reading low by its stated
    /// accuracy (262 N for a load cell, 286 N for an FSR).
    private var severeFloorN: Double {
        max(262, (250 / (1 - scenario.forceSensor.statedAccuracyFraction) + 8).rounded())
    }
    /// The highest peak of a burst: below the limit even for a sensor reading high by its error on fast changes
    /// (238 N for a load cell, 223 N for an FSR, 213 N for the sealed ball, whose air heats when squeezed fast).
    private var nonSevereCeilingN: Double {
        min(238, (250 / (1 + scenario.forceSensor.transientOverreadFraction) - 4).rounded())
    }

    init(scenario: SimulationScenario, rng: SeededRandom) {
        self.scenario = scenario
        self.rng = rng
        radiusM = scenario.radiusMM / 1000
        position = Vector3(0, 0, scenario.radiusMM / 1000)
        var r = rng
        let a = r.uniform(0, 2 * .pi)
        rollerAxis = Vector3(cos(a), sin(a), 0)
        self.rng = r.derived(0x51A)
    }

    /// The initial roller axis direction (world), so the simulator can start the roller consistently.
    var initialRollerAxis: Vector3 { rollerAxis }

    mutating func next() -> SegmentPlan? {
        guard !finished else { return nil }
        if let script = scenario.script {
            finished = true
            return scriptedPlan(script)
        }
        return planSegment()
    }

    // MARK: - Scripted motion (tests)

    private mutating func scriptedPlan(_ script: [ScriptedMotion]) -> SegmentPlan {
        var plan = SegmentPlan(tStart: t)
        plan.force.knot(t, 0)
        for step in script {
            switch step {
            case .still(let s):
                addPhase(&plan, s, .still(position))
            case .roll(let dx, let dy, let s):
                let to = position + Vector3(dx, dy, 0)
                addPhase(&plan, s, .roll(from: position, to: to, spinZPeakRadS: 0))
                position = to
            case .spin(let axis, let rate, let s, let ramp):
                let rot = AirRotation(t0: t, t1: t + s, axis: axis.normalized, peakRadS: rate,
                                      shape: .plateau(rampS: ramp))
                addPhase(&plan, s, .air(from: position, to: position, liftM: 0, liftS: nil, rotations: [rot]))
            }
        }
        plan.tEnd = t
        return plan
    }

    // MARK: - Building blocks

    private mutating func addPhase(_ plan: inout SegmentPlan, _ duration: Double, _ kind: MotionPhase.Kind) {
        guard duration > 0 else { return }
        plan.phases.append(MotionPhase(t0: t, t1: t + duration, kind: kind))
        t += duration
    }

    private mutating func still(_ plan: inout SegmentPlan, _ duration: Double) {
        addPhase(&plan, duration, .still(position))
    }

    private mutating func drawTargetActiveS() -> Double {
        if scenario.nearThresholds {
            // The active time comes out ~1–2 s above the target (the last stroke, the foot coming off): this puts the
            // truth within a few seconds either side of the 120 s and 180 s verdict cuts.
            return [116.5, 120.5, 176.5, 180.5][segmentIndex % 4]
        }
        if let r = scenario.secondsPerFoot { return rng.uniform(r) }
        let band = rng.unit()
        if band < 0.25 { return rng.uniform(70, 110) }      // under (< 120 s)
        if band < 0.75 { return rng.uniform(130, 170) }     // ok (120–180 s)
        return rng.uniform(190, 230)                        // over (> 180 s)
    }

    /// Keeps a target at least 10 s from the verdict boundaries.
    private static func offBorderline(_ s: Double) -> Double {
        if abs(s - 120) < 10 { return 108 }
        if abs(s - 180) < 10 { return 168 }
        return s
    }

    // MARK: - One segment

    private mutating func planSegment() -> SegmentPlan? {
        let sc = scenario
        var target = drawTargetActiveS()
        if let d = sc.durationS {
            // Leave room for the foot to come off and a short tail; a segment shorter than 20 s is not worth it.
            let room = d - t - 12
            if room < 20 { finished = true; return tailOnly(until: d) }
            target = SessionPlanner.offBorderline(min(target, room))
        }
        var plan = SegmentPlan(tStart: t)
        plan.force.knot(t, 0)
        let L = sc.fasciaCM / 100
        let ball = sc.tool == .ball

        // Ball at rest, foot not yet on it (the first one doubles as a rest period for gyro calibration).
        still(&plan, segmentIndex == 0 ? rng.uniform(2.0, 3.0) : rng.uniform(1.0, 2.0))

        // The foot's long axis: random for the ball; for the roller, across its axis.
        let axisDir: Vector3
        if ball {
            let h = rng.uniform(0, 2 * .pi)
            axisDir = Vector3(cos(h), sin(h), 0)
        } else {
            axisDir = rollerAxis.cross(.unitZ).normalized * (rng.chance(0.5) ? 1 : -1)
        }
        let across = Vector3.unitZ.cross(axisDir)
        var s = rng.uniform(0.3, 0.7) * L
        let origin = position - axisDir * s
        plan.footOriginM = origin
        plan.footAxis = axisDir

        let foot: Foot
        if sc.footMarkers {
            if let prev = previousFoot { foot = rng.chance(sc.repeatFootChance) ? prev : prev.opposite }
            else { foot = sc.firstFoot }
        } else {
            foot = segmentIndex % 2 == 0 ? .right : .left
        }
        previousFoot = foot

        // Foot goes on: a slow rise (≤ 50 N over ≥ 0.8 s: peak slope ≤ 98 N/s).
        let onsetStart = t
        let onsetS = rng.uniform(0.8, 1.2)
        let level0 = rng.uniform(30, 50)
        plan.force.knot(onsetStart, 0)
        plan.force.knot(onsetStart + onsetS, level0)
        if sc.footMarkers { plan.markers.append((onsetStart + rng.uniform(0.3, 4.0), foot)) }
        still(&plan, onsetS + rng.uniform(0.6, 1.5))
        let activityStart = t

        // Rolling, with tender holds at random moments.
        var holdsLeft = rng.int(sc.tenderHoldsPerSegment)
        var nextHoldAt = rng.uniform(8, max(10, target * 0.6))
        var holds: [(Double, Double)] = []
        var strokeLengths: [Double] = []
        var full = 0
        var dir: Double = rng.chance(0.5) ? 1 : -1
        while t - onsetStart < target {
            let elapsed = t - onsetStart
            if holdsLeft > 0, elapsed >= nextHoldAt {
                let room = target - elapsed - 8
                if room >= 25 {
                    // Either clearly short of the 60 s `hold_complete` mark or clearly past it; near-threshold plans
                    // hold 19 / 21 s (tender-hold cut 20 s) and 59 / 61 s (hold complete at 60 s).
                    var hold = room >= 72 && rng.chance(0.35) ? rng.uniform(68, 72) : rng.uniform(25, min(50, room))
                    if sc.nearThresholds {
                        hold = [19.0, 21.0, 59.0, 61.0][nearCount.holds % 4]
                        if hold > room { hold = [19.0, 21.0][nearCount.holds % 2] }
                        nearCount.holds += 1
                    }
                    holds.append((t, t + hold))
                    still(&plan, hold)
                    holdsLeft -= 1
                    nextHoldAt = t - onsetStart + rng.uniform(8, 30)
                    continue
                }
                holdsLeft = 0
            }
            let length = stroke(&plan, L: L, s: &s, dir: &dir, origin: origin, axisDir: axisDir, across: across)
            strokeLengths.append(length)
            if length >= 0.8 * L { full += 1 }
        }
        still(&plan, rng.uniform(0.3, 1.0))
        let offsetStart = t

        // The foot load over the whole segment, then the foot comes off (falls are not limited).
        var severeCount = 0, mergedPairs = 0
        let severeWindows = buildLoad(&plan, from: onsetStart + onsetS, level: level0, until: offsetStart,
                                      holds: holds, activityStart: activityStart, severe: &severeCount,
                                      merged: &mergedPairs)
        let offS = rng.uniform(0.4, 0.6)
        plan.force.knot(offsetStart + offS, 0)
        let bursts = placeBursts(&plan, from: activityStart + 3, to: offsetStart - 4, holds: holds,
                                 severe: severeWindows)
        plan.force.tremorFraction = rng.uniform(0.01, 0.03) * (sc.nearThresholds ? 0.2 : 1)
        plan.force.tremorHz = rng.uniform(0.4, 1.5)
        plan.force.tremorPhase = rng.uniform(0, 2 * .pi)

        let post = rng.uniform(0.5, 2.0)
        still(&plan, offS + post)

        let hasForce = sc.forceSensor != .none
        plan.planned = PlannedSegment(
            foot: foot, targetActiveS: target, strokeLengthsM: strokeLengths, fullLengthStrokes: full,
            bursts: hasForce ? bursts : 0, severeEvents: hasForce ? severeCount : 0,
            mergedSeverePairs: hasForce ? mergedPairs : 0, tenderHolds: hasForce ? holds.count : 0,
            completedHolds: hasForce ? holds.filter { $0.1 - $0.0 >= 60 }.count : 0,
            headingRad: atan2(axisDir.y, axisDir.x))

        segmentIndex += 1
        let isLast: Bool
        if let d = sc.durationS { isLast = d - t < 100 || segmentIndex >= sc.segmentCount }
        else { isLast = segmentIndex >= sc.segmentCount }
        if isLast {
            finished = true
            let tail = sc.durationS.map { max(1.5, $0 - t) } ?? rng.uniform(1.5, 3.0)
            still(&plan, tail)
        } else {
            // Foot off: total off time ≈ the drawn gap (the next segment adds 1–2 s of rest before the foot).
            let gap = rng.uniform(sc.gapS)
            airPhase(&plan, duration: max(3.0, gap - post - offS - 1.5))
        }
        plan.force.knot(t, 0)
        plan.tEnd = t
        return plan
    }

    private mutating func tailOnly(until end: Double) -> SegmentPlan {
        var plan = SegmentPlan(tStart: t)
        plan.force.knot(t, 0)
        still(&plan, max(0.5, end - t))
        plan.tEnd = t
        return plan
    }

    // MARK: - Strokes

    /// One stroke from the current position to the next reversal; returns its length along the foot.
    private mutating func stroke(_ plan: inout SegmentPlan, L: Double, s: inout Double, dir: inout Double,
                                 origin: Vector3, axisDir: Vector3, across: Vector3) -> Double {
        let sc = scenario
        let available = dir > 0 ? L - s : s
        let pMin = sc.partialStrokeCM.lowerBound / 100
        let pMax = min(sc.partialStrokeCM.upperBound / 100, 0.72 * L)
        var length: Double
        let wantFull = rng.chance(sc.fullStrokeChance)
        if sc.nearThresholds && available >= 0.83 * L {
            // Right at the full-length cut (0.8 × fascia): 0.78 or 0.82 of it.
            length = (nearCount.strokes % 2 == 0 ? 0.78 : 0.82) * L
            nearCount.strokes += 1
        } else if sc.nearThresholds {
            // Head for the end of the foot, to set up the next near-cut stroke; a stroke that would end within 2 % of
            // fascia of the cut is drawn at 0.78 / 0.82 like the others, so every stroke of the plan is at least as
            // far from the cut as those (a stroke right on the cut is a coin toss for any sensor).
            length = max(0.03, available - rng.uniform(0, 0.004))
            if abs(length - 0.8 * L) < 0.02 * L { length = (length < 0.8 * L || available < 0.82 * L ? 0.78 : 0.82) * L }
        } else if wantFull && available >= 0.9 * L {
            length = rng.uniform(0.885 * L, available)
        } else if wantFull && available <= 0.72 * L {
            // Head for the end of the foot to set up a full-length stroke back.
            length = max(min(pMin, available), available - rng.uniform(0, 0.008))
        } else {
            let hi = min(pMax, available)
            length = hi <= pMin ? hi : rng.uniform(pMin, hi)
        }
        length = max(length, 0.03)
        let sNew = s + dir * length
        let wobble = sc.tool == .ball ? rng.uniform(-1, 1) * sc.lateralWobbleMM / 1000 : 0
        var to = origin + axisDir * sNew + across * wobble
        to.z = radiusM
        let pathM = (to - position).norm
        let speed = rng.uniform(0.5, 1.0) * sc.maxSpeedMS
        // Minimum-jerk peak speed is 1.875 × mean speed.
        let duration = min(max(1.875 * pathM / speed, 0.5), 2.5)
        let spin = { (r: inout SeededRandom) -> Double in
            sc.tool == .ball ? r.gaussian(sigma: 0.25, limit: 0.6) : 0
        }
        if rng.chance(sc.pauseChance) && length >= 0.05 {
            let f = rng.uniform(0.35, 0.65)
            var mid = position + (to - position) * f
            mid.z = radiusM
            addPhase(&plan, max(0.35, duration * f), .roll(from: position, to: mid, spinZPeakRadS: spin(&rng)))
            position = mid
            still(&plan, rng.uniform(0.3, 1.5))
            addPhase(&plan, max(0.35, duration * (1 - f)), .roll(from: mid, to: to, spinZPeakRadS: spin(&rng)))
        } else {
            addPhase(&plan, duration, .roll(from: position, to: to, spinZPeakRadS: spin(&rng)))
        }
        position = to
        let dwell = rng.uniform(0, 0.25)
        if dwell > 0.02 { still(&plan, dwell) }
        s = sNew
        dir = -dir
        return length
    }

    // MARK: - Foot load

    /// Random rolling load between 30 and 140 N, tender holds (40 N rising to 150–185 N) and severe events.
    /// Returns the time windows of the severe events (to keep bursts away from them).
    private mutating func buildLoad(_ plan: inout SegmentPlan, from startT: Double, level: Double, until endT: Double,
                                    holds: [(Double, Double)], activityStart: Double, severe: inout Int,
                                    merged: inout Int) -> [(Double, Double)] {
        // Choose severe start times in rolling stretches, ≥ 4 s from holds and from each other.
        var severeStarts: [Double] = []
        let wantSevere = scenario.forceSensor == .none ? 0 : rng.int(scenario.severePerSegment)
        var tries = 0
        while severeStarts.count < wantSevere && tries < 200 {
            tries += 1
            let lo = activityStart + 5, hi = endT - 16
            guard hi > lo else { break }
            let c = rng.uniform(lo, hi)
            if holds.contains(where: { c > $0.0 - 16 && c < $0.1 + 8 }) { continue }
            if severeStarts.contains(where: { abs($0 - c) < 18 }) { continue }
            severeStarts.append(c)
        }
        severeStarts.sort()
        enum Event { case hold(Double, Double), severe(Double) }
        var events: [(Double, Event)] = holds.map { ($0.0, .hold($0.0, $0.1)) } + severeStarts.map { ($0, .severe($0)) }
        events.sort { $0.0 < $1.0 }

        var tw = startT, f = level
        var windows: [(Double, Double)] = []
        func fill(until te: Double, _ plan: inout SegmentPlan, _ rng: inout SeededRandom) {
            while te - tw > 1e-6 {
                var dt = rng.uniform(2, 6)
                if tw + dt > te - 1.5 { dt = te - tw }
                let maxStep = SessionPlanner.maxRiseNPerS * dt * 2 / Double.pi * 0.95
                let next = min(max(rng.uniform(30, 140), f - maxStep), f + maxStep)
                plan.force.knot(tw + dt, next)
                f = next; tw += dt
            }
        }
        for (start, event) in events {
            fill(until: start, &plan, &rng)
            switch event {
            case .hold(let h0, let h1):
                plan.force.knot(h0 + 1.5, rng.uniform(36, 44))
                f = rng.uniform(150, 185)
                plan.force.knot(h1, f)
                tw = h1
            case .severe(let te):
                let end = severeEvent(&plan, at: te, base: f, merged: &merged)
                windows.append((te, end.t))
                severe += 1
                f = end.f; tw = end.t
            }
        }
        fill(until: endT, &plan, &rng)
        return windows
    }

    /// Time into a raised-cosine change from a to b over T at which it crosses c.
    private static func crossing(from a: Double, to b: Double, over T: Double, at c: Double) -> Double {
        let x = 1 - 2 * (c - a) / (b - a)
        return T * acos(min(max(x, -1), 1)) / Double.pi
    }

    private mutating func severeEvent(_ plan: inout SegmentPlan, at te: Double, base: Double, merged: inout Int)
        -> (t: Double, f: Double) {
        let limit = 250.0
        var tt = te
        let floorN = severeFloorN
        var p1 = rng.uniform(floorN + 10, floorN + 58)
        if scenario.nearThresholds {
            // Just under or just over the limit (±2.4 %), a single episode.
            p1 = nearCount.severe % 2 == 0 ? 244 : 256
            nearCount.severe += 1
            let upS = max(1.5, Double.pi * (p1 - base) / (2 * SessionPlanner.maxRiseNPerS))
            tt += upS; plan.force.knot(tt, p1)
            tt += rng.uniform(0.5, 1.5); plan.force.knot(tt, p1 + rng.uniform(-1, 1))
            let after = rng.uniform(60, 120)
            tt += rng.uniform(0.8, 1.2); plan.force.knot(tt, after)
            return (tt, after)
        }
        let up = max(1.5, Double.pi * (p1 - base) / (2 * SessionPlanner.maxRiseNPerS))
        tt += up; plan.force.knot(tt, p1)
        let p2 = max(floorN + 2, p1 + rng.uniform(-8, 8))
        tt += rng.uniform(0.3, 2.2); plan.force.knot(tt, p2)
        if rng.chance(scenario.mergedSevereChance) {
            // A second episode after a dip below the limit of 0.2–0.55 s: one event by the 1 s merging rule.
            var fallS = 0.3, dip = 232.0, p3 = 285.0, riseS = 0.6
            for _ in 0..<60 {
                fallS = rng.uniform(0.25, 0.45); dip = rng.uniform(222, 238); p3 = rng.uniform(floorN + 6, floorN + 43)
                riseS = max(0.6, Double.pi * (p3 - dip) / (2 * SessionPlanner.maxRiseNPerS))
                let below = (fallS - SessionPlanner.crossing(from: p2, to: dip, over: fallS, at: limit))
                    + SessionPlanner.crossing(from: dip, to: p3, over: riseS, at: limit)
                if below >= 0.2 && below <= 0.55 { break }
            }
            tt += fallS; plan.force.knot(tt, dip)
            tt += riseS; plan.force.knot(tt, p3)
            tt += rng.uniform(0.3, 1.5); plan.force.knot(tt, max(floorN, p3 + rng.uniform(-8, 8)))
            merged += 1
        }
        let after = rng.uniform(60, 120)
        tt += rng.uniform(0.8, 1.2); plan.force.knot(tt, after)
        return (tt, after)
    }

    /// Sharp spikes on the rolling load, away from holds, severe events and each other.
    private mutating func placeBursts(_ plan: inout SegmentPlan, from lo: Double, to hi: Double,
                                      holds: [(Double, Double)], severe: [(Double, Double)]) -> Int {
        guard scenario.forceSensor != .none, hi > lo else { return 0 }
        let want = rng.int(scenario.burstsPerSegment)
        let slowSensor = scenario.forceSensor.rateHz <= 10
        var placed: [Double] = []
        var tries = 0
        while placed.count < want && tries < 300 {
            tries += 1
            let c = rng.uniform(lo, hi)
            if holds.contains(where: { c > $0.0 - 3 && c < $0.1 + 8 }) { continue }
            if severe.contains(where: { c > $0.0 - 4 && c < $0.1 + 4 }) { continue }
            if placed.contains(where: { abs($0 - c) < 5 }) { continue }
            var maxBase = 0.0
            var x = c
            while x < c + 1.2 { maxBase = max(maxBase, plan.force.base(at: x)); x += 0.02 }
            // Peak stays below the 250 N severe limit by the sensor's error on fast changes (tremor included).
            let ampMax = min(160, nonSevereCeilingN - maxBase * 1.03)
            guard ampMax >= 88 else { continue }
            // A slow (10 Hz) sensor needs a sharper rise and a longer top to see the spike as the definition says.
            let rise = slowSensor ? rng.uniform(0.05, 0.09) : rng.uniform(0.05, 0.2)
            let hold = slowSensor ? rng.uniform(0.16, 0.25) : rng.uniform(0.05, 0.15)
            var amplitude = rng.uniform(85, ampMax)
            if scenario.nearThresholds {
                // 55 N (under the 60 N cut) or 65 N (over it).
                amplitude = nearCount.bursts % 2 == 0 ? 55 : 65
                nearCount.bursts += 1
            }
            plan.force.bursts.append(BurstOverlay(t0: c, riseS: rise, holdS: hold, fallS: rng.uniform(0.3, 0.5),
                                                  amplitudeN: amplitude))
            placed.append(c)
        }
        plan.force.bursts.sort { $0.t0 < $1.t0 }
        return placed.count
    }

    // MARK: - Between feet

    /// The tool is picked up, turned over and spun (ball) or turned to a new heading (roller), and put down.
    private mutating func airPhase(_ plan: inout SegmentPlan, duration: Double) {
        let sc = scenario
        let t0 = t
        var rotations: [AirRotation] = []
        var cursor = t0 + rng.uniform(0.4, 0.8)
        let lift: Double
        if sc.tool == .ball {
            lift = rng.uniform(0.15, 0.35)
            let a = rng.uniform(0, 2 * .pi)
            let turnAxis = Vector3(cos(a), sin(a), 0)
            let turnS = rng.uniform(0.6, 1.0)
            let turnAngle = rng.uniform(2.4, 3.9)
            rotations.append(AirRotation(t0: cursor, t1: cursor + turnS, axis: turnAxis,
                                         peakRadS: turnAngle / (turnS * 16 / 30), shape: .bell))
            cursor += turnS + rng.uniform(0.1, 0.4)
            let spinS = rng.uniform(0.5, 1.2)
            rotations.append(AirRotation(t0: cursor, t1: cursor + spinS, axis: rng.unitVector(),
                                         peakRadS: rng.uniform(sc.spinRateRadS), shape: .bell))
            cursor += spinS + rng.uniform(0.1, 0.4)
            if rng.chance(0.5) {
                let s2 = rng.uniform(0.5, 0.9)
                rotations.append(AirRotation(t0: cursor, t1: cursor + s2, axis: rng.unitVector(),
                                             peakRadS: rng.uniform(0.5, 2.0) / (s2 * 16 / 30), shape: .bell))
                cursor += s2
            }
            // Turned in the fingers: turns about any axis, as a user looks the ball over between feet.
            if sc.handTurnsBetweenFeet.upperBound > 0 {
                for _ in 0..<rng.int(sc.handTurnsBetweenFeet) {
                    cursor += rng.uniform(0.1, 0.4)
                    let turnS = rng.uniform(0.5, 1.2)
                    rotations.append(AirRotation(t0: cursor, t1: cursor + turnS, axis: rng.unitVector(),
                                                 peakRadS: rng.uniform(1, 3) / (turnS * 16 / 30), shape: .bell))
                    cursor += turnS
                }
            }
        } else {
            lift = rng.uniform(0.03, 0.08)
            // Fiddle with the roller about its own axis, then turn it to a new heading about the vertical.
            let ownS = rng.uniform(0.6, 1.2)
            rotations.append(AirRotation(t0: cursor, t1: cursor + ownS, axis: rollerAxis,
                                         peakRadS: rng.uniform(sc.spinRateRadS) * (rng.chance(0.5) ? 1 : -1),
                                         shape: .bell))
            cursor += ownS + rng.uniform(0.1, 0.3)
            let yawS = rng.uniform(1.0, 2.0)
            let yaw = rng.uniform(0.4, 2.5) * (rng.chance(0.5) ? 1 : -1)
            rotations.append(AirRotation(t0: cursor, t1: cursor + yawS, axis: .unitZ,
                                         peakRadS: yaw / (yawS * 16 / 30), shape: .bell))
            cursor += yawS
            rollerAxis = Quaternion(axis: .unitZ, angleRad: yaw).rotate(rollerAxis)
        }
        let total = max(duration, cursor - t0 + rng.uniform(0.4, 0.8))
        let a = rng.uniform(0, 2 * .pi)
        let move = rng.uniform(0.05, sc.tool == .ball ? 0.3 : 0.15)
        var to = position + Vector3(cos(a), sin(a), 0) * move
        to.z = radiusM
        // A hand picks a ball up and puts it down in about 0.4 s (a reach-and-grasp time scale, Flash & Hogan 1985);
        // the roller is shifted rather than lifted.
        let liftS: Double? = sc.tool == .ball ? 0.4 : nil
        addPhase(&plan, total, .air(from: position, to: to, liftM: lift, liftS: liftS, rotations: rotations))
        position = to
    }
}
