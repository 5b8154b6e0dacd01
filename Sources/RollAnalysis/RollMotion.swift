import RollCore

/// How the tool is moving on this sample, in the plane of the floor: what the distance, stroke and stillness
/// logic consume. Produced by `BallMotion` or `RollerMotion`.
public struct PlanarMotion: Sendable {
    /// Speed of the ball's centre (or the roller's travel) in m/s: rolled length per second.
    public var speedMS: Double
    /// Velocity in a plane: for the ball the horizontal world plane (heading arbitrary); for the roller (travel, 0),
    /// since a roller can only move along one line.
    public var velocityX: Double
    public var velocityY: Double
}

/// A sphere rolling without slip on the floor (interface §2 "ball kinematics"): with z up, the world angular
/// velocity is w = (z × v)/r plus a spin about z that moves nothing, so v = r (w × z) = r (w_y, −w_x) and the
/// rolled length is r ∫|w_horizontal| dt.
public struct BallMotion: Sendable {
    public let radiusM: Double
    public init(radiusM: Double) { self.radiusM = radiusM }

    /// `gyroRadS` bias-corrected, in the sensor frame; `orientation` maps sensor to world (z up).

    @inline(__always)   // every sample, a few operations: a call costs as much (callgrind)
    public func motion(gyroRadS: Vector3, orientation: Quaternion) -> PlanarMotion {
        let w = orientation.rotate(gyroRadS)
        let vx = radiusM * w.y
        let vy = -radiusM * w.x
        return PlanarMotion(speedMS: (vx * vx + vy * vy).squareRoot(), velocityX: vx, velocityY: vy)
    }
}

/// A cylinder turning about its own axis (interface §2: rolled length = r ∫|w| dt). The axis is not known from the
/// mounting: it is the principal direction of the measured angular velocity, which for a roller is its axis.
/// The sign of travel comes from the rate about that axis.
public struct RollerMotion: Sendable {
    public let radiusM: Double
    // Running second moment of the angular velocity (sensor frame): its principal eigenvector is the roller axis.
    private var sxx = 0.0, syy = 0.0, szz = 0.0, sxy = 0.0, sxz = 0.0, syz = 0.0
    public private(set) var axis = Vector3(1, 0, 0)
    private var samplesSinceAxis = 0
    /// Re-estimating the axis every 64 samples is plenty: it is fixed in the body.
    private static let axisRefreshSamples = 64

    public init(radiusM: Double) { self.radiusM = radiusM }

    public mutating func motion(gyroRadS w: Vector3) -> PlanarMotion {
        sxx += w.x * w.x; syy += w.y * w.y; szz += w.z * w.z
        sxy += w.x * w.y; sxz += w.x * w.z; syz += w.y * w.z
        samplesSinceAxis += 1
        if samplesSinceAxis >= Self.axisRefreshSamples {
            samplesSinceAxis = 0
            refreshAxis()
        }
        let along = w.dot(axis)
        return PlanarMotion(speedMS: radiusM * w.norm, velocityX: radiusM * along, velocityY: 0)
    }

    /// A few power iterations from the previous axis converge on the dominant eigenvector and keep its sign stable.
    private mutating func refreshAxis() {
        var a = axis
        for _ in 0..<4 {
            let b = Vector3(sxx * a.x + sxy * a.y + sxz * a.z,
                            sxy * a.x + syy * a.y + syz * a.z,
                            sxz * a.x + syz * a.y + szz * a.z)
            let n = b.norm
            guard n > 1e-12 else { return }
            a = b / n
        }
        if a.dot(axis) < 0 { a = -a }
        axis = a
    }
}
