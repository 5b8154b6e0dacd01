import Foundation
import RollAnalysis
import RollCore
import RollSummary
import Testing

/// The interface's event definitions, checked on hand-made signals where the right answer is known exactly.
@Suite("Event definitions")
struct EventDefinitionTests {
    /// A still sensor (z up) with a force signal sampled every `forceEvery` IMU rows.
    static func run(durationS: Double, rateHz: Double = 200, forceEvery: Int = 1, markers: [(Double, Foot)] = [],
                    settings: AnalysisSettings = .default, hasForce: Bool = true, gyro: (Double) -> Vector3 = { _ in .zero },
                    force: (Double) -> Double) -> (SessionSummary, [AnalysisEvent]) {
        var a = RollAnalyzer(settings: settings, hasForceSensor: hasForce)
        var events: [AnalysisEvent] = []
        var pending = markers.sorted { $0.0 < $1.0 }
        let n = Int(durationS * rateHz)
        for i in 0...n {
            let t = Double(i) / rateHz
            var foot: Foot? = nil
            if let m = pending.first, t >= m.0 { foot = m.1; pending.removeFirst() }
            let s = Sample(tSeconds: t, accelMS2: Vector3(0, 0, 9.81), gyroRadS: gyro(t),
                           forceN: hasForce && i % forceEvery == 0 ? force(t) : nil, foot: foot)
            a.process(s) { events.append($0) }
        }
        let summary = a.finish { events.append($0) }
        return (summary, events)
    }

    @Test func severeAlertOnFirstSampleAtOrAboveLimitAndMerging() {
        // Episodes at 10–11 s, 11.5–12 s (0.5 s gap: merges), 14–15 s (2 s gap: new). Force sampled at 80 Hz.
        func f(_ t: Double) -> Double {
            if (10.0..<11.0).contains(t) || (11.5..<12.0).contains(t) || (14.0..<15.0).contains(t) { return 260 }
            return 100
        }
        let (s, _) = Self.run(durationS: 20, rateHz: 400, forceEvery: 5, force: f)
        let severe = s.alerts.filter { $0.kind == .severePressure }
        #expect(severe.map(\.tS) == [10.0, 14.0])
        #expect(s.segments.count == 1)
        #expect(s.segments[0].severeEvents == 2)
        #expect(s.segments[0].peakForceN == 260)
        #expect(severe.first?.reason == .severePressure(forceN: 260, limitN: 250))
        #expect(severe.first.map { SummaryWords.message($0) } == "Ease off: 260 N is above your limit (250 N)")
    }

    @Test func severeExactlyAtLimitCounts() {
        let (s, _) = Self.run(durationS: 5, force: { $0 >= 2 && $0 < 3 ? 250 : 50 })
        #expect(s.alerts.filter { $0.kind == .severePressure }.map(\.tS) == [2.0])
    }

    @Test func burstNeedsRiseWithinWindowAndFallBack() {
        // 1) a sharp 90 N spike over 0.1 s falling back in 0.3 s: a burst.
        // 2) the same rise but held for 3 s: a sustained press, not a burst.
        // 3) a slow 90 N rise over 2 s and back: not sharp, not a burst.
        // 4) a 50 N spike: too small.
        func f(_ t: Double) -> Double {
            let base = 40.0
            switch t {
            case 5.0..<5.1: return base + 900 * (t - 5.0)
            case 5.1..<5.4: return base + 90 - 300 * (t - 5.1)
            case 10.0..<10.1: return base + 900 * (t - 10.0)
            case 10.1..<13.1: return base + 90
            case 20.0..<22.0: return base + 45 * (t - 20.0)
            case 22.0..<24.0: return base + 90 - 45 * (t - 22.0)
            case 30.0..<30.05: return base + 1000 * (t - 30.0)
            case 30.05..<30.3: return base + 50
            default: return base
            }
        }
        let (s, _) = Self.run(durationS: 35, rateHz: 500, force: f)
        let bursts = s.alerts.filter { $0.kind == .burst }
        #expect(bursts.count == 1)
        #expect(bursts.first.map { $0.tS > 5.0 && $0.tS <= 5.0 + 1.5 } == true)
        #expect(s.segments.map(\.bursts).reduce(0, +) == 1)
    }

