/// Running shoes, from the guidelines rollmon follows: replace a pair after 500–800 km, and rotate two pairs.
/// Pure: pairs and their logged distance in, each pair's state and the pair to wear next out.
///
/// Distances are whole metres (`Int`), so sums and limit comparisons are exact however many runs are logged;
/// the user types and reads kilometres.
public enum ShoeRules {
    /// The default limit: the middle of the 500–800 km replacement band of the guidelines.
    public static let defaultLimitM = 650_000
    /// Near the limit from 90 % used, or from 50 km left, whichever comes first: 50 km is one to two weeks of
    /// running at 25–50 km a week, time to buy the next pair and break it in while the old one is still worn.
    public static let nearFraction = 0.9
    public static let nearRemainingM = 50_000

    public static func state(distanceM: Int, limitM: Int) -> ShoeState {
        if distanceM >= limitM { return .replace }
        if Double(distanceM) >= nearFraction * Double(limitM) || limitM - distanceM <= nearRemainingM { return .nearLimit }
        return .ok
    }

    /// The pair to wear next under a rotation: among the pairs still within their limit (all pairs when none is),
    /// the one worn least recently — a pair never worn comes first —, then the one with fewer metres. Two pairs
    /// that tie on both (never worn, same distance) leave the choice to the user.
    public static func wearNext(_ pairs: [ShoePair]) -> WearNext {
        guard !pairs.isEmpty else { return .none }
        let withinLimit = pairs.filter { state(distanceM: $0.distanceM, limitM: $0.limitM) != .replace }
        let candidates = withinLimit.isEmpty ? pairs : withinLimit
        // lastRunID orders by when a pair was last logged (ids grow with every entry); nil (never worn) is oldest.
        func key(_ p: ShoePair) -> (Int64, Int) { (p.lastRunID ?? -1, p.distanceM) }
        let best = candidates.min { key($0) < key($1) }!
        let tied = candidates.filter { key($0) == key(best) }
        return tied.count == 1 ? .pair(best.name) : .tie(tied.map(\.name))
    }

    public static func status(_ pair: ShoePair) -> ShoeStatus {
        ShoeStatus(pair: pair, state: state(distanceM: pair.distanceM, limitM: pair.limitM))
    }

    /// Every pair in use with its state, in the order they were added, and the pair to wear next.
    public static func standing(_ pairs: [ShoePair]) -> ShoeStanding {
        ShoeStanding(pairs: pairs.map(status), wearNext: wearNext(pairs))
    }
}

/// One pair as stored: its limit, how far it has run, and when it was last worn.
public struct ShoePair: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var limitM: Int
    public var distanceM: Int
    public var runs: Int
    /// The id of the newest log entry for this pair (entries are numbered in the order they are logged); nil if
    /// the pair was never worn.
    public var lastRunID: Int64?
    /// When that entry was logged (ISO-8601), nil if never.
    public var lastWorn: String?
    public var added: String

    public init(id: Int64, name: String, limitM: Int, distanceM: Int, runs: Int, lastRunID: Int64?, lastWorn: String?,
                added: String) {
        self.id = id; self.name = name; self.limitM = limitM; self.distanceM = distanceM; self.runs = runs
        self.lastRunID = lastRunID; self.lastWorn = lastWorn; self.added = added
    }
}

public enum ShoeState: String, Sendable {
    case ok
    case nearLimit = "near_limit"
    case replace
}

public enum WearNext: Sendable, Equatable {
    case none
    case pair(String)
    /// Several pairs are equally due (none worn yet): the user says which.
    case tie([String])
}

public struct ShoeStatus: Sendable, Equatable {
    public var pair: ShoePair
    public var state: ShoeState
    public var usedFraction: Double { Double(pair.distanceM) / Double(pair.limitM) }
    public var remainingM: Int { pair.limitM - pair.distanceM }

    /// What the state asks of the user, for every presenter (screen, history, report); nil when nothing.
    public var advice: String? {
        switch state {
        case .ok: return nil
        case .nearLimit: return "nearly worn out: \(ShoeDistance.kmText(remainingM)) km left, get the next pair"
        case .replace: return "past its \(ShoeDistance.kmText(pair.limitM)) km limit: replace it"
        }
    }
}

public struct ShoeStanding: Sendable, Equatable {
    public var pairs: [ShoeStatus]
    public var wearNext: WearNext
    public init(pairs: [ShoeStatus], wearNext: WearNext) { self.pairs = pairs; self.wearNext = wearNext }

    /// "wear Pegasus next", "wear Pegasus or Kinvara next (none of them worn yet)", nil without pairs; "Wear …"
    /// to begin a sentence.
    public func wearNextText(capitalized: Bool = false) -> String? {
        let verb = capitalized ? "Wear" : "wear"
        switch wearNext {
        case .none: return nil
        case let .pair(name): return "\(verb) \(name) next"
        case let .tie(names): return "\(verb) \(names.joined(separator: " or ")) next (none of them worn yet)"
        }
    }
}
