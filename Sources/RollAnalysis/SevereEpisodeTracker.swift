/// Severe pressure (interface §2): an episode is force at or above the limit; episodes less than `mergeS` apart are
/// one. Exactly one alert per merged episode, on its first force sample at or above the limit.
public struct SevereEpisodeTracker: Sendable {
    public let limitN: Double
    public let mergeS: Double
    private var lastAboveT = -Double.infinity
    private var above = false

    public init(limitN: Double, mergeS: Double) { self.limitN = limitN; self.mergeS = mergeS }

    /// Feed every new force sample. Returns true when this sample starts a new (merged) severe episode.

    public mutating func add(tS: Double, forceN: Double) -> Bool {
        if forceN >= limitN {
            let startsNew = !above && tS - lastAboveT >= mergeS
            above = true
            lastAboveT = tS
            return startsNew
        }
        above = false
        return false
    }

    public var isAbove: Bool { above }

    /// Force data ended: whatever was above the limit is not any more (the alarm stops; the merge window still runs
    /// from the last reading above it).
    public mutating func forceDataEnded() { above = false }
}
