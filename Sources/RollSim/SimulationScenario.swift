import Foundation
import RollAnalysis
import RollCore

/// Which IMU part the simulated ball or roller carries.
public enum ImuChoice: String, Sendable, CaseIterable, Codable {
    case clean, mpu6050, lsm6ds3
}

/// A hand-written motion for physics tests, used instead of the generated session when set.
public enum ScriptedMotion: Sendable, Equatable {
    /// The tool rests on the floor.
    case still(seconds: Double)
    /// The tool rolls without slip along the floor by (dx, dy) metres with a minimum-jerk profile.
    case roll(dxM: Double, dyM: Double, seconds: Double)
    /// The tool spins in place about a fixed world axis (centre fixed) at `rateRadS`, ramping up and down smoothly
    /// over `rampS` at both ends, so that in between the angular velocity is exactly constant.
    case spin(axis: Vector3, rateRadS: Double, seconds: Double, rampS: Double)
}

/// Every knob of a simulated session. Start from a `SimulationPreset` and change what a test needs.
public struct SimulationScenario: Sendable {
    public var name: String
    public var seed: UInt64
    public var tool: Tool
    /// Ball or roller radius. A lacrosse ball is 7.75–8 in round (NOCSAE ND049), 62.8–64.7 mm across, so r ≈ 31.5 mm;
    /// the common foam roller is 6 in (15 cm) across, r = 75 mm.
    public var radiusMM: Double
    /// Length of the rolled region (plantar fascia, or the calf for the roller), written as `fascia_cm`.
    public var fasciaCM: Double
    public var imuChoice: ImuChoice
    public var gyroFullScaleDPS: Double
    public var accelFullScaleG: Double
    public var imuRateHz: Double
    /// Distance of the IMU from the tool's centre (ball) or axis midpoint (roller), in a random direction.
    public var imuOffsetMM: Double
    public var forceSensor: ForceSensorModel
    /// Whether the user presses the foot button (a `foot` column with L/R 0–4 s into each segment).
    public var footMarkers: Bool
    /// Number of foot segments; with `durationS` set, segments are added until the session is that long.
    public var segmentCount: Int
    public var durationS: Double?
    /// Active (in-contact) time per segment; nil mixes the three verdict bands (under / ok / over), always
    /// staying at least 8 s clear of the 120 s and 180 s boundaries.
    public var secondsPerFoot: ClosedRange<Double>?
    /// Chance that a stroke is meant to be full-length (≥ 0.88 × fascia when the position allows).
    public var fullStrokeChance: Double
    /// Length range of partial strokes (always kept ≤ 0.72 × fascia and ≥ 3 cm, well clear of the definitions).
    public var partialStrokeCM: ClosedRange<Double>
    /// Fastest stroke peak speed.
    public var maxSpeedMS: Double
    /// Chance that a stroke pauses midway (0.3–1.5 s) and carries on in the same direction.
    public var pauseChance: Double
    /// Lateral wobble across the foot, ± this many millimetres (ball only).
    public var lateralWobbleMM: Double
    public var tenderHoldsPerSegment: ClosedRange<Int>
    public var burstsPerSegment: ClosedRange<Int>
    public var severePerSegment: ClosedRange<Int>
    /// Chance that a severe event is a pair of episodes less than 1 s apart (which merge into one event).
    public var mergedSevereChance: Double
    /// Peak spin rate when the ball is fiddled with between feet.
    public var spinRateRadS: ClosedRange<Double>
    /// Extra turns about random axes (1–3 rad each) while the ball is in the hand between feet.
    public var handTurnsBetweenFeet: ClosedRange<Int>
    /// Foot-off time between segments.
    public var gapS: ClosedRange<Double>
    /// Standard deviation of the timestamp latency (the Pi reading the IMU late), seconds. The defaults (0.3 ms,
    /// 1 ms for the cheap preset) are assumptions for a user-space I²C reader on a Linux Pi, not measurements.
    public var timestampJitterS: Double
    /// Chance that any one row is lost, and the rate of longer dropouts (5–30 rows) per minute (assumed, to exercise
    /// gaps in `t`; interface v1 §1 says a gap is data).
    public var dropChance: Double
    public var dropoutsPerMinute: Double
    /// Trace time of the first sample (monotonic clock: any origin).
    public var timeOriginS: Double
    /// The foot of the first segment when markers are used (without markers the feet alternate from the right,
    /// as the analysis assumes by default).
    public var firstFoot: Foot
    /// With markers: chance that a segment repeats the previous foot.
    public var repeatFootChance: Double
    /// Draw right at the definitions' cuts instead of clear of them: strokes of 0.78 / 0.82 × fascia, holds of
    /// 19 / 21 s and 59 / 61 s, active times about 118 / 122 / 178 / 182 s, severe peaks of 244 / 256 N, bursts of
    /// 55 / 65 N.
    public var nearThresholds: Bool
    /// When set, this motion replaces the generated session (no contact, no force): for physics tests.
    public var script: [ScriptedMotion]?
    /// The trace's `source` metadata; nil writes the preset and seed (set it when knobs were changed, so the trace
    /// says how to make it again).
    public var source: String?

