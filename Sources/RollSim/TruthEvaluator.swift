import Foundation
import RollAnalysis
import RollCore

/// The definitions of interface v1 §2, applied to the simulator's true (noise-free) physics: contact and holds from
/// the force the foot applies and the tool's true motion, row by row; severe episodes and bursts from the applied
/// force on a fine grid (`AppliedForceEvents`). Nothing here looks at a sensor's reading, so the truth does not share
/// the sensor's errors. Written independently of RollAnalysis on purpose: it is the yardstick the analysis is checked
/// against. Memory is bounded: per segment only its stroke lengths, plus a 0.25 s force window and, without a force
/// sensor, at most 5 s of rows whose contact is still undecided.
struct TruthEvaluator {
    /// Defaults of interface v1 §2.
    struct Definitions {
        var contactN = 10.0
        var rollingMS = 0.01
        var bridgeS = 5.0
        var segmentGapS = 3.0
        var relabelWindowS = 5.0
        var strokeMinM = 0.02
        var fullLengthFraction = 0.8
        var severeN = 250.0
        var severeMergeS = 1.0
        var burstRiseN = 60.0
        var burstWindowS = 0.25
        var burstFallWithinS = 1.5
        var tenderHoldS = 20.0
        var holdCompleteS = 60.0
        var footTimeMetS = 120.0
        var switchFootS = 180.0
        var firstFoot: Foot = .right
    }

    /// What the simulator knows about one emitted row.
    struct Row {
        var t: Double
        /// The force the foot applies at this row's instant (noise-free physics, not the sensor's reading).
        var appliedForceN: Double
        var marker: Foot?
        var alongFootM: Double
        /// Horizontal speed of the tool's centre while it is on the floor (0 when lifted).
        var floorSpeedMS: Double
        /// Path length the centre rolled along the floor since the previous emitted row.
        var pathSincePreviousM: Double
        /// Rolled length since the previous row from the true rate and from the rate as the gyro's sensitivity
        /// alone senses it (`Simulator.rolledLength`).
        var rolledSincePreviousM = (trueM: 0.0, sensedM: 0.0)
    }

    private struct Segment {
        var startS: Double
        var endS: Double
        var activeS = 0.0
        var distanceM = 0.0
        var rolledM = (trueM: 0.0, sensedM: 0.0)
        var foot: Foot?
        var footDecided = false
        /// The marker in effect at the last in-contact row: the foot "at its end" (v1 §2) and the reference for a
        /// quick switch (v2 §2a).
        var markerAtEnd: Foot?
        var strokeLengths: [Double] = []
        // Stroke tracking (zigzag with a 2 cm reversal threshold on the along-foot position).
        var runStartM: Double
        var extremeM: Double
        var direction = 0
        var peakForceN: Double?
        var bursts = 0
        var severe = 0
        var holds = 0
        var stillSinceS: Double?
        var holdCounted = false
        var holdCompleteSent = false
        var footTimeMetSent = false
        var switchFootSent = false
        var lastT: Double
        var lastInContact = true

        init(row: Row) {
            startS = row.t; endS = row.t; lastT = row.t
            runStartM = row.alongFootM; extremeM = row.alongFootM
        }
    }

    let defs: Definitions
    let hasForce: Bool
    let fasciaM: Double

    private var segments: [SegmentSummary] = []
    private var alerts: [Alert] = []
    private(set) var warnings: [SessionWarning] = []
    /// Per segment: how the gyro's sensitivity alone scales its rolled length (after the other warnings).
    private var sensitivity: [SessionWarning] = []
    private var open: Segment?
    private var previousFoot: Foot?
    private var markerInEffect: Foot?
    private var firstT: Double?
    private var lastT: Double?
    private var rows = 0
    // Without force: rows since the last rolling row, undecided (bridged if rolling resumes within 5 s).
    private var pending: [Row] = []
    private var lastRollingT: Double?
    private var forceEvents: AppliedForceEvents

    init(defs: Definitions = Definitions(), hasForce: Bool, fasciaM: Double) {
        self.defs = defs
        self.hasForce = hasForce
        self.fasciaM = fasciaM
        forceEvents = AppliedForceEvents(severeN: defs.severeN, severeMergeS: defs.severeMergeS,
                                         burstRiseN: defs.burstRiseN, burstWindowS: defs.burstWindowS,
                                         burstFallWithinS: defs.burstFallWithinS)
    }

