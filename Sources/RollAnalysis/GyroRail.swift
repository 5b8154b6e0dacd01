/// Where a 16-bit gyro's readings end at one range: its largest code over the chip's sensitivity.
///
/// A chip does not clip at its nominal full scale but at its largest code: an MPU-6050 at ±2000 °/s outputs
/// 16.4 LSB/(°/s), so its largest reading is 32767 / 16.4 = 1997.99 °/s, while an LSM6DS3 at "±2000 dps" outputs
/// 70 mdps/LSB and reads up to 32767 × 0.070 = 2293.69 °/s. The negative end is one code further (−32768).
public struct GyroRail: Sendable, Equatable {
    /// The largest positive reading, rad/s (code 32767).
    public let railRadS: Double
    /// One code, rad/s.
    public let lsbRadS: Double

    /// Largest code of a 16-bit two's-complement output register.
    public static let largestCode = 32767.0

    public init(lsbPerDPS: Double) {
        lsbRadS = 1 / lsbPerDPS * Double.pi / 180
        railRadS = Self.largestCode * lsbRadS
    }

    /// The rail in °/s (for messages and metadata).
    public var railDPS: Double { railRadS * 180 / Double.pi }

    /// Whether a reading sits on the rail: within half a code of +32767 codes, or at or beyond −32767 codes (the
    /// negative end, −32768, is one code further out).
    @inline(__always)
    public func isClipped(_ v: Double) -> Bool { abs(v) >= railRadS - 0.5 * lsbRadS }

    /// Whether a magnitude is exactly one of the rail's two ends (+32767 or −32768 codes, to within half a code).
    @inline(__always)
    func isAtEnd(_ m: Double) -> Bool { m >= railRadS - 0.5 * lsbRadS && m <= railRadS + 1.5 * lsbRadS }

    /// Whether a reading lies beyond anything this rail can output (so the chip's range is wider than this rail).
    @inline(__always)
    func isExceeded(byMagnitude m: Double) -> Bool { m > railRadS + 1.5 * lsbRadS }
}

/// The gyro sensitivities (LSB per °/s) of the MEMS families rollmon may meet, per nominal range, from the
/// manufacturers' datasheet tables. A recording says which family and range it came from (trace metadata `imu`,
/// `gyro_range_dps`, `gyro_lsb_per_dps`), or the data must show a rail at one of these (`GyroSaturationDetector`).
public enum GyroFamily: String, CaseIterable, Sendable {
    /// InvenSense/TDK: MPU-6000/MPU-6050 Product Specification rev 3.4 §6.1 (FS_SEL 0–3: 131, 65.5, 32.8,
    /// 16.4 LSB/(°/s) at ±250/500/1000/2000 °/s); MPU-6500/9250, ICM-20602/20948 and ICM-42688-P use the same
    /// values; ICM-42686-P adds ±4000 °/s at 8.2 LSB/(°/s) (its datasheet, gyroscope specifications table).
    case invensense
    /// Bosch BMI160 (datasheet BST-BMI160-DS000, gyroscope sensitivity: 262.4/131.2/65.6/32.8/16.4 LSB/(°/s) at
    /// ±125/250/500/1000/2000 °/s); BMI270 the same.
    case boschBMI160
    /// Bosch BMI088 gyroscope (datasheet BST-BMI088-DS001, 262.144 … 16.384 LSB/(°/s)): exactly 32768 / full scale.
    case boschBMI088
    /// STMicroelectronics LSM6DS3 (DocID026899 Table 3: 4.375/8.75/17.5/35/70 mdps/LSB at ±125/245/500/1000/2000
    /// dps; LSM6DSL/DSO/DSOX and ISM330 the same, calling 245 "250"); LSM6DSR (DS12591 Table 2) adds ±4000 dps at
    /// 140 mdps/LSB.
    case st

    /// (nominal full scale °/s, sensitivity LSB/(°/s)) pairs.
    public var sensitivities: [(fullScaleDPS: Double, lsbPerDPS: Double)] {
        switch self {
        case .invensense: return [(250, 131), (500, 65.5), (1000, 32.8), (2000, 16.4), (4000, 8.2)]
        case .boschBMI160: return [(125, 262.4), (250, 131.2), (500, 65.6), (1000, 32.8), (2000, 16.4)]
        case .boschBMI088: return [(125, 262.144), (250, 131.072), (500, 65.536), (1000, 32.768), (2000, 16.384)]
        case .st: return [(125, 1000 / 4.375), (245, 1000 / 8.75), (500, 1000 / 17.5), (1000, 1000 / 35),
                          (2000, 1000 / 70), (4000, 1000 / 140)]
        }
    }

    /// The family a part name belongs to (the trace's `imu` metadata, e.g. "MPU-6050 on i2c-1"), if known.
    public static func named(_ imu: String) -> GyroFamily? {
        let u = imu.uppercased()
        if u.contains("BMI088") { return .boschBMI088 }
        if u.contains("BMI160") || u.contains("BMI270") { return .boschBMI160 }
        if u.contains("MPU") || u.contains("ICM-") || u.contains("ICM2") || u.contains("ICM4") { return .invensense }
        if u.contains("LSM6") || u.contains("ISM330") || u.contains("L3G") { return .st }
        return nil
    }

    /// This family's sensitivity at a nominal range (245 and 250 °/s are the same setting, named differently).
    public func lsbPerDPS(fullScaleDPS: Double) -> Double? {
        sensitivities.first(where: { GyroFamily.sameRange($0.fullScaleDPS, fullScaleDPS) })?.lsbPerDPS
    }

    static func sameRange(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 0.03 * max(a, b) }

    /// Rails a chip of unknown family could have at a nominal range, or at any range of ±245 °/s and up when the
    /// range is unknown too (below that, rolling itself would clip: 125 °/s is 7 cm/s on a 32 mm ball). Duplicates
    /// (InvenSense and BMI160 share 16.4 and 32.8) appear once.
    public static func candidateRails(fullScaleDPS: Double?) -> [GyroRail] {
        var out: [GyroRail] = []
        for family in allCases {
            for (fs, lsb) in family.sensitivities {
                if let want = fullScaleDPS { guard sameRange(fs, want) else { continue } } else { guard fs >= 245 else { continue } }
                let rail = GyroRail(lsbPerDPS: lsb)
                if !out.contains(rail) { out.append(rail) }
            }
        }
        return out.sorted { $0.railRadS < $1.railRadS }
    }
}
