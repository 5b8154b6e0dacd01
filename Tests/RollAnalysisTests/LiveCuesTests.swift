import RollAnalysis
import RollCore
import Testing

/// What "switch foot" (the button, the `s` key) means at each moment of a session: the foot other than the one last
/// rolled. The live session marks that foot on the next row, so a wrong answer labels the next segment wrongly.
@Suite("Live cues: the foot a switch means")
struct LiveCuesTests {
    /// Feeds a still ball at 100 Hz with 120 N while `onFoot(t)` and 0 N otherwise; presses (marker rows) at the
    /// times given, each marking the foot the cues said at that moment, as the live session does.
    static func session(until endS: Double, first: Foot = .right, onFoot: (Double) -> Bool, pressAt: [Double],
                        askAt: [Double]) -> (answers: [Foot], feet: [String]) {
        var settings = AnalysisSettings.default
        settings.firstFoot = first
        var a = RollAnalyzer(settings: settings, hasForceSensor: true)
        var presses = pressAt.sorted()[...], asks = askAt.sorted()[...]
        var answers: [Foot] = []
        for i in 0...Int(endS * 100) {
            let t = Double(i) / 100
            var marker: Foot?
            if let p = presses.first, t >= p {
                marker = LiveCues(snapshot: a.snapshot, settings: settings).nextFoot
                presses.removeFirst()
            }
            a.process(Sample(tSeconds: t, accelMS2: Vector3(0, 0, 9.81), gyroRadS: .zero,
                             forceN: onFoot(t) ? 120 : 0, foot: marker)) { _ in }
            if let q = asks.first, t >= q {
                answers.append(LiveCues(snapshot: a.snapshot, settings: settings).nextFoot)
                asks.removeFirst()
            }
        }
        return (answers, a.finish().segments.map(\.foot))
    }

    @Test func theOtherFootThanTheLastRolledEvenAfterTheSegmentEnded() {
        // Right foot 0–20 s; off the ball until 32 s (the segment ends 3 s after contact is lost); the button is
        // pressed at 30 s, then the left foot rolls 32–50 s.
        let r = Self.session(until: 50, onFoot: { $0 < 20 || $0 >= 32 }, pressAt: [30], askAt: [10, 21, 29, 40])
        #expect(r.answers == [.left, .left, .left, .right])
        #expect(r.feet == ["right", "left"])
    }

    @Test func beforeAnySegmentTheFirstFoot() {
        let r = Self.session(until: 12, first: .left, onFoot: { $0 >= 5 }, pressAt: [], askAt: [1, 10])
        #expect(r.answers == [.left, .right])
        #expect(r.feet == ["left"])
    }

    @Test func pressesAlternateAcrossLongGaps() {
        // Three feet on the ball with 8 s gaps and a press in each gap: right, left, right.
        let onFoot: (Double) -> Bool = { ($0 < 20) || ($0 >= 28 && $0 < 48) || $0 >= 56 }
        let r = Self.session(until: 70, onFoot: onFoot, pressAt: [26, 54], askAt: [])
        #expect(r.feet == ["right", "left", "right"])
    }
}
