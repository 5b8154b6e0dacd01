import RollAnalysis
import RollCore

/// Which body part a session worked (interface v2 §5): trace metadata `target: feet|calves`; without it `feet` for a
/// ball and `calves` for a roller.
public enum SessionTarget: String, Sendable, Codable, CaseIterable {
    case feet, calves

    public static func of(metadataValue: String?, tool: Tool) -> SessionTarget? {
        if let v = metadataValue { return SessionTarget(rawValue: v.lowercased()) }
        return tool == .roller ? .calves : .feet
    }
}

/// A tender-spot hold: when it started and where along the foot the ball was (0 heel … 1 ball of the foot; nil when
/// no strokes had been seen yet to tell the foot's axis).
public struct TenderHold: Sendable, Equatable {
    public var segment: Int
    public var tS: Double
    public var positionAlongFoot: Double?
    public init(segment: Int, tS: Double, positionAlongFoot: Double?) {
        self.segment = segment; self.tS = tS; self.positionAlongFoot = positionAlongFoot
    }
}

/// What the history keeps of one recording: its identity, its start, and the analysis of it.
public struct IndexedSession: Sendable, Equatable {
    /// SHA-256 of the file's bytes (lower-case hex).
    public var contentHash: String
    /// Path as stored: relative to the data directory when the recording lives in it, else absolute.
    public var recording: String
    /// `started` as written (or as given with `--started`).
    public var started: String
    public var startedUnixS: Double
    public var tool: Tool
    public var target: SessionTarget
    public var summary: SessionSummary
    public var holds: [TenderHold]
    /// Per segment: contact time in each tenth of the foot, heel first (`AnalysisSnapshot.timeAlongFootS`).
    public var timeAlongFootS: [[Double]]
    /// Found in `sessions/` without a row (the process that recorded it died) rather than added by its process.
    public var recovered: Bool

    public init(contentHash: String, recording: String, started: String, startedUnixS: Double, tool: Tool,
                target: SessionTarget, summary: SessionSummary, holds: [TenderHold], timeAlongFootS: [[Double]],
                recovered: Bool) {
        self.contentHash = contentHash; self.recording = recording; self.started = started
        self.startedUnixS = startedUnixS; self.tool = tool; self.target = target; self.summary = summary
        self.holds = holds; self.timeAlongFootS = timeAlongFootS; self.recovered = recovered
    }

    /// Seconds per foot as the day rule counts them: a calves session counts as calves whatever the foot marker,
    /// feet sessions count right and left; `unknown` counts for neither.
    public var rightS: Double { target == .feet ? active(.right) : 0 }
    public var leftS: Double { target == .feet ? active(.left) : 0 }
    public var calvesS: Double { target == .calves ? summary.segments.reduce(0) { $0 + $1.activeS } : 0 }

    private func active(_ foot: Foot) -> Double {
        summary.segments.filter { $0.foot == foot.rawValue }.reduce(0) { $0 + $1.activeS }
    }
}
