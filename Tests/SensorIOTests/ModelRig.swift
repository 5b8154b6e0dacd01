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
    source.start()
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

/// An HX711 board (DOUT on line 5, SCK on line 6 of a simulated GPIO chip) and its driver, with an MPU-6050 at rest
/// beside it, both on one model clock and one started sample source: the pin-level rig of the HX711 tests.
struct HX711Rig {
    let rig: ModelRig
    let model: HX711Model
    let source: SampleSource
    let log: SensorEventLog
    /// When the sample source had started (the HX711 was reset then).
    let startedSeconds: Double
    var clock: VirtualClock { rig.clock }

    /// The board converts at `boardHz` (its RATE pin) and gives `code(input, t)`; the driver is told `driverHz`.
    init(boardHz: Double, driverHz: Double, powerUpSeconds: Double = 0, newtonsPerCount: Double,
         code: @escaping (HX711Input, Double) -> Int) throws {
        rig = ModelRig()
        let mpu = MPU6050Model(truth: Truth.atRest)
        mpu.noiseLSB = 2
        rig.bus.attach(mpu, at: 0x68)
        let gpio = SimulatedGPIOChip(clock: rig.clock)
        model = HX711Model(rateHz: boardHz, powerUpSeconds: powerUpSeconds, doutOffset: 5, sckOffset: 6, code: code)
        model.attach(to: gpio)
        let driver = HX711(chip: gpio, rateHz: driverHz,
                           calibration: LinearForceCalibration(tareCounts: 0, newtonsPerCount: newtonsPerCount), clock: rig.clock)
        let imu = try IMUDetector.detect(bus: rig.bus, addresses: [0x68], clock: rig.clock)
        let log = SensorEventLog()
        source = SampleSource(imu: imu, force: driver, clock: rig.clock) { log.events.append($0) }
        self.log = log
        source.start()
        startedSeconds = rig.clock.nowSeconds()
    }
}
