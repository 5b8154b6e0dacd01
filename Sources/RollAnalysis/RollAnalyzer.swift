import RollCore

/// The analysis core: one sample in, events out, a snapshot and a summary on demand.
///
/// Pure and streaming: no I/O, no clock (time is the samples' own), no globals; O(1) memory per sample (what grows
/// is only the list of finished segments and alerts). Live sessions and replays feed the same samples through this
/// same code, so a recorded session replays to the identical summary.
public struct RollAnalyzer: Sendable {
    public let settings: AnalysisSettings
    public let hasForceSensor: Bool

    public private(set) var orientation: OrientationEstimator
    private var saturation: GyroSaturationDetector
    private var declipper = GyroDeclipper()
    private var ball: BallMotion
    private var roller: RollerMotion
    private var contact: ContactTracker
    /// Without force: tells the ball in the hand from the ball rolling on the floor.
    public private(set) var handling = HandlingDetector()
    private var severe: SevereEpisodeTracker
    private var burst: BurstDetector
    private var forceData = ForceDataMonitor()
    private var imuGaps: IMUGapMonitor

    private var firstT: Double?
    private var lastT = 0.0
    public private(set) var sampleCount = 0
    private var heldForceN: Double?
    private var markerInEffect: Foot?
    /// The segment in progress, valid while `segmentOpen`. Not an Optional: its tag was tested several times on every
    /// sample (an outlined call each, ~30 instructions per sample in callgrind); between segments it holds the last
    /// one (or a blank), which nothing reads, and `openSegment` replaces it whole.
    private var current: SegmentAccumulator
    private var segmentOpen = false
    private var previousFoot: Foot?
    private var previousWasContact = false
    private var previousSpeedMS = 0.0
    /// Low-passed planar velocity: "rolling" means net motion, so a foot's tremor on a still ball does not count.
    private var smoothVX = 0.0, smoothVY = 0.0
    private var speedMS = 0.0
    /// Where along the foot the last finished segment was rolled (shown until the next one starts).
    private var finishedTimeAlongFootS = [Double](repeating: 0, count: AnalysisSnapshot.zonesAlongFoot)
    private var lastSaturationAlertS = -Double.infinity
    private var lastShortStrokeAlertS = -Double.infinity

    public private(set) var segments: [SegmentSummary] = []
    public private(set) var alerts: [Alert] = []

    /// Time constant of the velocity low-pass used to decide rolling vs still.
    static let rollingFilterS = 0.2
    /// At most one saturation alert per this many seconds (a spin saturates for many samples).
    static let saturationAlertIntervalS = 5.0
    /// At most one `short_strokes` reminder per this many seconds.
    static let shortStrokeReminderS = 30.0

    public init(settings: AnalysisSettings, hasForceSensor: Bool) {
        self.settings = settings
        self.hasForceSensor = hasForceSensor
        orientation = OrientationEstimator(settings: settings.orientation)
        saturation = GyroSaturationDetector(settings: settings)
        ball = BallMotion(radiusM: settings.radiusM)
        roller = RollerMotion(radiusM: settings.radiusM)
        current = SegmentAccumulator(startS: 0, markerInEffect: nil, settings: settings)
        contact = ContactTracker(usesForce: hasForceSensor, contactForceN: settings.contactForceN,
                                 rollingSpeedMS: settings.rollingSpeedMS, bridgeS: settings.rollingGapBridgeS)
        severe = SevereEpisodeTracker(limitN: settings.severeForceN, mergeS: settings.severeMergeS)
        imuGaps = IMUGapMonitor(gapLimitS: settings.maxIntegrationGapS)
        burst = BurstDetector(riseN: settings.burstRiseN, windowS: settings.burstRiseWindowS,
                              fallWindowS: settings.burstFallWindowS, fallFraction: settings.burstFallFraction)
    }

    // MARK: - The per-sample path