    public init(preset: SimulationPreset, seed: UInt64 = 1) {
        name = preset.rawValue
        self.seed = seed
        tool = .ball
        radiusMM = 31.5
        fasciaCM = 15
        imuChoice = .mpu6050
        gyroFullScaleDPS = 2000
        accelFullScaleG = 16
        imuRateHz = 200
        imuOffsetMM = 8
        forceSensor = .hx711at80
        footMarkers = false
        segmentCount = 2
        durationS = nil
        secondsPerFoot = nil
        fullStrokeChance = 0.6
        partialStrokeCM = 4...10
        maxSpeedMS = 0.5
        pauseChance = 0.08
        lateralWobbleMM = 6
        tenderHoldsPerSegment = 0...1
        burstsPerSegment = 0...2
        severePerSegment = 0...1
        mergedSevereChance = 0.3
        spinRateRadS = 10...40
        handTurnsBetweenFeet = 0...0
        gapS = 8...15
        timestampJitterS = 0.0003
        dropChance = 0.0005
        dropoutsPerMinute = 0.3
        timeOriginS = 1000
        firstFoot = .right
        repeatFootChance = 0
        nearThresholds = false
        script = nil
        source = nil
        preset.apply(to: &self)
    }

    /// The datasheet error budget for the chosen part and ranges.
    public var imuSpec: ImuSpec {
        switch imuChoice {
        case .clean: return .clean
        case .mpu6050: return .mpu6050(gyroFullScaleDPS: gyroFullScaleDPS, accelFullScaleG: accelFullScaleG)
        case .lsm6ds3: return .lsm6ds3(gyroFullScaleDPS: gyroFullScaleDPS, accelFullScaleG: accelFullScaleG)
        }
    }
}

/// Named scenarios; each exercises one thing the analysis must cope with.
public enum SimulationPreset: String, CaseIterable, Sendable {
    /// Ideal IMU (no noise, no quantisation), 500 Hz, centred, HX711 at 80 Hz, no jitter or drops.
    case clean
    /// MPU-6050 with its full datasheet error budget, 200 Hz, HX711 at 10 Hz, jitter and dropped rows.
    case cheapNoisy
    /// IMU 25 mm off-centre (centripetal terms in the accelerometer), LSM6DS3, ADS1115 at 250 Hz.
    case offCentre
    /// 100 Hz IMU (coarse sampling of fast strokes).
    case rate100Hz
    /// 1 kHz IMU with ADS1115 at 860 Hz.
    case rate1kHz
    /// No force sensor: contact must come from the motion alone (no holds; long foot-off gaps; the ball is picked up
    /// and turned in the hand between feet).
    case noForce
    /// The user presses L/R; first foot left and feet sometimes repeat.
    case footMarkers
    /// Foam roller under the calf: radius 75 mm, 30 cm rolled length, strokes of 15–21 cm and 26.5–30 cm, rotation
    /// about one axis only.
    case rollerCalf
    /// A 30-minute session (bounded-memory streaming, many segments).
    case longSession30min
    /// Fast spins (32–48 rad/s) between feet and many segments: gyro saturation at ±2000 °/s.
    case heavySpin
    /// Narrow ranges (±500 °/s, ±2 g) so fast strokes and spins clip the IMU.
    case saturation
    /// Only partial strokes (3–8 cm): the `short_strokes` coaching case.
    case shortStrokesOnly
    /// Several severe episodes per segment, including pairs < 1 s apart, and many bursts; ADS1115 at 860 Hz.
    case manySevere
    /// An FSR 402 on an ADS1115 at 250 SPS (non-linear, hysteretic, drifting gain) instead of a load cell.
    case fsr
    /// A sealed ball read by a BMP280 (~105 Hz): pressure rises with the load and with the air's temperature.
    case sealedBall
    /// Everything right at the definitions' cuts (see `nearThresholds`), load cell on an ADS1115 at 860 Hz.
    case nearThresholds

