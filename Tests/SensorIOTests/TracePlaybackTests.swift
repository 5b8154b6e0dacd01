import Foundation
import RollCore
import Testing
@testable import SensorIO
@testable import SensorModels

/// A `Sample` sequence played through the register models, the real drivers and the sample source comes back as the
/// same sequence, up to quantisation and the force sensor's slower rate: live and replay look alike to the analysis.
@Suite struct TracePlaybackTests {
    /// 4 s of a ball being rolled: gyro sweeping ±6 rad/s at 1.5 Hz, gravity on z with a wobble, force ramping
    /// 0 → 150 N and back; sampled at 200 Hz like a coarse trace (the models interpolate between rows).
    static let trace: [Sample] = (0..<800).map { i in
        let t = Double(i) / 200
        let w = 2 * Double.pi * 1.5
        return Sample(tSeconds: t,
                      accelMS2: Vector3(0.8 * sin(w * t), -0.5 * cos(w * t), 9.81 + 0.3 * sin(2 * w * t)),
                      gyroRadS: Vector3(6 * sin(w * t), 1.5 * cos(w * t), -0.4),
                      forceN: i % 4 == 0 ? 150 * sin(Double.pi * t / 4) : nil)
    }

    @Test func liveOutputMatchesTheTrace() throws {
        let rig = ModelRig()
        let start = rig.clock.nowSeconds() + 0.5
        let truth = Truth.fromSamples(Self.trace, offsetSeconds: start)
        let mpu = MPU6050Model(truth: truth)
        mpu.noiseLSB = 1
        rig.bus.attach(mpu, at: 0x68)
        // FSR-less rig for the check: a bridge giving 10 mV per 100 N on AIN0−AIN1 at ±0.256 V (7.8125 µV/count).
        let voltsPerN = 1e-4
        rig.bus.attach(ADS1115Model { _, t in truth(t).forceN * voltsPerN }, at: 0x48)
        let imu = try IMUDetector.detect(bus: rig.bus, clock: rig.clock)
        let ads = ADS1115ForceSensor(bus: rig.bus, input: .ain0MinusAin1, gain: .fs0_256V, dataRate: .sps860,
                                     calibration: LinearForceCalibration(tareCounts: 0,
                                                                         newtonsPerCount: (0.256 / 32768) / voltsPerN),
                                     clock: rig.clock)
        let source = SampleSource(imu: imu, force: ads, clock: rig.clock)
        source.start()
        var live: [Sample] = []
        while rig.clock.nowSeconds() < start + 4 { live += source.nextSamples() }
        let window = live.filter { $0.tSeconds > start + 0.1 && $0.tSeconds < start + 3.9 }
        #expect(window.count > 3700)
        var worstGyro = 0.0, worstAccel = 0.0, worstForce = 0.0
        for s in window {
            let expected = truth(s.tSeconds)
            worstGyro = max(worstGyro, (s.gyroRadS - expected.gyroRadS).norm)
            worstAccel = max(worstAccel, (s.accelMS2 - expected.accelMS2).norm)
            if let f = s.forceN { worstForce = max(worstForce, abs(f - expected.forceN)) }
        }
        print("trace playback: worst |Δgyro| \(worstGyro) rad/s, |Δaccel| \(worstAccel) m/s², |Δforce| \(worstForce) N")
        // Gyro: 6 rad/s × 2π·1.5 Hz = 57 rad/s² slew, so 1 ms of stamp error is 0.06 rad/s; quantisation 1 mrad/s.
        #expect(worstGyro < 0.1)
        // Accel: 2.4 mm/s² per LSB plus noise and the 0.8·9.4 m/s³ slew over a millisecond.
        #expect(worstAccel < 0.05)
        // Force: held in the trace every 20 ms (the trace's own rate), plus the conversion time.
        #expect(worstForce < 3)
        #expect(window.filter { $0.forceN != nil }.count > 300)
    }
}
