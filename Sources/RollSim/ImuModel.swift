import Foundation
import RollAnalysis
import RollCore

/// The error budget of one IMU part, from its datasheet. Every field is a per-axis figure; the per-unit values
/// (this particular chip's offset, scale error, ...) are drawn from these by `ImuErrorState`.
public struct ImuSpec: Sendable, Equatable {
    /// Name written to the trace's `imu` metadata.
    public var name: String
    /// Gyro full-scale range (±), degrees per second.
    public var gyroFullScaleDPS: Double
    /// Accelerometer full-scale range (±), in g.
    public var accelFullScaleG: Double
    /// Gyro sensitivity, LSB per °/s, from the datasheet's table (nil: no quantisation, no clipping — the "clean"
    /// IMU). The output saturates at the 16-bit codes −32768…32767, so the largest reading is 32767 / this.
    public var gyroSensitivityLSBPerDPS: Double?
    /// Accelerometer sensitivity, LSB per g (nil: no quantisation, no clipping).
    public var accelSensitivityLSBPerG: Double?
    /// One gyro code, °/s.
    public var gyroLsbDPS: Double? { gyroSensitivityLSBPerDPS.map { 1 / $0 } }
    /// One accelerometer code, g.
    public var accelLsbG: Double? { accelSensitivityLSBPerG.map { 1 / $0 } }
    /// Gyro rate-noise spectral density, °/s/√Hz.
    public var gyroNoiseDPSPerRootHz: Double
    /// Accelerometer noise spectral density, g/√Hz.
    public var accelNoiseGPerRootHz: Double
    /// Bound of the initial zero-rate output (gyro offset), °/s.
    public var gyroZeroRateToleranceDPS: Double
    /// Bound of the gyro offset change per °C (datasheet's over-temperature variation divided by the span).
    public var gyroZeroRateTempCoDPSPerC: Double
    /// Gyro offset random walk, °/s/√s. Not a datasheet figure for these parts (see `ImuSpec` presets).
    public var gyroBiasWalkDPSPerRootS: Double
    /// Bound of the accelerometer zero-g offset, g (x, y, z).
    public var accelZeroGToleranceG: Vector3
    /// Bound of the sensitivity (scale-factor) error, fraction (gyro, accel).
    public var gyroScaleTolerance: Double
    public var accelScaleTolerance: Double
    /// Bound of the cross-axis sensitivity, fraction (gyro, accel): modelled as small axis misalignment terms.
    public var gyroCrossAxisTolerance: Double
    public var accelCrossAxisTolerance: Double

    /// No errors at all: exact, unquantised, unclipped readings. The reference for physics tests.
    public static let clean = ImuSpec(
        name: "clean", gyroFullScaleDPS: .infinity, accelFullScaleG: .infinity, gyroSensitivityLSBPerDPS: nil,
        accelSensitivityLSBPerG: nil,
        gyroNoiseDPSPerRootHz: 0, accelNoiseGPerRootHz: 0, gyroZeroRateToleranceDPS: 0, gyroZeroRateTempCoDPSPerC: 0,
        gyroBiasWalkDPSPerRootS: 0, accelZeroGToleranceG: .zero, gyroScaleTolerance: 0, accelScaleTolerance: 0,
        gyroCrossAxisTolerance: 0, accelCrossAxisTolerance: 0)

