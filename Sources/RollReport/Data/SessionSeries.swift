import RollAnalysis
import RollCore
import RollHistory
import RollTrace

/// What the per-session charts need from one recording, gathered by streaming it through the analysis once
/// (`RecordingReplay`): flat memory whatever the length — force is decimated into at most `maxForcePoints` buckets
/// (each keeps its highest reading, so no peak is lost), stroke lengths go into 1 cm bins.
public struct SessionSeries: Sendable {
    public var name: String
    public var started: String?
    public var summary: SessionSummary
    /// Trace time of the first sample: charts count session time from here (traces need not start at 0).
    public var firstS: Double = 0
    public var severeLimitN: Double
    /// 0.8 × fascia: a stroke at least this long is full-length.
    public var fullLengthM: Double
    public var target: SessionTarget
    /// (bucket start s, highest force N in the bucket).
    public var force: [(tS: Double, maxN: Double)]
    public var hasForce: Bool
    /// Stroke counts per 1 cm of length, from 0.
    public var strokeBinsCM: [Int]
    /// Contact time per tenth of the foot, heel first, summed over segments.
    public var timeAlongFootS: [Double]
    public var holds: [TenderHold]
    public var burstTimesS: [Double] { summary.alerts.filter { $0.kind == .burst }.map(\.tS) }
    public var severeTimesS: [Double] { summary.alerts.filter { $0.kind == .severePressure }.map(\.tS) }

    public static let maxForcePoints = 600
    /// Stroke lengths above this share the last bin.
    public static let maxStrokeCM = 40

    public func activeS(_ foot: Foot) -> Double {
        summary.segments.filter { $0.foot == foot.rawValue }.reduce(0) { $0 + $1.activeS }
    }

    /// Reads `path` through the analysis.
    public static func read(path: String, name: String) throws(TraceError) -> SessionSeries {
        let reader = try TraceReader(path: path)
        let settings = RecordingReplay.settings(for: reader)
        var buckets = ForceBuckets(maxPoints: maxForcePoints)
        var bins = [Int](repeating: 0, count: maxStrokeCM + 1)
        var zones = [Double](repeating: 0, count: AnalysisSnapshot.zonesAlongFoot)
        var lastZones = zones
        var holds: [TenderHold] = []
        var firstS: Double?
        let summary = try RecordingReplay.run(reader, settings: settings) { sample, events, analyzer in
            if firstS == nil { firstS = sample?.tSeconds }
            if let f = sample?.forceN, let t = sample?.tSeconds { buckets.add(tS: t, forceN: f) }
            for e in events {
                switch e {
                case let .stroke(_, lengthM, _):
                    bins[min(maxStrokeCM, max(0, Int(lengthM * 100)))] += 1
                case .segmentEnded:
                    for i in zones.indices { zones[i] += lastZones[i] }
                case let .alert(a) where a.kind == .tenderHoldStarted:
                    holds.append(TenderHold(segment: analyzer.segments.count, tS: a.tS,
                                            positionAlongFoot: analyzer.snapshot.positionAlongFoot))
                default: break
                }
            }
            if analyzer.snapshot.inContact || !events.isEmpty { lastZones = analyzer.snapshot.timeAlongFootS }
        }
        let target = SessionTarget.of(metadataValue: reader.metadata.value(of: "target"), tool: settings.tool) ?? .feet
        return SessionSeries(name: name, started: reader.metadata.started, summary: summary, firstS: firstS ?? 0,
                             severeLimitN: settings.severeForceN, fullLengthM: settings.fullLengthFraction * settings.fasciaCM / 100,
                             target: target, force: buckets.points, hasForce: reader.hasForce, strokeBinsCM: bins,
                             timeAlongFootS: zones, holds: holds)
    }
}

/// Fixed-memory decimation: buckets of a width that doubles (merging neighbours) whenever there would be more than
/// `maxPoints`; each bucket keeps its highest value.
struct ForceBuckets {
    let maxPoints: Int
    var widthS = 0.1
    var origin: Double?
    var maxima: [Double] = []

    init(maxPoints: Int) { self.maxPoints = maxPoints; maxima.reserveCapacity(maxPoints) }

    mutating func add(tS: Double, forceN: Double) {
        if origin == nil { origin = tS }
        var i = Int((tS - origin!) / widthS)
        while i >= maxPoints {
            var merged: [Double] = []
            merged.reserveCapacity(maxPoints)
            var k = 0
            while k < maxima.count {
                merged.append(k + 1 < maxima.count ? max(maxima[k], maxima[k + 1]) : maxima[k])
                k += 2
            }
            maxima = merged
            widthS *= 2
            i = Int((tS - origin!) / widthS)
        }
        while maxima.count <= i { maxima.append(-.infinity) }
        maxima[i] = max(maxima[i], forceN)
    }

    var points: [(tS: Double, maxN: Double)] {
        maxima.enumerated().compactMap { k, v in v.isFinite ? ((origin ?? 0) + Double(k) * widthS, v) : nil }
    }
}