    mutating func add(_ row: Row) {
        rows += 1
        if firstT == nil { firstT = row.t }
        lastT = row.t
        if hasForce {
            consume(row, inContact: row.appliedForceN >= defs.contactN)
            return
        }
        // No force column: contact = rolling, with non-rolling gaps shorter than 5 s bridged.
        if row.floorSpeedMS >= defs.rollingMS {
            let bridged = lastRollingT.map { row.t - $0 < defs.bridgeS } ?? false
            flushPending(inContact: bridged)
            consume(row, inContact: true)
            lastRollingT = row.t
        } else if let last = lastRollingT, row.t - last < defs.bridgeS {
            pending.append(row)
        } else {
            flushPending(inContact: false)
            consume(row, inContact: false)
        }
    }

    private mutating func flushPending(inContact: Bool) {
        for r in pending { consume(r, inContact: inContact) }
        pending.removeAll(keepingCapacity: true)
    }

    // MARK: - Segments

    private mutating func consume(_ row: Row, inContact: Bool) {
        // The label: the marker in effect 5 s after the start, read on an in-contact row (a segment whose contact
        // ends sooner is named by the marker at its end).
        if inContact, var seg = open, !seg.footDecided, row.t > seg.startS + defs.relabelWindowS {
            seg.foot = markerInEffect; seg.footDecided = true; open = seg
        }
        let markerBefore = markerInEffect
        let markerChanged = row.marker != nil && row.marker != markerInEffect
        if let m = row.marker { markerInEffect = m }

        if inContact {
            if let seg = open, row.t - seg.endS >= defs.segmentGapS { close() }
            // v2 §2a: the marker changed while contact was lost (< 3 s): a new segment from this row on.
            if let seg = open, !seg.lastInContact, markerBefore != seg.markerAtEnd { close() }
            if markerChanged, let seg = open, row.t - seg.startS >= defs.relabelWindowS { close() }
            if open == nil {
                open = Segment(row: row)
                open!.peakForceN = row.appliedForceN
                if row.floorSpeedMS < defs.rollingMS { open!.stillSinceS = row.t }
            } else {
                extend(row)
            }
            open!.lastInContact = true
            open!.markerAtEnd = markerInEffect
        } else {
            if let seg = open {
                if row.t - seg.endS >= defs.segmentGapS { close() } else { open!.lastInContact = false; open!.lastT = row.t }
            }
        }
    }

    private mutating func extend(_ row: Row) {
        guard var seg = open else { return }
        if seg.lastInContact {
            let dt = row.t - seg.lastT
            seg.activeS += dt
            seg.distanceM += row.pathSincePreviousM
            seg.rolledM.trueM += row.rolledSincePreviousM.trueM
            seg.rolledM.sensedM += row.rolledSincePreviousM.sensedM
        }
        seg.endS = row.t
        seg.lastT = row.t
        // Strokes: a reversal is confirmed once the position has come back 2 cm from the extreme.
        let s = row.alongFootM
        if seg.direction == 0 {
            if abs(s - seg.runStartM) >= defs.strokeMinM { seg.direction = s > seg.runStartM ? 1 : -1; seg.extremeM = s }
        } else if seg.direction > 0 {
            if s > seg.extremeM { seg.extremeM = s }
            else if seg.extremeM - s >= defs.strokeMinM {
                seg.strokeLengths.append(seg.extremeM - seg.runStartM)
                seg.runStartM = seg.extremeM; seg.extremeM = s; seg.direction = -1
            }
        } else {
            if s < seg.extremeM { seg.extremeM = s }
            else if s - seg.extremeM >= defs.strokeMinM {
                seg.strokeLengths.append(seg.runStartM - seg.extremeM)
                seg.runStartM = seg.extremeM; seg.extremeM = s; seg.direction = 1
            }
        }
        // Tender holds: in contact without rolling for 20 s.
        if row.floorSpeedMS < defs.rollingMS {
            if seg.stillSinceS == nil { seg.stillSinceS = row.t; seg.holdCounted = false; seg.holdCompleteSent = false }
            let still = row.t - seg.stillSinceS!
            if still >= defs.tenderHoldS && !seg.holdCounted {
                seg.holdCounted = true; seg.holds += 1
                alerts.append(Alert(tS: row.t, .tenderHoldStarted(stillS: defs.tenderHoldS, holdS: defs.holdCompleteS)))
            }
            if still >= defs.holdCompleteS && !seg.holdCompleteSent {
                seg.holdCompleteSent = true
                alerts.append(Alert(tS: row.t, .holdComplete(holdS: defs.holdCompleteS)))
            }
        } else {
            seg.stillSinceS = nil
        }
        if !seg.footTimeMetSent && seg.activeS >= defs.footTimeMetS {
            seg.footTimeMetSent = true
            alerts.append(Alert(tS: row.t, .footTimeMet(minS: defs.footTimeMetS, maxS: defs.switchFootS)))
        }
        if !seg.switchFootSent && seg.activeS >= defs.switchFootS {
            seg.switchFootSent = true
            alerts.append(Alert(tS: row.t, .switchFoot(maxS: defs.switchFootS)))
        }
        seg.peakForceN = max(seg.peakForceN ?? row.appliedForceN, row.appliedForceN)
        open = seg
    }