    /// InvenSense MPU-6050 (PS-MPU-6000A-00 rev 3.4). Gyro, §6.1: full scale ±250/500/1000/2000 °/s, 16-bit ADC,
    /// sensitivity tolerance ±3 %, cross-axis ±2 %, initial ZRO ±20 °/s, ZRO variation −40..85 °C ±20 °/s,
    /// rate noise 0.005 °/s/√Hz. Accelerometer, §6.2: ±2/4/8/16 g, 16-bit, initial calibration tolerance ±3 %,
    /// cross-axis ±2 %, zero-g initial tolerance X/Y ±50 mg and Z ±80 mg, noise 400 µg/√Hz.
    /// Sensitivities as the chip really outputs them (§6.1 / §6.2, the same tables the driver converts with):
    /// gyro 131/65.5/32.8/16.4 LSB/(°/s), so at ±2000 °/s the largest reading is 32767/16.4 = 1997.99 °/s, not
    /// 2000; accelerometer 16384/8192/4096/2048 LSB/g.
    public static func mpu6050(gyroFullScaleDPS: Double = 2000, accelFullScaleG: Double = 16) -> ImuSpec {
        let gyroLSBPerDPS: [Double: Double] = [250: 131, 500: 65.5, 1000: 32.8, 2000: 16.4]
        return ImuSpec(
            name: "MPU-6050", gyroFullScaleDPS: gyroFullScaleDPS, accelFullScaleG: accelFullScaleG,
            gyroSensitivityLSBPerDPS: gyroLSBPerDPS[gyroFullScaleDPS] ?? 32768 / gyroFullScaleDPS,
            accelSensitivityLSBPerG: 32768 / accelFullScaleG,
            gyroNoiseDPSPerRootHz: 0.005, accelNoiseGPerRootHz: 400e-6,
            gyroZeroRateToleranceDPS: 20, gyroZeroRateTempCoDPSPerC: 20.0 / 125.0,
            // The datasheet gives no in-run bias instability; 0.002 °/s/√s is an assumption of the order that
            // hobbyist Allan-variance measurements of this part report, not a guaranteed figure.
            gyroBiasWalkDPSPerRootS: 0.002,
            accelZeroGToleranceG: Vector3(0.050, 0.050, 0.080),
            gyroScaleTolerance: 0.03, accelScaleTolerance: 0.03,
            gyroCrossAxisTolerance: 0.02, accelCrossAxisTolerance: 0.02)
    }

    /// STMicroelectronics LSM6DS3 (DocID026899, Table 3 "Mechanical characteristics"): gyro ±125/245/500/1000/2000
    /// dps with sensitivity 4.375/8.75/17.5/35/70 mdps/LSB, zero-rate level ±10 dps, rate noise density
    /// 7 mdps/√Hz; accelerometer ±2/4/8/16 g with 0.061/0.122/0.244/0.488 mg/LSB, zero-g level ±40 mg, noise density
    /// 90 µg/√Hz (high-performance mode). ST quotes no scale or cross-axis tolerance in that table; ±1 % is assumed.
    /// (Figures as read from that table; the sensitivities and ranges are confirmed by ST's own forum answer and
    /// app note, the noise and offset figures should be re-checked against the current revision.)
    public static func lsm6ds3(gyroFullScaleDPS: Double = 2000, accelFullScaleG: Double = 16) -> ImuSpec {
        let gyroLsbMDPS: [Double: Double] = [125: 4.375, 245: 8.75, 500: 17.5, 1000: 35, 2000: 70]
        let accelLsbMG: [Double: Double] = [2: 0.061, 4: 0.122, 8: 0.244, 16: 0.488]
        return ImuSpec(
            name: "LSM6DS3", gyroFullScaleDPS: gyroFullScaleDPS, accelFullScaleG: accelFullScaleG,
            gyroSensitivityLSBPerDPS: 1000 / (gyroLsbMDPS[gyroFullScaleDPS] ?? gyroFullScaleDPS / 32768 * 1000),
            accelSensitivityLSBPerG: 1000 / (accelLsbMG[accelFullScaleG] ?? accelFullScaleG / 32768 * 1000),
            gyroNoiseDPSPerRootHz: 0.007, accelNoiseGPerRootHz: 90e-6,
            gyroZeroRateToleranceDPS: 10,
            // Zero-rate change vs temperature ±0.05 dps/°C (same Table 3, "G_TCOff").
            gyroZeroRateTempCoDPSPerC: 0.05,
            gyroBiasWalkDPSPerRootS: 0.001,
            accelZeroGToleranceG: Vector3(0.040, 0.040, 0.040),
            gyroScaleTolerance: 0.01, accelScaleTolerance: 0.01,
            gyroCrossAxisTolerance: 0.01, accelCrossAxisTolerance: 0.01)
    }
}