    /// Processes one sample; `emit` receives what happened on it, in order. The recipe (interface v1 §2, v2 §2a, §8):
    /// time step, motion, force data (held level; stale data end), contact, segment boundaries (gap, quick switch, foot
    /// marker), the fresh force reading's events (peak, severe, burst: after the boundaries, so a segment's first row
    /// counts for it), then the open segment's step or, out of contact, its end.
    public mutating func process(_ s: Sample, emit: (AnalysisEvent) -> Void = { _ in }) {
        let t = s.tSeconds
        let dt = advanceClock(to: t)
        let stepS = dt <= settings.maxIntegrationGapS ? dt : 0   // a long gap integrates nothing
        let motion = trackMotion(s, dtS: dt, stepS: stepS, emit)
        let contactForceN = trackForceData(s, tS: t, emit)
        let state = trackContact(tS: t, forceN: contactForceN)
        startSegmentAfterGap(tS: t, state: state, emit)
        startSegmentAfterQuickSwitch(state: state, tS: t, emit)
        applyMarker(s.foot, tS: t, inContact: state == .contact, emit)
        if let f = s.forceN { forceSample(tS: t, forceN: f, emit) }
        if state != .none, let step = accumulate(tS: t, stepS: stepS, motion: motion, state: state) {
            if step.hasNews { announce(step, tS: t, emit) }
        } else {
            if segmentOpen {
                current.contactLost()
                if hasForceSensor { current.coast(motion: motion, dtS: stepS) }
            }
            closeSegmentAfterGap(tS: t, emit)
        }
        previousWasContact = state != .none
        previousSpeedMS = motion.speedMS
    }

    // MARK: Steps of `process`, in order

    /// Counts the sample; returns the time since the previous one (0 for the first).
    private mutating func advanceClock(to t: Double) -> Double {
        let dt = firstT == nil ? 0 : t - lastT
        if firstT == nil { firstT = t }
        lastT = t
        sampleCount += 1
        return dt
    }

    /// Orientation (after the saturation guard) and the tool's planar motion; updates the smoothed rolling speed.
    @inline(__always)   // one call per step of `process` cost ~15–20 instructions of prologue, spills and epilogue
    private mutating func trackMotion(_ s: Sample, dtS dt: Double, stepS: Double,
                                      _ emit: (AnalysisEvent) -> Void) -> PlanarMotion {
        let gyro = trackOrientation(s, dtS: dt, emit)
        let w = gyro - orientation.gyroBiasRadS
        var motion = settings.tool == .ball
            ? ball.motion(gyroRadS: w, orientation: orientation.quaternion)
            : roller.motion(gyroRadS: w)
        // Without force, contact is the ball rolling on the floor: turning it in the hand moves nothing along a sole.
        // Nor does a ball the accelerometer shows still while the gyro's offset is unknown (no `calibrate`, no rest
        // seen yet): a cheap gyro's offset (MPU-6050: up to 20 °/s, 1.1 cm/s on a 31.5 mm ball) reads as slow
        // rolling, but a rolling ball turns gravity in its own frame, which the rest tests see within a block or two.
        if !hasForceSensor {
            if movesNothing(s, worldGyroFrom: w, stepS: stepS) { motion = PlanarMotion(speedMS: 0, velocityX: 0, velocityY: 0) }
        } else if segmentOpen && current.lostContact {
            current.noteGapMotion(tS: s.tSeconds, dtS: stepS, worldGyroRadS: orientation.quaternion.rotate(w), accelMS2: s.accelMS2)
        }
        let keep = stepS > 0 ? max(0, 1 - stepS / Self.rollingFilterS) : (dt == 0 ? 0 : 1)
        smoothVX = smoothVX * keep + motion.velocityX * (1 - keep)
        smoothVY = smoothVY * keep + motion.velocityY * (1 - keep)
        speedMS = (smoothVX * smoothVX + smoothVY * smoothVY).squareRoot()
        return motion
    }

    /// Without force: whether this sample's rotation moves nothing along a sole (the ball in the hand, or still with
    /// the gyro's offset unknown). Out of line, so `process` stays small enough for its per-sample steps to be inlined.
    @inline(never)
    private mutating func movesNothing(_ s: Sample, worldGyroFrom w: Vector3, stepS: Double) -> Bool {
        let q = orientation.quaternion
        let inHand = handling.update(tS: s.tSeconds, dtS: stepS, worldGyroRadS: q.rotate(w), accelMS2: s.accelMS2)
        return inHand || (orientation.biasUnknown && orientation.seesNoMotion)
    }

