/// One row of a rollmon-trace: an IMU reading with an optional new force reading and an optional foot marker.
/// This is the only thing that crosses from SensorIO (or a trace file) into RollAnalysis.
public struct Sample: Sendable, Equatable {
    /// Monotonic time, any origin, strictly increasing.
    public var tSeconds: Double
    /// Specific force in the sensor frame (at rest the up axis reads about +9.81).
    public var accelMS2: Vector3
    /// Angular rate in the sensor frame.
    public var gyroRadS: Vector3
    /// A new force reading taken with this row, or nil when the (slower) force sensor has nothing new: hold the last.
    public var forceN: Double?
    /// The foot marker in effect as set on this row, or nil when the cell was blank.
    public var foot: Foot?

    @inlinable
    public init(tSeconds: Double, accelMS2: Vector3, gyroRadS: Vector3, forceN: Double? = nil, foot: Foot? = nil) {
        self.tSeconds = tSeconds
        self.accelMS2 = accelMS2
        self.gyroRadS = gyroRadS
        self.forceN = forceN
        self.foot = foot
    }
}
