import RollCore

/// Notices a gyro that is clipped at its full-scale range, so clipped rates are reported instead of being
/// integrated as if they were true.
///
/// With a known full scale (from the driver), any axis at or beyond 99 % of it is saturated. Without one, an axis that
/// repeats the same large value on consecutive samples is taken as clipped: a real rotation that fast always moves the
/// 16-bit reading between samples, while a clipped one sits on the rail.
public struct GyroSaturationDetector: Sendable {
    /// The smallest full-scale range of common MEMS gyros is ±250 °/s (MPU-6050 datasheet rev 3.4, table 6.1:
    /// FS_SEL=0) = 4.36 rad/s; clipping below ~4 rad/s is therefore not saturation but a quiet sensor.
    public static let minimumRailRadS = 4.0
    /// Identical readings in a row before a rail is believed.
    public static let repeatsForRail = 3

    public let fullScaleRadS: Double?
    private var last = Vector3.zero
    private var repeats = 0
    public private(set) var saturatedSamples = 0
    /// Largest magnitude seen on a rail (the apparent full scale), for the warning text.
    public private(set) var railRadS = 0.0

    public init(fullScaleRadS: Double?) { self.fullScaleRadS = fullScaleRadS }

    /// True when this sample's gyro reading is (or is part of) a clipped run.
    public mutating func check(_ g: Vector3) -> Bool {
        if let fs = fullScaleRadS {
            let limit = 0.99 * fs
            let hit = abs(g.x) >= limit || abs(g.y) >= limit || abs(g.z) >= limit
            if hit { saturatedSamples += 1; railRadS = fs }
            return hit
        }
        let m = Self.minimumRailRadS
        let sameRail = (abs(g.x) >= m && g.x == last.x) || (abs(g.y) >= m && g.y == last.y) || (abs(g.z) >= m && g.z == last.z)
        last = g
        if sameRail {
            repeats += 1
            if repeats >= Self.repeatsForRail - 1 {
                saturatedSamples += repeats == Self.repeatsForRail - 1 ? Self.repeatsForRail : 1
                railRadS = max(railRadS, max(abs(g.x), max(abs(g.y), abs(g.z))))
                return true
            }
        } else {
            repeats = 0
        }
        return false
    }
}
