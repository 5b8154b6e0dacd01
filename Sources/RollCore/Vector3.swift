/// A 3-vector of doubles. Units are carried by the name of the property that holds it
/// (`accelMS2`, `gyroRadS`, ...), never by the vector itself.
public struct Vector3: Sendable, Equatable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public var z: Double

    @inlinable public init(_ x: Double, _ y: Double, _ z: Double) { self.x = x; self.y = y; self.z = z }
    // Computed, not stored: a `static let` is reached from other modules through a lazy-initialisation check on
    // every use, and these are used on every sample.
    @inlinable public static var zero: Vector3 { Vector3(0, 0, 0) }
    @inlinable public static var unitZ: Vector3 { Vector3(0, 0, 1) }

    @inlinable public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    @inlinable public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    @inlinable public static prefix func - (a: Vector3) -> Vector3 { Vector3(-a.x, -a.y, -a.z) }
    @inlinable public static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }
    @inlinable public static func * (s: Double, a: Vector3) -> Vector3 { a * s }
    @inlinable public static func / (a: Vector3, s: Double) -> Vector3 { Vector3(a.x / s, a.y / s, a.z / s) }
    @inlinable public static func += (a: inout Vector3, b: Vector3) { a = a + b }
    @inlinable public static func -= (a: inout Vector3, b: Vector3) { a = a - b }

    @inlinable @inline(__always) public func dot(_ b: Vector3) -> Double { x * b.x + y * b.y + z * b.z }
    @inlinable @inline(__always) public func cross(_ b: Vector3) -> Vector3 {
        Vector3(y * b.z - z * b.y, z * b.x - x * b.z, x * b.y - y * b.x)
    }
    @inlinable public var squaredNorm: Double { x * x + y * y + z * z }
    @inlinable public var norm: Double { squaredNorm.squareRoot() }
    /// The unit vector along self, or `.zero` for a zero vector.
    @inlinable public var normalized: Vector3 { let n = norm; return n > 0 ? self / n : .zero }
    @inlinable public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }
}
