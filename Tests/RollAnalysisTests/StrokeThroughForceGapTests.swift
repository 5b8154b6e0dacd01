import Foundation
import RollAnalysis
import RollCore
import Testing

/// A stroke whose force reads below contact for a moment while the ball keeps rolling (a sealed ball's air cooled by a
/// quick release reads low; a foot lifted for an instant): the stroke is as long as the ball rolled, not cut where the
/// force dropped, unless the motion shows the ball in the hand during the gap.
@Suite("Strokes through a short force gap")
struct StrokeThroughForceGapTests {
    /// A roller (r = 75 mm) turning about its sensor x axis at ±1 rad/s (7.5 cm/s), gravity turning with it: forward
    /// 0–4 s, back 4–8 s, under 60 N except 1.5–2.5 s (0 N, still rolling). `liftInGap`: the specific force in the
    /// gap is 5 m/s² above gravity, as when the ball is picked up. Returns the announced strokes' lengths.
    static func strokes(liftInGap: Bool) -> [Double] {
        var a = RollAnalyzer(settings: AnalysisSettings(tool: .roller), hasForceSensor: true)
        var lengths: [Double] = []
        let rateHz = 200.0
        var angle = 0.0
        for i in 0...Int(8 * rateHz) {
            let t = Double(i) / rateHz
            let w = t < 4 ? 1.0 : -1.0
            angle += w / rateHz
            let inGap = (1.5..<2.5).contains(t)
            let g = (liftInGap && inGap ? 9.81 + 5 : 9.81)
            let sample = Sample(tSeconds: t, accelMS2: Vector3(0, g * sin(angle), g * cos(angle)),
                                gyroRadS: Vector3(w, 0, 0), forceN: inGap ? 0 : 60)
            a.process(sample) { if case .stroke(_, let lengthM, _) = $0 { lengths.append(lengthM) } }
        }
        _ = a.finish { if case .stroke(_, let lengthM, _) = $0 { lengths.append(lengthM) } }
        return lengths
    }

    @Test func theStrokeGoesOnThroughTheGap() {
        let lengths = Self.strokes(liftInGap: false)
        #expect(lengths.count == 2)
        // 4 s × 7.5 cm/s each way (the first contact sample adds no motion: one 5 ms step, 0.4 mm).
        for l in lengths { #expect(abs(l - 0.30) < 0.002, "\(lengths)") }
    }

    @Test func aBallHandledInTheGapDoesNotRollThere() {
        let lengths = Self.strokes(liftInGap: true)
        #expect(lengths.count == 2)
        // The forward stroke loses the gap's 7.5 cm (less the ~one sample before the lift is seen).
        #expect(lengths.first.map { abs($0 - 0.225) < 0.003 } == true, "\(lengths)")
    }
}
