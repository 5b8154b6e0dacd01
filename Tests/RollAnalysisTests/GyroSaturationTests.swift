import Foundation
import RollAnalysis
import RollCore
import Testing

/// Saturation believes only evidence: each chip's real largest reading, and from the data alone only a repeat
/// exactly at a real part's rail while the other axes still move.
@Suite("Gyro saturation")
struct GyroSaturationTests {
    static let degree = Double.pi / 180

    /// The rails are 32767 codes over the datasheet sensitivity, not the nominal full scale.
    @Test func railsAreTheChipsLargestReadings() {
        #expect(abs(GyroRail(lsbPerDPS: 16.4).railDPS - 1997.9878) < 1e-3)          // MPU-6050 ±2000 °/s (§6.1)
        #expect(abs(GyroRail(lsbPerDPS: 1000 / 70.0).railDPS - 2293.69) < 1e-2)     // LSM6DS3 ±2000 dps (Table 3)
        #expect(GyroFamily.named("MPU-6050 on i2c-1") == .invensense)
        #expect(GyroFamily.named("LSM6DS3 ±2000dps ±16g") == .st)
        #expect(GyroFamily.invensense.lsbPerDPS(fullScaleDPS: 2000) == 16.4)
        #expect(GyroFamily.st.lsbPerDPS(fullScaleDPS: 250) == 1000 / 8.75)          // ST's 245 is the same setting
        let at2000 = GyroFamily.candidateRails(fullScaleDPS: 2000).map(\.railDPS)
        #expect(at2000.count == 3)                                                    // 1997.99, 1999.94, 2293.69
    }

    /// With the sensitivity known, the MPU-6050's real rail (1997.99 °/s, under 0.999 × 2000) is clipped and rebuilt.
    @Test func knownSensitivityRebuildsAtTheRealRail() {
        var detector = GyroSaturationDetector(fullScaleDPS: 2000, lsbPerDPS: 16.4)
        var declipper = GyroDeclipper()
        let lsb = Self.degree / 16.4
        let rail = 32767 * lsb
        // Rolling about a fixed body axis, fast enough that x clips.
        let axis = Vector3(0.8, 0.6, 0).normalized
        for k in 0..<50 {
            let g = axis * (10 + Double(k) * 0.2)
            #expect(detector.check(g) == nil)
            _ = declipper.process(g, tSeconds: Double(k) * 0.001, clippedAt: nil)   // 1 kHz
        }
        let truth = axis * 50            // x would read 40 rad/s: beyond the 34.87 rad/s rail
        let measured = Vector3(rail, (truth.y / lsb).rounded() * lsb, 0)
        let hit = detector.check(measured)
        #expect(hit != nil)
        let rebuilt = declipper.process(measured, tSeconds: 0.05, clippedAt: hit)
        #expect(abs(rebuilt.x - truth.x) < 0.01 * truth.x, "rebuilt \(rebuilt.x) for \(truth.x)")
        #expect(detector.saturatedSamples == 1)
        // The negative end is one code further out and is clipped too.
        #expect(detector.check(Vector3(-32768 * lsb, 1, 0)) != nil)
    }

    /// An axis that turned in the body before the clip (a sensor swung by hand, not a rolled ball) is no evidence for
    /// the rebuild: the rail value stays, which is nearer the truth than a stale axis (BROAD 07–09). The same motion
    /// about a fixed axis is rebuilt.
    @Test func aTurningAxisKeepsTheRailValue() {
        let lsb = Self.degree / 16.4
        let rail = 32767 * lsb
        for turnDegPerS in [0.0, 10.0, 200.0] {
            var detector = GyroSaturationDetector(fullScaleDPS: 2000, lsbPerDPS: 16.4)
            var declipper = GyroDeclipper()
            var axis = Vector3(1, 0, 0)
            for k in 0..<50 {
                let angle = Double(k) * 0.001 * turnDegPerS * Self.degree
                axis = Vector3(cos(angle) * 0.8, sin(angle) * 0.8, 0.6)
                _ = declipper.process(axis * 40, tSeconds: Double(k) * 0.001, clippedAt: nil)
            }
            let truth = axis * 50
            let measured = Vector3(rail, truth.y, truth.z)
            let hit = detector.check(measured)
            #expect(hit != nil)
            let rebuilt = declipper.process(measured, tSeconds: 0.05, clippedAt: hit)
            if turnDegPerS <= 10 {
                #expect(abs(rebuilt.x - truth.x) < 0.02 * truth.x, "\(turnDegPerS) °/s: rebuilt \(rebuilt.x) for \(truth.x)")
            } else {
                #expect(rebuilt == measured, "\(turnDegPerS) °/s: \(rebuilt) should stay \(measured)")
            }
        }
    }

    /// Repeated fast readings that are not at any part's rail (BROAD repeats values above 4 rad/s) are not a rail.
    @Test func repeatsOffARailAreNotSaturation() {
        var detector = GyroSaturationDetector(fullScaleDPS: nil, lsbPerDPS: nil)
        for k in 0..<10 { #expect(detector.check(Vector3(4.3762403, Double(k) * 0.01, 0.2)) == nil) }
        #expect(detector.saturatedSamples == 0)
    }

    /// A run at an MPU-6050 rail (±250 °/s: 32767/131 °/s) with the other axes moving is believed, from its third
    /// sample on; the rail then holds for the rest of the recording.
    @Test func aRunAtARealRailIsBelieved() {
        var detector = GyroSaturationDetector(fullScaleDPS: nil, lsbPerDPS: nil)
        let rail = 32767 * Self.degree / 131
        #expect(detector.check(Vector3(rail, 1.0, 0.5)) == nil)
        #expect(detector.check(Vector3(rail, 1.1, 0.5)) == nil)
        #expect(detector.check(Vector3(rail, 1.2, 0.5)) != nil)
        #expect(detector.saturatedSamples == 3)
        #expect(detector.check(Vector3(2.0, 1.2, -rail - 0.0001)) != nil)   // later: at once, either sign
    }

    /// A frozen sensor (every axis repeating) is a stuck read, not a rail; and a reading beyond a candidate rail
    /// proves the range is wider, so that candidate can no longer be believed.
    @Test func frozenReadingsAndExceededRailsAreNotSaturation() {
        var frozen = GyroSaturationDetector(fullScaleDPS: nil, lsbPerDPS: nil)
        let rail = 32767 * Self.degree / 131
        for _ in 0..<5 { #expect(frozen.check(Vector3(rail, 1.0, 0.5)) == nil) }
        var wider = GyroSaturationDetector(fullScaleDPS: nil, lsbPerDPS: nil)
        _ = wider.check(Vector3(0, 0, 30))                                   // 1719 °/s seen: not a ±250 °/s part
        for k in 0..<5 { #expect(wider.check(Vector3(rail, 1.0 + Double(k), 0.5)) == nil) }
    }
}