    func apply(to s: inout SimulationScenario) {
        switch self {
        case .clean:
            s.imuChoice = .clean; s.imuRateHz = 500; s.imuOffsetMM = 0
            s.timestampJitterS = 0; s.dropChance = 0; s.dropoutsPerMinute = 0
        case .cheapNoisy:
            s.imuChoice = .mpu6050; s.imuRateHz = 200; s.forceSensor = .hx711at10
            s.timestampJitterS = 0.001; s.dropChance = 0.002; s.dropoutsPerMinute = 1
        case .offCentre:
            s.imuChoice = .lsm6ds3; s.imuRateHz = 400; s.imuOffsetMM = 25; s.forceSensor = .ads1115at250
        case .rate100Hz:
            s.imuRateHz = 100; s.forceSensor = .hx711at10
        case .rate1kHz:
            s.imuChoice = .lsm6ds3; s.imuRateHz = 1000; s.forceSensor = .ads1115at860
        case .noForce:
            s.forceSensor = .none; s.tenderHoldsPerSegment = 0...0; s.burstsPerSegment = 0...0
            s.severePerSegment = 0...0; s.gapS = 9...15; s.handTurnsBetweenFeet = 2...4
        case .footMarkers:
            s.footMarkers = true; s.firstFoot = .left; s.segmentCount = 3; s.repeatFootChance = 0.35
        case .rollerCalf:
            s.tool = .roller; s.radiusMM = 75; s.fasciaCM = 30; s.partialStrokeCM = 15...21
            s.lateralWobbleMM = 0; s.imuOffsetMM = 20; s.spinRateRadS = 1...4
        case .longSession30min:
            s.durationS = 1800; s.segmentCount = 1000; s.tenderHoldsPerSegment = 0...2
        case .heavySpin:
            s.spinRateRadS = 32...48; s.segmentCount = 4; s.secondsPerFoot = 40...70; s.imuOffsetMM = 15
        case .saturation:
            s.gyroFullScaleDPS = 500; s.accelFullScaleG = 2; s.imuOffsetMM = 20; s.spinRateRadS = 20...40
        case .shortStrokesOnly:
            s.fullStrokeChance = 0; s.partialStrokeCM = 3...8
        case .manySevere:
            s.forceSensor = .ads1115at860; s.severePerSegment = 3...5; s.mergedSevereChance = 0.5
            s.burstsPerSegment = 2...4
        case .fsr:
            s.forceSensor = .fsrAt250; s.severePerSegment = 1...2; s.burstsPerSegment = 1...3
        case .sealedBall:
            s.forceSensor = .bmp280; s.severePerSegment = 1...2; s.burstsPerSegment = 1...3
        case .nearThresholds:
            s.nearThresholds = true; s.forceSensor = .ads1115at860; s.segmentCount = 4
            s.tenderHoldsPerSegment = 2...2; s.severePerSegment = 2...2; s.burstsPerSegment = 2...4
            s.pauseChance = 0
        }
    }
}
