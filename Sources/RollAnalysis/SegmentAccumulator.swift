import RollCore

/// The running totals of the segment in progress.
struct SegmentAccumulator: Sendable {
    var startS: Double
    var lastContactS: Double
    var activeS = 0.0
    var distanceM = 0.0
    var strokes: StrokeTracker
    var peakForceN: Double?
    var bursts = 0
    var severeEvents = 0
    var tenderHolds = 0
    /// The foot fixed by the marker in effect `markerGraceS` after the start; nil until then (or when none).
    var markerFoot: Foot?
    var labelFixed = false
    /// The marker in effect at the last contact sample (the segment's foot "at its end", v1 §2).
    var markerAtLastContact: Foot?
    /// Contact has been lost since the last contact sample (force below contact; without force, the bridge ran out).
    var lostContact = false
    var footTimeMetAlerted = false
    var switchFootAlerted = false
    /// Contact samples whose status is pending (no force: a still spell that may turn out to be a bridged gap).
    var pendingActiveS = 0.0
    var pendingDistanceM = 0.0
    /// Time still (slower than rolling) under load, for tender-spot holds.
    var stillUnderLoadS = 0.0
    /// Time spent in each zone along the foot, heel to ball.
    var timeAlongFootS: [Double] { zoneTimes.seconds }
    private var zoneTimes = ZoneTimes()
    /// With force, while contact is lost: the strokes as they stood at the last contact sample (`coast`), and
    /// whether the ball has been seen in the hand since.
    private var strokesAtLastContact: StrokeTracker?
    /// `strokesAtLastContact` is set. A flag of its own: testing the optional itself copies the whole tracker (its
    /// histogram included) on every step, ~100 instructions per sample in the bench.
    private var coasting = false
    private var gapHandling = HandlingDetector()
    private var handledInGap = false

    init(startS: Double, markerInEffect: Foot?, settings: AnalysisSettings) {
        self.startS = startS
        lastContactS = startS
        markerAtLastContact = markerInEffect
        strokes = StrokeTracker(minStrokeM: settings.minStrokeM,
                                fullLengthM: settings.fullLengthFraction * settings.fasciaM,
                                hysteresisM: settings.reversalHysteresisM)
    }

    /// What one step brought that the analyzer announces.
    struct Step {
        var stroke: StrokeTracker.Completed?
        var shortStreak = 0
        var tenderHoldStarted = false
        var holdComplete = false
        var footTimeMet = false
        var switchFoot = false

        /// Whether there is anything to announce (most steps bring nothing).
        var hasNews: Bool { stroke != nil || tenderHoldStarted || holdComplete || footTimeMet || switchFoot }
    }

    /// One in-contact (or pending) step of `dtS`: time and distance (set aside while pending: without force a still
    /// spell may be a bridged gap or the end), strokes, where along the foot, stillness under load, time per foot.
    mutating func step(tS t: Double, dtS dt: Double, motion: PlanarMotion, distanceM d: Double, smoothedSpeedMS: Double,
                       state: ContactTracker.State, markerInEffect: Foot?, settings: AnalysisSettings) -> Step {
        var out = Step()
        if coasting { resumeAfterCoasting() }
        let pending = state == .pending
        if pending {
            pendingActiveS += dt
            pendingDistanceM += d
        } else {
            activeS += dt
            distanceM += d
        }
        out.stroke = strokes.step(vx: motion.velocityX, vy: motion.velocityY, dtS: dt)
        out.shortStreak = strokes.shortStreak
        if let along = strokes.positionAlongFoot {
            let zone = min(AnalysisSnapshot.zonesAlongFoot - 1, Int(along * Double(AnalysisSnapshot.zonesAlongFoot)))
            zoneTimes.add(dt, toZone: zone)
        }
        // Tender spot: still under load (pending steps are not under load).
        if !pending && smoothedSpeedMS < settings.rollingSpeedMS {
            let before = stillUnderLoadS
            stillUnderLoadS += dt
            out.tenderHoldStarted = before < settings.tenderHoldS && stillUnderLoadS >= settings.tenderHoldS
            if out.tenderHoldStarted { tenderHolds += 1 }
            out.holdComplete = before < settings.holdCompleteS && stillUnderLoadS >= settings.holdCompleteS
        } else {
            stillUnderLoadS = 0
        }
        // The 2–3 min guideline per foot: once at each end.
        if !footTimeMetAlerted && activeS >= settings.footTimeMinS { footTimeMetAlerted = true; out.footTimeMet = true }
        if !switchFootAlerted && activeS >= settings.footTimeMaxS { switchFootAlerted = true; out.switchFoot = true }
        if state == .contact {
            lastContactS = t
            markerAtLastContact = markerInEffect
            lostContact = false
            fixLabel(atS: t, markerInEffect: markerInEffect, graceS: settings.markerGraceS)
        }
        return out
    }

    /// The pending spell was contact after all: it counts, and ends at `t` (no 3 s gap to split on).
    mutating func commitPending(atS t: Double) {
        activeS += pendingActiveS
        distanceM += pendingDistanceM
        dropPending()
        lastContactS = t
    }

