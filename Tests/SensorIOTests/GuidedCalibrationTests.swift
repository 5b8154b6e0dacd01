import RollCore
import SensorIO
import Testing

/// The arithmetic of `rollmon calibrate` on readings of known value.
@Suite("Guided calibration")
struct GuidedCalibrationTests {
    @Test func gyroBiasIsTheMeanOfStillReadings() throws {
        let bias = Vector3(0.031, -0.012, 0.007)
        let readings = (0..<100).map { i in bias + Vector3(i % 2 == 0 ? 0.001 : -0.001, 0, 0) }
        let got = try GuidedCalibration.gyroBias(still: readings).get()
        #expect((got.biasRadS - bias).norm < 1e-12)
        #expect(abs(got.spreadRadS - 0.001) < 1e-12)
    }

    @Test func aMovedToolIsRefused() {
        let readings = [Vector3.zero, Vector3(0.2, 0, 0)]
        guard case .failure(.moved(let spread)) = GuidedCalibration.gyroBias(still: readings) else {
            Issue.record("a 0.2 rad/s swing was accepted as still"); return
        }
        #expect(abs(spread - 0.1) < 1e-12)
    }

    @Test func scaleAndLimitFromAKnownLoadAndAPress() throws {
        // 1000 counts at rest, 1000 + 49.0332 N / 0.01 N per count under 5 kg.
        let knownN = 5 * standardGravityMS2
        let scale = try GuidedCalibration.forceScale(unloaded: [999, 1001], loaded: [1000 + knownN / 0.01], knownN: knownN).get()
        #expect(scale.tareCounts == 1000)
        #expect(abs(scale.newtonsPerCount - 0.01) < 1e-12)
        // A press of 150…160 N: the 90th percentile is 159 N, the limit 159 × 1.2 rounded.
        let press = (0...10).map { 1000 + (150 + Double($0)) / 0.01 }
        let (firm, limit) = try GuidedCalibration.personalSevereLimit(press: press, calibration: scale).get()
        #expect(abs(firm - 159) < 1e-9)
        #expect(limit == (159 * 1.2).rounded())
    }

    @Test func aLoadThatDoesNotMoveTheReadingIsRefused() {
        #expect(throws: GuidedCalibration.Failure.loadDidNotChangeReading) {
            try GuidedCalibration.forceScale(unloaded: [1000], loaded: [1000.5], knownN: 49).get()
        }
    }
}