/// The errors of one particular chip over one run: drawn once from an `ImuSpec`, then applied to every reading.
/// Order of operations follows the signal chain: sensing element (scale, cross-axis, offset, drift, noise) → ADC
/// (quantise to an integer code, saturate at the 16-bit code range) → the Pi converts codes back to SI units.
struct ImuErrorState {
    let spec: ImuSpec
    private let gyroMatrix: [Double]   // row-major 3×3: (1 + scale) on the diagonal, cross-axis off it
    private let accelMatrix: [Double]
    private let gyroOffsetRadS: Vector3
    private let accelOffsetMS2: Vector3
    private var gyroWalkRadS: Vector3 = .zero
    private let gyroTempCoRadSPerC: Vector3
    private let gyroNoiseSigmaRadS: Double
    private let accelNoiseSigmaMS2: Double
    private let walkSigmaPerSample: Double
    private var rng: SeededRandom
    /// The chip's temperature over a session, which moves its zero-rate offset by the datasheet's tempco (MPU-6050
    /// §6.1: ZRO variation ±20 °/s over −40…85 °C, i.e. up to 0.16 °/s per °C; LSM6DS3 Table 3: ±0.05 dps/°C).
    /// Two rises, both assumptions (no datasheet gives them): self-heating of the board in a closed ball after
    /// power-on, 1–4 °C with τ = 5 min; and the ball warming from room air towards the skin of the sole (plantar skin
    /// is about 27–32 °C against a 20–24 °C room, thermography norms such as Gatt et al., Foot 2015), 2–8 °C more
    /// with τ = 15 min. Over a 30-minute session an offset can so move by up to ≈ 1.9 °/s per axis at the tempco
    /// bound (0.8 °/s typical), slowly enough that only a bias estimate that keeps learning follows it.
    private let warmUpRiseC: Double
    private let warmUpTauS = 300.0
    private let sessionRiseC: Double
    private let sessionTauS = 900.0

    init(spec: ImuSpec, rateHz: Double, rng: inout SeededRandom) {
        self.spec = spec
        var r = rng.derived(0x1A0)
        func matrix(scaleTol: Double, crossTol: Double) -> [Double] {
            var m = [Double](repeating: 0, count: 9)
            for i in 0..<3 {
                for j in 0..<3 {
                    // Tolerances are bounds (≈3σ of production spread): draw with σ = bound/3, cut at the bound.
                    m[i * 3 + j] = i == j ? 1 + r.gaussian(sigma: scaleTol / 3, limit: scaleTol)
                                          : r.gaussian(sigma: crossTol / 3, limit: crossTol)
                }
            }
            return m
        }
        gyroMatrix = matrix(scaleTol: spec.gyroScaleTolerance, crossTol: spec.gyroCrossAxisTolerance)
        accelMatrix = matrix(scaleTol: spec.accelScaleTolerance, crossTol: spec.accelCrossAxisTolerance)
        let zro = spec.gyroZeroRateToleranceDPS * radiansPerDegree
        gyroOffsetRadS = Vector3(r.gaussian(sigma: zro / 3, limit: zro), r.gaussian(sigma: zro / 3, limit: zro),
                                 r.gaussian(sigma: zro / 3, limit: zro))
        let zg = spec.accelZeroGToleranceG * standardGravityMS2
        accelOffsetMS2 = Vector3(r.gaussian(sigma: zg.x / 3, limit: zg.x), r.gaussian(sigma: zg.y / 3, limit: zg.y),
                                 r.gaussian(sigma: zg.z / 3, limit: zg.z))
        let tc = spec.gyroZeroRateTempCoDPSPerC * radiansPerDegree
        gyroTempCoRadSPerC = Vector3(r.uniform(-tc, tc), r.uniform(-tc, tc), r.uniform(-tc, tc))
        warmUpRiseC = spec.gyroZeroRateTempCoDPSPerC > 0 ? r.uniform(1, 4) : 0
        sessionRiseC = spec.gyroZeroRateTempCoDPSPerC > 0 ? r.uniform(2, 8) : 0
        // White noise of density N sampled at fs has σ = N·√(fs/2) (noise bandwidth = Nyquist band).
        gyroNoiseSigmaRadS = spec.gyroNoiseDPSPerRootHz * radiansPerDegree * (rateHz / 2).squareRoot()
        accelNoiseSigmaMS2 = spec.accelNoiseGPerRootHz * standardGravityMS2 * (rateHz / 2).squareRoot()
        walkSigmaPerSample = spec.gyroBiasWalkDPSPerRootS * radiansPerDegree * (1 / rateHz).squareRoot()
        self.rng = r
    }