    private mutating func close() {
        guard var seg = open else { return }
        open = nil
        // The run in progress at the end counts if it reached 2 cm.
        if seg.direction != 0 { seg.strokeLengths.append(abs(seg.extremeM - seg.runStartM)) }
        let foot: Foot
        if let f = seg.footDecided ? seg.foot : seg.markerAtEnd { foot = f }
        else { foot = previousFoot?.opposite ?? defs.firstFoot }
        previousFoot = foot
        let sorted = seg.strokeLengths.sorted()
        let median: Double
        if sorted.isEmpty { median = 0 }
        else if sorted.count % 2 == 1 { median = sorted[sorted.count / 2] }
        else { median = (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2 }
        let verdict: TimeVerdict = seg.activeS < 120 ? .under : (seg.activeS > 180 ? .over : .ok)
        if seg.rolledM.trueM > 0 {
            sensitivity.append(.simulatedGyroSensitivity(segment: segments.count + 1,
                                                         lengthFactor: seg.rolledM.sensedM / seg.rolledM.trueM))
        }
        segments.append(SegmentSummary(
            foot: foot.rawValue, startS: seg.startS, endS: seg.endS, activeS: seg.activeS, distanceM: seg.distanceM,
            strokes: sorted.count, fullLengthStrokes: sorted.filter { $0 >= defs.fullLengthFraction * fasciaM }.count,
            medianStrokeM: median, peakForceN: hasForce ? (seg.peakForceN ?? 0) : nil, bursts: seg.bursts,
            severeEvents: seg.severe, tenderHolds: seg.holds, verdict: verdict))
    }

    // MARK: - Force events of the applied force

    /// One point of the fine grid of applied force (trace time): severe episodes, bursts and the peak, attributed to
    /// the segment open at that instant.
    mutating func appliedForce(t: Double, forceN f: Double) {
        if open != nil { open!.peakForceN = max(open!.peakForceN ?? f, f) }
        for event in forceEvents.add(tS: t, forceN: f) {
            switch event {
            case .severe(let tS, let fN):
                if open != nil { open!.severe += 1 } else if !segments.isEmpty { segments[segments.count - 1].severeEvents += 1 }
                alerts.append(Alert(tS: tS, .severePressure(forceN: fN, limitN: defs.severeN)))
            case .burst(let onsetS, let riseN):
                if open != nil { open!.bursts += 1 } else if !segments.isEmpty { segments[segments.count - 1].bursts += 1 }
                alerts.append(Alert(tS: onsetS, .burst(riseN: riseN)))
            }
        }
    }

    // MARK: - Result

    mutating func finish() -> SessionSummary {
        flushPending(inContact: false)
        close()
        warnings += forceEvents.nearMisses
        if let w = forceEvents.closestNonBurstWarning { warnings.append(w) }
        warnings += sensitivity
        let duration = (lastT ?? 0) - (firstT ?? 0)
        return SessionSummary(durationS: duration, samples: rows, segments: segments,
                              alerts: alerts.sorted { $0.tS < $1.tS }, warnings: warnings)
    }
}