    /// Checks the gyro for saturation, rebuilds clipped rates, updates the orientation; returns the gyro used.
    @inline(__always)   // one call per step of `process` cost ~15–20 instructions of prologue, spills and epilogue
    private mutating func trackOrientation(_ s: Sample, dtS dt: Double, _ emit: (AnalysisEvent) -> Void) -> Vector3 {
        let rail = saturation.check(s.gyroRadS)
        let gyro = declipper.process(s.gyroRadS, tSeconds: s.tSeconds, clippedAt: rail)
        orientation.update(gyroRadS: gyro, accelMS2: s.accelMS2, dtSeconds: dt)
        if rail != nil {
            // Restarting the inclination from fresh accelerometer data suits a rolled ball (little linear acceleration
            // after a clip, rates rebuilt); on a sensor swung by hand the fresh data are the hand's deceleration, and
            // letting the error decay with τ_acc is better (BROAD 07–09 clipped at ±1000 °/s, as VQF does).
            if declipper.rebuiltLast { orientation.markGyroSaturated() }
            if s.tSeconds - lastSaturationAlertS >= Self.saturationAlertIntervalS {
                lastSaturationAlertS = s.tSeconds
                raise(Alert(tS: s.tSeconds, .gyroSaturation(railRadS: saturation.railRadS)), emit)
            }
        }
        return gyro
    }

    /// A new force sample: peak, severe episodes and bursts (held values between samples are not new samples). Runs
    /// after this row's segment boundaries, so the reading on a segment's first row (a foot stamped down at 300 N)
    /// counts for that segment.
    @inline(__always)   // one call per step of `process` cost ~15–20 instructions of prologue, spills and epilogue
    private mutating func forceSample(tS t: Double, forceN f: Double, _ emit: (AnalysisEvent) -> Void) {
        if segmentOpen { current.notePeak(forceN: f) }
        // Between segments (the foot coming off) an event counts for the segment that just ended.
        if severe.add(tS: t, forceN: f) { severeStarted(tS: t, forceN: f, emit) }
        if let b = burst.add(tS: t, forceN: f) { burstConfirmed(b, tS: t, emit) }
    }

    /// Out of line (like `raise`): events are rare, and their code inlined into every sample's path kept the
    /// optimizer from inlining the per-sample steps into `process`.
    @inline(never)
    private mutating func severeStarted(tS t: Double, forceN f: Double, _ emit: (AnalysisEvent) -> Void) {
        if segmentOpen { current.severeEvents += 1 } else if !segments.isEmpty { segments[segments.count - 1].severeEvents += 1 }
        raise(Alert(tS: t, .severePressure(forceN: f, limitN: settings.severeForceN)), emit)
    }

    @inline(never)
    private mutating func burstConfirmed(_ b: BurstDetector.Burst, tS t: Double, _ emit: (AnalysisEvent) -> Void) {
        if segmentOpen { current.bursts += 1 } else if !segments.isEmpty { segments[segments.count - 1].bursts += 1 }
        raise(Alert(tS: t, .burst(riseN: b.riseN)), emit)
    }

    /// Force data on this row: a reading is held only while readings keep coming (`ForceDataMonitor`). When they
    /// stop, force data have ended: a severe episode ends, contact falls back to the kinematic rule until they
    /// return. Returns the force for the contact rule (nil: no force data). The fresh reading's events come later
    /// (`forceSample`).
    @inline(__always)   // one call per step of `process` cost ~15–20 instructions of prologue, spills and epilogue
    private mutating func trackForceData(_ s: Sample, tS t: Double, _ emit: (AnalysisEvent) -> Void) -> Double? {
        let afterIMUGap = imuGaps.update(tS: t)
        guard hasForceSensor else { return nil }
        let force = forceData.update(tS: t, forceN: s.forceN, afterIMUGap: afterIMUGap)
        heldForceN = force.forceN
        switch force.change {
        case .ended:
            severe.forceDataEnded()
            raise(Alert(tS: t, .forceLost), emit)
        case .resumed:
            raise(Alert(tS: t, .forceBack), emit)
        case .none:
            break
        }
        // Awaiting a reading within the limit (start-up, after an IMU gap): no force yet means no contact.
        return forceData.isInOutage ? nil : (force.forceN ?? 0)
    }

    /// Contact on this sample; settles a pending (no-force) still spell that turned out to be contact or not.
    @inline(__always)   // one call per step of `process` cost ~15–20 instructions of prologue, spills and epilogue
    private mutating func trackContact(tS t: Double, forceN: Double?) -> ContactTracker.State {
        switch contact.update(tS: t, forceN: forceN, speedMS: speedMS) {
        case .commitPending: if segmentOpen { current.commitPending(atS: t) }
        case .dropPending: if segmentOpen { current.dropPending() }
        case .nothing: break
        }
        return contact.state
    }

