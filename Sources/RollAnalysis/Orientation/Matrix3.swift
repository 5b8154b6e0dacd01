// Internal helper types of the estimator, nested so their generic names cannot clash within RollAnalysis.
import RollCore

extension OrientationEstimator {
    /// A 3×3 matrix of doubles, row-major. Internal helper for the gyro-bias Kalman update
    /// (the only place in the estimator that needs matrix algebra), so it stays small and allocation-free.
    struct Matrix3: Sendable, Equatable {
        var m00, m01, m02: Double
        var m10, m11, m12: Double
        var m20, m21, m22: Double

        @inline(__always)
        init(_ m00: Double, _ m01: Double, _ m02: Double,
             _ m10: Double, _ m11: Double, _ m12: Double,
             _ m20: Double, _ m21: Double, _ m22: Double) {
            self.m00 = m00; self.m01 = m01; self.m02 = m02
            self.m10 = m10; self.m11 = m11; self.m12 = m12
            self.m20 = m20; self.m21 = m21; self.m22 = m22
        }

        @inline(__always)
        init(rows r0: Vector3, _ r1: Vector3, _ r2: Vector3) {
            self.init(r0.x, r0.y, r0.z, r1.x, r1.y, r1.z, r2.x, r2.y, r2.z)
        }

        static func diagonal(_ d0: Double, _ d1: Double, _ d2: Double) -> Matrix3 {
            Matrix3(d0, 0, 0, 0, d1, 0, 0, 0, d2)
        }
        static let identity = Matrix3.diagonal(1, 1, 1)

        /// The rotation matrix of a unit quaternion: column j is q.rotate(e_j), so M·v == q.rotate(v).
        init(rotation q: Quaternion) {
            let (w, x, y, z) = (q.w, q.x, q.y, q.z)
            self.init(
                1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
                2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
                2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y))
        }

        var row0: Vector3 { Vector3(m00, m01, m02) }
        var row1: Vector3 { Vector3(m10, m11, m12) }
        var row2: Vector3 { Vector3(m20, m21, m22) }

        @inline(__always)
        static func * (a: Matrix3, v: Vector3) -> Vector3 {
            Vector3(a.row0.dot(v), a.row1.dot(v), a.row2.dot(v))
        }

        static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
            let c0 = Vector3(b.m00, b.m10, b.m20), c1 = Vector3(b.m01, b.m11, b.m21), c2 = Vector3(b.m02, b.m12, b.m22)
            let r0 = a.row0, r1 = a.row1, r2 = a.row2
            return Matrix3(r0.dot(c0), r0.dot(c1), r0.dot(c2),
                           r1.dot(c0), r1.dot(c1), r1.dot(c2),
                           r2.dot(c0), r2.dot(c1), r2.dot(c2))
        }
    }
}