    @Test func segmentsSplitOnThreeSecondGapsAndLabelsAlternate() {
        // Contact 1–30 s, a 2 s dip (same segment), 32–60 s; off 60–64 s (4 s: new segment); on 64–90 s.
        func f(_ t: Double) -> Double {
            if (1..<30).contains(t) || (32..<60).contains(t) || (64..<90).contains(t) { return 80 }
            return 2
        }
        let (s, _) = Self.run(durationS: 95, force: f)
        #expect(s.segments.count == 2)
        #expect(s.segments.map(\.foot) == ["right", "left"])
        #expect(abs(s.segments[0].startS - 1) < 0.01 && abs(s.segments[0].endS - 59.995) < 0.01)
        #expect(abs(s.segments[0].activeS - 57) < 0.05)
        #expect(abs(s.segments[1].startS - 64) < 0.01)
        #expect(s.segments.allSatisfy { $0.verdict == .under })
    }

    @Test func markerChangeSplitsButLatePressRelabels() {
        // Contact throughout 1–100 s. 'L' at 3 s (within 5 s of the start: relabels), 'R' at 50 s (splits).
        let (s, _) = Self.run(durationS: 100, markers: [(3, .left), (50, .right)], force: { $0 >= 1 ? 80 : 0 })
        #expect(s.segments.map(\.foot) == ["left", "right"])
        #expect(s.segments.count == 2)
        #expect(abs(s.segments[1].startS - 50) < 0.01)
        #expect(abs(s.segments[0].endS - 49.995) < 0.01)
    }

    @Test func firstFootFlagStartsTheAlternation() {
        var settings = AnalysisSettings.default
        settings.firstFoot = .left
        let (s, _) = Self.run(durationS: 20, settings: settings, force: { ($0 >= 1 && $0 < 5) || $0 >= 10 ? 50 : 0 })
        #expect(s.segments.map(\.foot) == ["left", "right"])
    }

    @Test func tenderHoldAndHoldComplete() {
        // Still under a slowly rising load for 70 s: one hold, `tender_hold_started` at 20 s, `hold_complete` at 60 s.
        let (s, _) = Self.run(durationS: 80, force: { $0 >= 5 && $0 < 75 ? 40 + ($0 - 5) : 0 })
        #expect(s.segments.count == 1)
        #expect(s.segments[0].tenderHolds == 1)
        let kinds = s.alerts.map(\.kind)
        #expect(kinds.contains(.tenderHoldStarted) && kinds.contains(.holdComplete))
        let done = s.alerts.first { $0.kind == .holdComplete }!
        #expect(abs(done.tS - 65) < 0.05)
    }

    @Test func footTimeAlertsAndVerdicts() {
        let (s, _) = Self.run(durationS: 200, rateHz: 100, force: { $0 >= 1 ? 60 : 0 })
        #expect(s.segments.count == 1)
        #expect(s.segments[0].verdict == .over)
        let met = s.alerts.first { $0.kind == .footTimeMet }
        let sw = s.alerts.first { $0.kind == .switchFoot }
        #expect(met.map { abs($0.tS - 121) < 0.05 } == true)
        #expect(sw.map { abs($0.tS - 181) < 0.05 } == true)
    }

    @Test func withoutForceContactComesFromRollingWithFiveSecondBridge() {
        // A roller (r = 75 mm) turning about its sensor x axis at 0.5 rad/s (3.75 cm/s), gravity turning with it:
        // rolling 10–40 s, still 40–44 s (bridged), rolling 44–60 s, still 60–70 s (contact lost at 60 s),
        // rolling 70–80 s (a new segment, as 10 s >= 3 s).
        let settings = AnalysisSettings(tool: .roller)
        var a = RollAnalyzer(settings: settings, hasForceSensor: false)
        let rateHz = 200.0
        var angle = 0.0
        for i in 0...Int(90 * rateHz) {
            let t = Double(i) / rateHz
            let on = (10..<40).contains(t) || (44..<60).contains(t) || (70..<80).contains(t)
            let w = on ? 0.5 : 0
            angle += w / rateHz
            let g = Vector3(0, 9.81 * sin(angle), 9.81 * cos(angle))
            a.process(Sample(tSeconds: t, accelMS2: g, gyroRadS: Vector3(w, 0, 0)))
        }
        let s = a.finish()
        #expect(s.segments.count == 2)
        #expect(s.segments[0].peakForceN == nil)
        #expect(abs(s.segments[0].startS - 10) < 0.1)
        #expect(abs(s.segments[0].endS - 60) < 0.3)
        #expect(abs(s.segments[0].activeS - 50) < 0.5)
        let rolled = 0.075 * 0.5 * 46
        #expect(abs(s.segments[0].distanceM - rolled) < rolled * 0.02)
        #expect(abs(s.segments[1].startS - 70) < 0.1)
        #expect(s.warnings.contains { if case .noForceSensor = $0 { true } else { false } })
    }
}
