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
    private var severe: SevereEpisodeTracker
    private var burst: BurstDetector
    private var forceData = ForceDataMonitor()
    private var imuGaps: IMUGapMonitor

    private var firstT: Double?
    private var lastT = 0.0
    public private(set) var sampleCount = 0
    private var heldForceN: Double?
    private var markerInEffect: Foot?
    private var current: SegmentAccumulator?
    private var previousFoot: Foot?
    private var previousWasContact = false
    private var previousSpeedMS = 0.0
    /// Low-passed planar velocity: "rolling" means net motion, so a foot's tremor on a still ball does not count.
    private var smoothVX = 0.0, smoothVY = 0.0
    private var speedMS = 0.0
    private var stillUnderLoadS = 0.0
    private var timeAlongFootS = [Double](repeating: 0, count: AnalysisSnapshot.zonesAlongFoot)
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
        saturation = GyroSaturationDetector(fullScaleRadS: settings.gyroFullScaleRadS)
        ball = BallMotion(radiusM: settings.radiusM)
        roller = RollerMotion(radiusM: settings.radiusM)
        contact = ContactTracker(usesForce: hasForceSensor, contactForceN: settings.contactForceN,
                                 rollingSpeedMS: settings.rollingSpeedMS, bridgeS: settings.rollingGapBridgeS)
        severe = SevereEpisodeTracker(limitN: settings.severeForceN, mergeS: settings.severeMergeS)
        imuGaps = IMUGapMonitor(gapLimitS: settings.maxIntegrationGapS)
        burst = BurstDetector(riseN: settings.burstRiseN, windowS: settings.burstRiseWindowS,
                              fallWindowS: settings.burstFallWindowS, fallFraction: settings.burstFallFraction)
    }

    // MARK: - The per-sample path

    /// Processes one sample; `emit` receives what happened on it, in order.
    public mutating func process(_ s: Sample, emit: (AnalysisEvent) -> Void = { _ in }) {
        let t = s.tSeconds
        let dt: Double
        if firstT == nil { firstT = t; dt = 0 } else { dt = t - lastT }
        lastT = t
        sampleCount += 1
        let stepDt = dt <= settings.maxIntegrationGapS ? dt : 0

        // Orientation and motion.
        let clipped = saturation.check(s.gyroRadS)
        let rail = settings.gyroFullScaleRadS ?? (saturation.railRadS > 0 ? saturation.railRadS : nil)
        let gyro = declipper.process(s.gyroRadS, railRadS: rail)
        orientation.update(gyroRadS: gyro, accelMS2: s.accelMS2, dtSeconds: dt)
        if clipped {
            orientation.markGyroSaturated()
            if t - lastSaturationAlertS >= Self.saturationAlertIntervalS {
                lastSaturationAlertS = t
                raise(Alert(tS: t, kind: .gyroSaturation,
                            message: "Gyro at its limit (\(Self.fmt(saturation.railRadS, 1)) rad/s): rolling faster than the sensor's range"), emit)
            }
        }
        let w = gyro - orientation.gyroBiasRadS
        let motion = settings.tool == .ball
            ? ball.motion(gyroRadS: w, orientation: orientation.quaternion)
            : roller.motion(gyroRadS: w)
        let keep = stepDt > 0 ? max(0, 1 - stepDt / Self.rollingFilterS) : (dt == 0 ? 0 : 1)
        smoothVX = smoothVX * keep + motion.velocityX * (1 - keep)
        smoothVY = smoothVY * keep + motion.velocityY * (1 - keep)
        speedMS = (smoothVX * smoothVX + smoothVY * smoothVY).squareRoot()

        // Force: severe and burst logic runs on force samples only (held values are not new samples). A reading is
        // held only while readings keep coming; when they stop, force data have ended: contact falls back to the
        // kinematic rule and a severe episode ends.
        let afterIMUGap = imuGaps.update(tS: t)
        var contactForceN: Double?
        if hasForceSensor {
            let force = forceData.update(tS: t, forceN: s.forceN, afterIMUGap: afterIMUGap)
            heldForceN = force.forceN
            if let f = s.forceN { forceSample(t: t, forceN: f, emit) }
            switch force.change {
            case .ended:
                severe.forceDataEnded()
                raise(Alert(tS: t, kind: .forceLost,
                            message: "Force sensor silent: contact now from rolling; pressure not measured"), emit)
            case .resumed:
                raise(Alert(tS: t, kind: .forceBack, message: "Force sensor back: contact from force again"), emit)
            case .none:
                break
            }
            // Awaiting a reading within the limit (start-up, after an IMU gap): no force yet means no contact.
            contactForceN = forceData.isInOutage ? nil : (force.forceN ?? 0)
        }

        // Contact and segments.
        let resolution = contact.update(tS: t, forceN: contactForceN, speedMS: speedMS)
        switch resolution {
        case .commitPending:
            if var seg = current {
                seg.activeS += seg.pendingActiveS
                seg.distanceM += seg.pendingDistanceM
                seg.pendingActiveS = 0; seg.pendingDistanceM = 0
                seg.lastContactS = t   // the bridged spell was contact: no 3 s gap to split on
                current = seg
            }
        case .dropPending:
            current?.pendingActiveS = 0
            current?.pendingDistanceM = 0
        case .nothing:
            break
        }

        let state = contact.state
        let inContact = state != .none
        if state == .contact {
            if current == nil || t - current!.lastContactS >= settings.segmentGapS {
                closeSegment(emit)
                openSegment(at: t, emit)
                previousWasContact = false
            }
        }
        applyMarker(s.foot, t: t, inContact: state == .contact, emit)
        if current != nil, !current!.labelFixed, t > current!.startS + settings.markerGraceS {
            current!.markerFoot = markerInEffect
            current!.labelFixed = true
        }

        if inContact, current != nil {
            accumulate(t: t, dt: stepDt, motion: motion, pending: state == .pending, emit)
            if state == .contact { current!.lastContactS = t }
        } else {
            stillUnderLoadS = 0
            if let seg = current, t - seg.lastContactS >= settings.segmentGapS { closeSegment(emit) }
        }
        previousWasContact = inContact
        previousSpeedMS = motion.speedMS
    }

    private mutating func accumulate(t: Double, dt: Double, motion: PlanarMotion, pending: Bool,
                                     _ emit: (AnalysisEvent) -> Void) {
        let stepDt = previousWasContact ? dt : 0
        let stepDistance = 0.5 * (previousSpeedMS + motion.speedMS) * stepDt
        if pending {
            current!.pendingActiveS += stepDt
            current!.pendingDistanceM += stepDistance
        } else {
            current!.activeS += stepDt
            current!.distanceM += stepDistance
        }
        if let done = current!.strokes.step(vx: motion.velocityX, vy: motion.velocityY, dtS: stepDt) {
            strokeDone(done, t: t, emit)
        }
        if let along = current!.strokes.positionAlongFoot {
            let zone = min(AnalysisSnapshot.zonesAlongFoot - 1, Int(along * Double(AnalysisSnapshot.zonesAlongFoot)))
            timeAlongFootS[zone] += stepDt
        }
        // Tender spot: still under load.
        if !pending && speedMS < settings.rollingSpeedMS {
            let before = stillUnderLoadS
            stillUnderLoadS += stepDt
            if before < settings.tenderHoldS && stillUnderLoadS >= settings.tenderHoldS {
                current!.tenderHolds += 1
                raise(Alert(tS: t, kind: .tenderHoldStarted,
                            message: "Tender spot: stay here and increase pressure slowly, \(Int(settings.holdCompleteS)) s in all"), emit)
            }
            if before < settings.holdCompleteS && stillUnderLoadS >= settings.holdCompleteS {
                raise(Alert(tS: t, kind: .holdComplete,
                            message: "Hold complete (\(Int(settings.holdCompleteS)) s): ease off and keep rolling"), emit)
            }
        } else {
            stillUnderLoadS = 0
        }
        // Time per foot.
        let active = current!.activeS
        if !current!.footTimeMetAlerted && active >= settings.footTimeMinS {
            current!.footTimeMetAlerted = true
            raise(Alert(tS: t, kind: .footTimeMet,
                        message: "\(Self.clock(settings.footTimeMinS)) on this foot: guideline met, up to \(Self.clock(settings.footTimeMaxS)) is fine"), emit)
        }
        if !current!.switchFootAlerted && active >= settings.footTimeMaxS {
            current!.switchFootAlerted = true
            raise(Alert(tS: t, kind: .switchFoot,
                        message: "\(Self.clock(settings.footTimeMaxS)) on this foot: switch to the other foot"), emit)
        }
    }

    private mutating func strokeDone(_ done: StrokeTracker.Completed, t: Double, _ emit: (AnalysisEvent) -> Void) {
        emit(.stroke(tS: t, lengthM: done.lengthM, isFullLength: done.isFullLength))
        let streak = current!.strokes.shortStreak
        let run = settings.shortStrokeRun
        // When a streak reaches `run` strokes, then again every 4 runs while it lasts; never more often than every
        // `shortStrokeReminderS`, so the coaching stays a reminder and not a nag.
        if run > 0, streak > 0, streak % (4 * run) == run, t - lastShortStrokeAlertS >= Self.shortStrokeReminderS {
            lastShortStrokeAlertS = t
            raise(Alert(tS: t, kind: .shortStrokes,
                        message: "Roll the whole length, heel to the ball of the foot: last \(run) strokes were under \(Self.fmt(settings.fullLengthFraction * settings.fasciaCM, 0)) cm"), emit)
        }
    }

    private mutating func forceSample(t: Double, forceN f: Double, _ emit: (AnalysisEvent) -> Void) {
        if current != nil { current!.peakForceN = max(current!.peakForceN ?? f, f) }
        if severe.add(tS: t, forceN: f) {
            current?.severeEvents += 1
            if current == nil { segments.indices.last.map { segments[$0].severeEvents += 1 } }
            raise(Alert(tS: t, kind: .severePressure,
                        message: "Ease off: \(Int(f.rounded())) N is above your limit (\(Int(settings.severeForceN.rounded())) N)"), emit)
        }
        if let b = burst.add(tS: t, forceN: f) {
            if current != nil { current!.bursts += 1 } else if !segments.isEmpty { segments[segments.count - 1].bursts += 1 }
            raise(Alert(tS: t, kind: .burst,
                        message: "Sharp spike (+\(Int(b.riseN.rounded())) N): press gradually, no sudden loading"), emit)
        }
    }

    private mutating func applyMarker(_ foot: Foot?, t: Double, inContact: Bool, _ emit: (AnalysisEvent) -> Void) {
        guard let foot, foot != markerInEffect else { return }
        markerInEffect = foot
        guard inContact, let seg = current else { return }
        if t - seg.startS < settings.markerGraceS {
            return   // a late press relabels the segment: its label is read at start + grace
        }
        // A change of foot mid-contact: the old segment ends at its last contact sample, a new one starts here.
        closeSegment(emit)   // its lastContactS is still the previous contact sample
        openSegment(at: t, emit)
        previousWasContact = false
    }

    private mutating func openSegment(at t: Double, _ emit: (AnalysisEvent) -> Void) {
        current = SegmentAccumulator(startS: t, settings: settings)
        stillUnderLoadS = 0
        timeAlongFootS = [Double](repeating: 0, count: AnalysisSnapshot.zonesAlongFoot)
        emit(.segmentStarted(tS: t))
    }

    private mutating func closeSegment(_ emit: (AnalysisEvent) -> Void) {
        guard var seg = current else { return }
        if let done = seg.strokes.finish() {
            emit(.stroke(tS: seg.lastContactS, lengthM: done.lengthM, isFullLength: done.isFullLength))
        }
        let foot = (seg.labelFixed ? seg.markerFoot : markerInEffect) ?? previousFoot?.opposite ?? settings.firstFoot
        let summary = seg.summary(foot: foot, hasForce: hasForceSensor, settings: settings)
        segments.append(summary)
        previousFoot = foot
        current = nil
        emit(.segmentEnded(summary))
    }

    private mutating func raise(_ alert: Alert, _ emit: (AnalysisEvent) -> Void) {
        alerts.append(alert)
        emit(.alert(alert))
    }

    // MARK: - Results

    /// Ends the session: closes the segment in progress and returns the summary. Further samples start nothing new.
    public mutating func finish(emit: (AnalysisEvent) -> Void = { _ in }) -> SessionSummary {
        current?.pendingActiveS = 0
        current?.pendingDistanceM = 0
        closeSegment(emit)
        return summary
    }

    /// The summary of what has been finished so far (the segment in progress is not included until `finish`).
    public var summary: SessionSummary {
        var warnings: [String] = []
        if !hasForceSensor {
            warnings.append("no force sensor: contact is inferred from rolling (>= \(Self.fmt(settings.rollingSpeedMS * 100, 0)) cm/s, gaps under \(Self.fmt(settings.rollingGapBridgeS, 0)) s bridged); peak force, bursts, severe pressure and tender holds cannot be measured and read 0")
        }
        if saturation.saturatedSamples > 0 {
            warnings.append("gyro saturated on \(saturation.saturatedSamples) samples (at \(Self.fmt(saturation.railRadS, 2)) rad/s): rates there were rebuilt along the rotation axis; choose a wider gyro range for exact lengths")
        }
        let outages = (imuGaps.outages + forceData.allOutages).sorted { $0.fromS < $1.fromS }
        for o in outages { warnings.append(o.warning) }
        return SessionSummary(durationS: firstT.map { lastT - $0 } ?? 0, samples: sampleCount,
                              segments: segments, alerts: alerts, warnings: warnings, outages: outages)
    }

    public var snapshot: AnalysisSnapshot {
        let seg = current
        return AnalysisSnapshot(
            tS: lastT,
            foot: seg.map { s in (s.labelFixed ? s.markerFoot : markerInEffect) ?? previousFoot?.opposite ?? settings.firstFoot },
            inContact: contact.state != .none,
            segmentActiveS: seg?.activeS ?? 0, segmentDistanceM: seg?.distanceM ?? 0,
            strokes: seg?.strokes.strokes ?? 0, fullLengthStrokes: seg?.strokes.fullLengthStrokes ?? 0,
            lastStrokeM: seg?.strokes.lastStrokeM, positionAlongFoot: seg?.strokes.positionAlongFoot,
            timeAlongFootS: timeAlongFootS,
            forceN: hasForceSensor ? heldForceN : nil, forceDataLost: hasForceSensor && forceData.isInOutage, speedMS: speedMS, stillUnderLoadS: stillUnderLoadS,
            isResting: orientation.isResting, orientation: orientation.quaternion,
            finishedSegments: segments.count)
    }

    // MARK: - Formatting for alert texts (locale-free, deterministic)

    static func fmt(_ v: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (v * scale).rounded() / scale
        if decimals == 0 { return String(Int(r)) }
        var s = String(r)
        if let dot = s.firstIndex(of: ".") {
            let have = s.distance(from: dot, to: s.endIndex) - 1
            if have < decimals { s += String(repeating: "0", count: decimals - have) }
        }
        return s
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let sec = total % 60
        return "\(total / 60):\(sec < 10 ? "0" : "")\(sec)"
    }
}