    /// Gyro code step (rad/s) and the saturation bounds, or nil for an unquantised IMU.
    var gyroLsbRadS: Double? { spec.gyroLsbDPS.map { $0 * radiansPerDegree } }
    var accelLsbMS2: Double? { spec.accelLsbG.map { $0 * standardGravityMS2 } }

    private static func apply(_ m: [Double], _ v: Vector3) -> Vector3 {
        Vector3(m[0] * v.x + m[1] * v.y + m[2] * v.z, m[3] * v.x + m[4] * v.y + m[5] * v.z,
                m[6] * v.x + m[7] * v.y + m[8] * v.z)
    }

    /// Converts a physical value to the 16-bit code the chip would output and back: round to the nearest code,
    /// saturate at −32768…32767. Returns the value and whether it clipped.
    static func quantise(_ x: Double, lsb: Double?) -> (Double, Bool) {
        guard let lsb else { return (x, false) }
        let code = (x / lsb).rounded()
        if code > 32767 { return (32767 * lsb, true) }
        if code < -32768 { return (-32768 * lsb, true) }
        return (code * lsb, false)
    }

    /// What this chip's sensing element alone makes of a true rate: its scale and cross-axis errors, without offset,
    /// drift, noise or quantisation. The truth uses it to state how far the part's sensitivity scales a rolled length.
    func sensitivityOnly(gyroRadS: Vector3) -> Vector3 { ImuErrorState.apply(gyroMatrix, gyroRadS) }

    /// One reading from true sensor-frame angular rate and specific force at time `tSeconds` since power-on.
    mutating func read(gyroRadS: Vector3, accelMS2: Vector3, tSeconds: Double)
        -> (gyro: Vector3, accel: Vector3, gyroClipped: Bool, accelClipped: Bool) {
        let warm = warmUpRiseC * (1 - exp(-tSeconds / warmUpTauS)) + sessionRiseC * (1 - exp(-tSeconds / sessionTauS))
        if walkSigmaPerSample > 0 {
            gyroWalkRadS += Vector3(rng.gaussian(), rng.gaussian(), rng.gaussian()) * walkSigmaPerSample
        }
        var g = ImuErrorState.apply(gyroMatrix, gyroRadS) + gyroOffsetRadS + gyroTempCoRadSPerC * warm + gyroWalkRadS
        var a = ImuErrorState.apply(accelMatrix, accelMS2) + accelOffsetMS2
        if gyroNoiseSigmaRadS > 0 { g += Vector3(rng.gaussian(), rng.gaussian(), rng.gaussian()) * gyroNoiseSigmaRadS }
        if accelNoiseSigmaMS2 > 0 { a += Vector3(rng.gaussian(), rng.gaussian(), rng.gaussian()) * accelNoiseSigmaMS2 }
        let gl = gyroLsbRadS, al = accelLsbMS2
        let (gx, cx) = ImuErrorState.quantise(g.x, lsb: gl), (gy, cy) = ImuErrorState.quantise(g.y, lsb: gl)
        let (gz, cz) = ImuErrorState.quantise(g.z, lsb: gl)
        let (ax, dx) = ImuErrorState.quantise(a.x, lsb: al), (ay, dy) = ImuErrorState.quantise(a.y, lsb: al)
        let (az, dz) = ImuErrorState.quantise(a.z, lsb: al)
        return (Vector3(gx, gy, gz), Vector3(ax, ay, az), cx || cy || cz, dx || dy || dz)
    }
}
