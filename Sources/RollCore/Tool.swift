/// The rolling tool the IMU sits in.
public enum Tool: String, Sendable, Codable, CaseIterable {
    /// A massage ball: a sphere rolling without slip under the foot.
    case ball
    /// A foam roller: a cylinder turning about its own axis.
    case roller
}