    /// The pending spell was not contact.
    mutating func dropPending() {
        pendingActiveS = 0
        pendingDistanceM = 0
    }

    mutating func notePeak(forceN f: Double) { peakForceN = max(peakForceN ?? f, f) }

    /// Out of contact: no stillness under load; a marker change from now until contact resumes is a quick switch.
    mutating func contactLost() {
        stillUnderLoadS = 0
        lostContact = true
    }

    /// With force, out of contact (for less than `segmentGapS` so far): the ball's place along the foot still
    /// follows its rolling. The force can read below contact while the foot is still on it (a sealed ball's air,
    /// cooled by a quick release, reads tens of newtons low for a second or two; see `SealedBallChain`), and a foot
    /// lifted for a moment leaves the ball where it rolled to; either way the stroke in progress goes on from where
    /// the ball is, not from where the force last said contact. Strokes ended in the gap are not announced; they
    /// count only if contact resumes (a gap that ends the segment takes the strokes back to its last contact), and
    /// not at all if the ball was seen in the hand (`noteGapMotion`), where rolling says nothing about the floor.
    mutating func coast(motion: PlanarMotion, dtS: Double) {
        if !coasting { strokesAtLastContact = strokes; coasting = true }
        guard !handledInGap else { return }
        _ = strokes.step(vx: motion.velocityX, vy: motion.velocityY, dtS: dtS)
    }

    /// In a force gap: the motion's evidence of handling (`HandlingDetector`: a lift, free fall, a spin about the
    /// vertical). World-frame rate (bias-corrected, z up) and specific force.
    mutating func noteGapMotion(tS: Double, dtS: Double, worldGyroRadS: Vector3, accelMS2: Vector3) {
        if gapHandling.update(tS: tS, dtS: dtS, worldGyroRadS: worldGyroRadS, accelMS2: accelMS2) { handledInGap = true }
    }

    /// Contact is back: keep what coasting through the gap added, unless the ball was handled in it.
    private mutating func resumeAfterCoasting() {
        if handledInGap, let saved = strokesAtLastContact { strokes = saved }
        strokesAtLastContact = nil
        coasting = false
        handledInGap = false
        gapHandling = HandlingDetector()
    }

    /// The segment ends (at its last contact sample): back to the strokes as they stood then; the run in progress
    /// counts if it is long enough.
    mutating func finishStrokes() -> StrokeTracker.Completed? {
        if coasting, let saved = strokesAtLastContact { strokes = saved; strokesAtLastContact = nil; coasting = false }
        return strokes.finish()
    }

    /// Whether contact was lost and the marker now differs from the one at the last contact (interface v2 §2a).
    func switchedFoot(markerInEffect: Foot?) -> Bool { lostContact && markerInEffect != markerAtLastContact }

    /// At the first contact sample `graceS` after the start the label is fixed to the marker then in effect (later
    /// presses start new segments). Only contact samples count: a segment whose contact ends sooner is named by the
    /// marker at its end (v1 §2), not by a press in the gap after it.
    private mutating func fixLabel(atS t: Double, markerInEffect: Foot?, graceS: Double) {
        guard !labelFixed, t > startS + graceS else { return }
        markerFoot = markerInEffect
        labelFixed = true
    }

    func summary(foot: Foot, hasForce: Bool, settings: AnalysisSettings) -> SegmentSummary {
        let verdict: TimeVerdict = activeS < settings.footTimeMinS ? .under : (activeS > settings.footTimeMaxS ? .over : .ok)
        return SegmentSummary(
            foot: foot.rawValue, startS: startS, endS: lastContactS, activeS: activeS, distanceM: distanceM,
            strokes: strokes.strokes, fullLengthStrokes: strokes.fullLengthStrokes,
            medianStrokeM: strokes.histogram.medianM,
            peakForceN: hasForce ? (peakForceN ?? 0) : nil,
            bursts: bursts, severeEvents: severeEvents, tenderHolds: tenderHolds, verdict: verdict)
    }
}

/// The time in each of the `AnalysisSnapshot.zonesAlongFoot` zones, stored inline: an array here cost a uniqueness
/// check (a call into the runtime) and a bounds test on every contact sample.
struct ZoneTimes: Sendable {
    private var s: (Double, Double, Double, Double, Double, Double, Double, Double, Double, Double) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    private static let count = 10

    init() { precondition(Self.count == AnalysisSnapshot.zonesAlongFoot, "ZoneTimes holds one value per zone") }

    /// `zone` must be in 0..<zonesAlongFoot (the caller clamps it); a homogeneous tuple is laid out contiguously.
    @inline(__always)
    mutating func add(_ dtS: Double, toZone zone: Int) {
        precondition(zone >= 0 && zone < Self.count)
        withUnsafeMutableBytes(of: &s) { $0.baseAddress!.assumingMemoryBound(to: Double.self)[zone] += dtS }
    }

    var seconds: [Double] { withUnsafeBytes(of: s) { Array($0.bindMemory(to: Double.self)) } }
}
