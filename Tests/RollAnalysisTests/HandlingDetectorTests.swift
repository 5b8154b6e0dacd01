import Foundation
import RollAnalysis
import RollCore
import Testing

/// The no-force contact rule's motion test: rolling on a plane versus the ball in the hand, on synthetic motions whose
/// physics is written out here (specific force = acceleration − gravity, z up).
@Suite("Handling detector")
struct HandlingDetectorTests {
    static let dt = 0.005
    static let g = Vector3(0, 0, standardGravityMS2)

    /// Feeds `seconds` of a motion given as (world rate, world acceleration of the centre) per instant.
    static func feed(_ d: inout HandlingDetector, from t0: Double, seconds: Double,
                     _ motion: (Double) -> (w: Vector3, a: Vector3)) -> (inHandAtEnd: Bool, everInHand: Bool, endS: Double) {
        var t = t0, ever = false, last = false
        while t < t0 + seconds {
            let m = motion(t - t0)
            last = d.update(tS: t, dtS: dt, worldGyroRadS: m.w, accelMS2: m.a + g)
            ever = ever || last
            t += dt
        }
        return (last, ever, t)
    }

    @Test func brisksStrokesWithAFootPivotStayOnTheFloor() {
        var d = HandlingDetector()
        // 12 cm strokes back and forth at 1 Hz (peak 0.38 m/s, 2.4 m/s²) on a 31.5 mm ball, pivoting at 0.6 rad/s.
        let r = Self.feed(&d, from: 0, seconds: 30) { t in
            let v = 0.06 * 2 * Double.pi * cos(2 * Double.pi * t), a = -0.06 * 4 * Double.pi * Double.pi * sin(2 * Double.pi * t)
            return (Vector3(0, v / 0.0315, 0.6 * sin(0.7 * t)), Vector3(a, 0, 0))
        }
        #expect(!r.everInHand)
    }

    @Test func aPickUpMarksTheHandAndAStillHandHoldsIt() {
        var d = HandlingDetector()
        _ = Self.feed(&d, from: 0, seconds: 1) { _ in (.zero, .zero) }
        // Lifted 20 cm in 0.4 s (minimum jerk: peak acceleration 5.77 × 0.2 / 0.16 = 7.2 m/s²), then held still.
        let lift = Self.feed(&d, from: 1, seconds: 0.4) { t in
            let u = t / 0.4
            return (.zero, Vector3(0, 0, 0.2 / 0.16 * 60 * u * (1 - u) * (1 - 2 * u)))
        }
        #expect(lift.everInHand)
        let held = Self.feed(&d, from: lift.endS, seconds: 2) { _ in (.zero, .zero) }
        #expect(held.inHandAtEnd, "a ball held still after a pick-up is still in the hand")
        // Turned about a horizontal axis in the hand: not rolling.
        let turned = Self.feed(&d, from: held.endS, seconds: 0.8) { _ in (Vector3(5, 0, 0), .zero) }
        #expect(turned.inHandAtEnd)
    }

    @Test func aPutDownThenRestReleasesWithinHalfASecond() {
        var d = HandlingDetector()
        let spun = Self.feed(&d, from: 0, seconds: 0.5) { _ in (Vector3(1, 2, 8), .zero) }
        #expect(spun.inHandAtEnd)
        // Lowered 20 cm in 0.4 s: the braking at the end pushes the specific force above g.
        let down = Self.feed(&d, from: spun.endS, seconds: 0.4) { t in
            let u = t / 0.4
            return (.zero, Vector3(0, 0, -0.2 / 0.16 * 60 * u * (1 - u) * (1 - 2 * u)))
        }
        #expect(down.everInHand)
        let rest = Self.feed(&d, from: down.endS, seconds: 0.6) { _ in (.zero, .zero) }
        #expect(!rest.inHandAtEnd)
    }

    /// An uncalibrated accelerometer reads gravity a few percent off (MPU-6050: ±3 % sensitivity, ±80 mg offset):
    /// a still ball is still all the same.
    @Test(arguments: [0.96, 1.04])
    func aPutDownIsSeenOnAnAccelerometerReadingGravityOff(_ scale: Double) {
        var d = HandlingDetector()
        let read = { (a: Vector3) in (a + Self.g) * scale - Self.g }   // `feed` adds g: the part reads (a + g) × scale
        let spun = Self.feed(&d, from: 0, seconds: 0.5) { _ in (Vector3(1, 2, 8), read(.zero)) }
        #expect(spun.inHandAtEnd)
        let down = Self.feed(&d, from: spun.endS, seconds: 0.4) { t in
            let u = t / 0.4
            return (.zero, read(Vector3(0, 0, -0.2 / 0.16 * 60 * u * (1 - u) * (1 - 2 * u))))
        }
        #expect(down.everInHand)
        let rest = Self.feed(&d, from: down.endS, seconds: 0.8) { _ in (.zero, read(.zero)) }
        #expect(!rest.inHandAtEnd, "gravity read as \(scale) g: the ball put down and still is on the floor")
    }

    @Test func aTossIsFreeFall() {
        var d = HandlingDetector()
        let r = Self.feed(&d, from: 0, seconds: 0.2) { _ in (Vector3(0, 0.5, 0), Vector3(0, 0, -standardGravityMS2)) }
        #expect(r.everInHand)
        #expect(d.lastEvidence == .freeFall || d.lastEvidence == .lift)
    }
}