    /// Contact with no segment open, or after contact was lost for `segmentGapS` or more, starts a new segment.
    /// The per-sample tests here and in `startSegmentAfterQuickSwitch` are inlined; the rare restart is not.
    @inline(__always)
    private mutating func startSegmentAfterGap(tS t: Double, state: ContactTracker.State, _ emit: (AnalysisEvent) -> Void) {
        guard state == .contact else { return }
        if segmentOpen, t - current.lastContactS < settings.segmentGapS { return }
        restartSegment(at: t, emit)
    }

    /// Interface v2 §2a: the marker changed while contact was lost for less than `segmentGapS` (foot lifted, button
    /// pressed, other foot down): a new segment starts at this, the first contact sample after the change. What
    /// counts is the marker in effect now against the one at the segment's last contact sample, so pressing L → R → L
    /// during one gap starts nothing: the foot that went back down is the one that came off.
    @inline(__always)
    private mutating func startSegmentAfterQuickSwitch(state: ContactTracker.State, tS t: Double,
                                                       _ emit: (AnalysisEvent) -> Void) {
        guard state == .contact, segmentOpen, current.switchedFoot(markerInEffect: markerInEffect) else { return }
        restartSegment(at: t, emit)
    }

    /// A changed `foot` marker: within a segment's first `markerGraceS` it relabels the segment (a late press);
    /// later, during contact, it ends the segment and starts one for the new foot.
    private mutating func applyMarker(_ foot: Foot?, tS t: Double, inContact: Bool, _ emit: (AnalysisEvent) -> Void) {
        guard let foot, foot != markerInEffect else { return }
        markerInEffect = foot
        guard inContact, segmentOpen, t - current.startS >= settings.markerGraceS else { return }
        restartSegment(at: t, emit)   // it ends at its last contact sample, before this one
    }

    /// One in-contact (or pending) step of the open segment; nil when none is open.
    @inline(__always)   // one call per step of `process` cost ~15–20 instructions of prologue, spills and epilogue
    private mutating func accumulate(tS t: Double, stepS: Double, motion: PlanarMotion,
                                     state: ContactTracker.State) -> SegmentAccumulator.Step? {
        let dt = previousWasContact ? stepS : 0   // the first contact sample adds no time
        guard segmentOpen else { return nil }
        return current.step(tS: t, dtS: dt, motion: motion, distanceM: 0.5 * (previousSpeedMS + motion.speedMS) * dt,
                             smoothedSpeedMS: speedMS, state: state, markerInEffect: markerInEffect, settings: settings)
    }

    /// What the step brought, as events and alerts, in this order: stroke, short strokes, hold, time per foot.
    /// Out of line: most steps bring nothing (`Step.hasNews`).
    @inline(never)
    private mutating func announce(_ step: SegmentAccumulator.Step, tS t: Double, _ emit: (AnalysisEvent) -> Void) {
        if let done = step.stroke {
            emit(.stroke(tS: t, lengthM: done.lengthM, isFullLength: done.isFullLength))
            remindShortStrokes(shortStreak: step.shortStreak, tS: t, emit)
        }
        if step.tenderHoldStarted {
            raise(Alert(tS: t, .tenderHoldStarted(stillS: settings.tenderHoldS, holdS: settings.holdCompleteS)), emit)
        }
        if step.holdComplete { raise(Alert(tS: t, .holdComplete(holdS: settings.holdCompleteS)), emit) }
        if step.footTimeMet {
            raise(Alert(tS: t, .footTimeMet(minS: settings.footTimeMinS, maxS: settings.footTimeMaxS)), emit)
        }
        if step.switchFoot { raise(Alert(tS: t, .switchFoot(maxS: settings.footTimeMaxS)), emit) }
    }

    private mutating func remindShortStrokes(shortStreak streak: Int, tS t: Double, _ emit: (AnalysisEvent) -> Void) {
        let run = settings.shortStrokeRun
        // When a streak reaches `run` strokes, then again every 4 runs while it lasts; never more often than every
        // `shortStrokeReminderS`, so the coaching stays a reminder and not a nag.
        if run > 0, streak > 0, streak % (4 * run) == run, t - lastShortStrokeAlertS >= Self.shortStrokeReminderS {
            lastShortStrokeAlertS = t
            raise(Alert(tS: t, .shortStrokes(strokes: run, fullLengthCM: settings.fullLengthFraction * settings.fasciaCM)), emit)
        }
    }

    /// Out of contact: the open segment ends once contact has been lost for `segmentGapS`.
    private mutating func closeSegmentAfterGap(tS t: Double, _ emit: (AnalysisEvent) -> Void) {
        if segmentOpen, t - current.lastContactS >= settings.segmentGapS { closeSegment(emit) }
    }

