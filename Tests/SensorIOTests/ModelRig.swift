import RollCore
@testable import SensorIO
@testable import SensorModels

/// A virtual clock and a model bus for one test.
struct ModelRig {
    let clock = VirtualClock(startSeconds: 100)
    let bus: ModelI2CBus
    init(blockReads: Bool = true, clockHz: Double = 400_000) {
        bus = ModelI2CBus(name: "i2c-1", clock: clock, clockHz: clockHz, supportsBlockRead: blockReads)
    }
}

/// A truth signal with distinct, exactly representable values per axis (in whole LSBs of the configured scale).
func constantTruth(accelG: (Double, Double, Double), gyroDPS: (Double, Double, Double)) -> TruthSignal {
    let a = Vector3(accelG.0, accelG.1, accelG.2) * standardGravityMS2
    let g = Vector3(gyroDPS.0, gyroDPS.1, gyroDPS.2) * (Double.pi / 180)
    return { _ in PhysicalState(accelMS2: a, gyroRadS: g) }
}

/// The sample source's events, collected for a test to read afterwards.
final class SensorEventLog { var events: [SensorEvent] = [] }

/// A started IMU-only sample source on a model rig, with its event log.
func startedSource(_ imu: IMUDevice, _ rig: ModelRig) throws -> (SampleSource, SensorEventLog) {
    let log = SensorEventLog()
    let source = SampleSource(imu: imu, force: nil, clock: rig.clock) { log.events.append($0) }
    try source.start()
    return (source, log)
}

extension SampleSource {
    /// Every row the source yields until the model clock reaches `tSeconds`.
    func samples(until tSeconds: Double, clock: MonotonicClock) -> [Sample] {
        var rows: [Sample] = []
        while clock.nowSeconds() < tSeconds { rows += nextSamples() }
        return rows
    }
}
