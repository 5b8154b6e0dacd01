#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A rotation quaternion (w, x, y, z), Hamilton convention.
/// `q.rotate(v)` maps a vector from the frame q is expressed *from* (sensor) into the frame it maps *to* (world).
public struct Quaternion: Sendable, Equatable, Codable {
    public var w: Double
    public var x: Double
    public var y: Double
    public var z: Double

    @inlinable public init(w: Double, x: Double, y: Double, z: Double) { self.w = w; self.x = x; self.y = y; self.z = z }
    /// Computed, not stored, for the same reason as `Vector3.zero`.
    @inlinable public static var identity: Quaternion { Quaternion(w: 1, x: 0, y: 0, z: 0) }

    /// Rotation by `angleRad` about `axis` (need not be normalised; a zero axis gives identity).
    @inlinable public init(axis: Vector3, angleRad: Double) {
        let n = axis.norm
        guard n > 0 else { self = .identity; return }
        let s = sin(angleRad / 2) / n
        self.init(w: cos(angleRad / 2), x: axis.x * s, y: axis.y * s, z: axis.z * s)
    }

    /// The rotation vector exp map: rotation by |v| radians about v.
    @inlinable public init(rotationVector v: Vector3) {
        self.init(axis: v, angleRad: v.norm)
    }

    @inlinable @inline(__always) public static func * (a: Quaternion, b: Quaternion) -> Quaternion {
        Quaternion(
            w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
            x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
            y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
            z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w)
    }
    @inlinable public var conjugate: Quaternion { Quaternion(w: w, x: -x, y: -y, z: -z) }
    @inlinable public var norm: Double { (w * w + x * x + y * y + z * z).squareRoot() }
    @inlinable public var normalized: Quaternion {
        let n = norm
        return n > 0 ? Quaternion(w: w / n, x: x / n, y: y / n, z: z / n) : .identity
    }
    /// Rotates v by this (unit) quaternion: q v q*.
    @inlinable @inline(__always) public func rotate(_ v: Vector3) -> Vector3 {
        // t = 2 q_vec × v ; v' = v + w t + q_vec × t
        let qv = Vector3(x, y, z)
        let t = 2 * qv.cross(v)
        return v + w * t + qv.cross(t)
    }
    /// Rotates v by the inverse of this (unit) quaternion.
    @inlinable public func inverseRotate(_ v: Vector3) -> Vector3 { conjugate.rotate(v) }
}