    // MARK: Segments

    /// Ends the open segment (if any) and starts the next at `t`. Out of line: it runs on boundaries only.
    @inline(never)
    private mutating func restartSegment(at t: Double, _ emit: (AnalysisEvent) -> Void) {
        closeSegment(emit)
        openSegment(at: t, emit)
    }

    private mutating func openSegment(at t: Double, _ emit: (AnalysisEvent) -> Void) {
        current = SegmentAccumulator(startS: t, markerInEffect: markerInEffect, settings: settings)
        segmentOpen = true
        previousWasContact = false   // the new segment's first sample adds no time
        emit(.segmentStarted(tS: t))
    }

    private mutating func closeSegment(_ emit: (AnalysisEvent) -> Void) {
        guard segmentOpen else { return }
        segmentOpen = false
        var seg = current
        if let done = seg.finishStrokes() {
            emit(.stroke(tS: seg.lastContactS, lengthM: done.lengthM, isFullLength: done.isFullLength))
        }
        finishedTimeAlongFootS = seg.timeAlongFootS
        let foot = foot(of: seg, marker: seg.markerAtLastContact)
        let summary = seg.summary(foot: foot, hasForce: hasForceSensor, settings: settings)
        segments.append(summary)
        previousFoot = foot
        emit(.segmentEnded(summary))
    }

    /// The label fixed `markerGraceS` after the start, else `marker` (at its end when it closes, the one in effect
    /// while it is open), else alternating feet.
    private func foot(of seg: SegmentAccumulator, marker: Foot?) -> Foot {
        (seg.labelFixed ? seg.markerFoot : marker) ?? previousFoot?.opposite ?? settings.firstFoot
    }

    @inline(never)   // alerts are rare; inlined, every caller's per-sample path carried the array append
    private mutating func raise(_ alert: Alert, _ emit: (AnalysisEvent) -> Void) {
        alerts.append(alert)
        emit(.alert(alert))
    }

    // MARK: - Results

    /// Ends the session: closes the segment in progress and returns the summary. Further samples start nothing new.
    public mutating func finish(emit: (AnalysisEvent) -> Void = { _ in }) -> SessionSummary {
        if segmentOpen { current.dropPending() }
        closeSegment(emit)
        return summary
    }

    /// The summary of what has been finished so far (the segment in progress is not included until `finish`).
    public var summary: SessionSummary {
        var warnings: [SessionWarning] = []
        if !hasForceSensor {
            warnings.append(.noForceSensor(rollingSpeedMS: settings.rollingSpeedMS, gapBridgeS: settings.rollingGapBridgeS))
        }
        if saturation.saturatedSamples > 0 {
            warnings.append(.gyroSaturated(samples: saturation.saturatedSamples, railRadS: saturation.railRadS))
        }
        if orientation.bridgedReadings > 0 {
            warnings.append(.imuReadingsMissing(readings: orientation.bridgedReadings, gaps: orientation.bridgedGaps,
                                                bridgedUpToS: settings.orientation.gapResetSeconds))
        }
        let outages = (imuGaps.outages + forceData.allOutages).sorted { $0.fromS < $1.fromS }
        warnings += outages.map { .outage($0) }
        return SessionSummary(durationS: firstT.map { lastT - $0 } ?? 0, samples: sampleCount,
                              segments: segments, alerts: alerts, warnings: warnings, outages: outages)
    }

    public var snapshot: AnalysisSnapshot {
        let seg = segmentOpen ? current : nil
        return AnalysisSnapshot(
            tS: lastT,
            foot: seg.map { foot(of: $0, marker: markerInEffect) },
            inContact: contact.state != .none,
            segmentActiveS: seg?.activeS ?? 0, segmentDistanceM: seg?.distanceM ?? 0,
            strokes: seg?.strokes.strokes ?? 0, fullLengthStrokes: seg?.strokes.fullLengthStrokes ?? 0,
            lastStrokeM: seg?.strokes.lastStrokeM, positionAlongFoot: seg?.strokes.positionAlongFoot,
            timeAlongFootS: seg?.timeAlongFootS ?? finishedTimeAlongFootS,
            forceN: hasForceSensor ? heldForceN : nil, forceDataLost: hasForceSensor && forceData.isInOutage,
            speedMS: speedMS, stillUnderLoadS: seg?.stillUnderLoadS ?? 0,
            isResting: orientation.isResting, orientation: orientation.quaternion,
            finishedSegments: segments.count, lastFinishedFoot: previousFoot)
    }
}
