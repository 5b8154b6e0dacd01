import RollCore

/// The state of the session right now, for a live screen. Cheap to take; values, no references.
public struct AnalysisSnapshot: Sendable, Equatable {
    public var tS: Double
    /// The foot of the segment in progress (its label may still change in its first seconds), nil between segments.
    public var foot: Foot?
    public var inContact: Bool
    /// Active time of the segment in progress.
    public var segmentActiveS: Double
    public var segmentDistanceM: Double
    public var strokes: Int
    public var fullLengthStrokes: Int
    public var lastStrokeM: Double?
    /// Where the ball is along the foot, 0 = heel, 1 = ball of foot; nil until strokes have been seen.
    public var positionAlongFoot: Double?
    /// Time in contact spent in each tenth of the foot (heel first), this segment.
    public var timeAlongFootS: [Double]
    /// The last force reading (held), nil without a force sensor or before the first reading.
    public var forceN: Double?
    /// The force sensor's data ended (no reading for longer than its rate allows): contact is from rolling now.
    public var forceDataLost: Bool
    public var speedMS: Double
    /// Seconds the ball has been still under load (a tender spot being held), 0 when rolling.
    public var stillUnderLoadS: Double
    public var isResting: Bool
    public var orientation: Quaternion
    /// Segments finished so far.
    public var finishedSegments: Int
    /// The foot of the last finished segment, nil before the first one ends.
    public var lastFinishedFoot: Foot?

    public static let zonesAlongFoot = 10
}
