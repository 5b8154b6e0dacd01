/// A linear map from data to pixels, with "nice" ticks (1, 2, 5 × 10ⁿ), as axis code everywhere does it.
public struct LinearScale: Sendable, Equatable {
    public var domain: (Double, Double)
    public var range: (Double, Double)

    public init(domain: (Double, Double), range: (Double, Double)) {
        let (a, b) = domain
        self.domain = b > a ? (a, b) : (a, a + 1)
        self.range = range
    }

    public static func == (x: LinearScale, y: LinearScale) -> Bool { x.domain == y.domain && x.range == y.range }

    public func callAsFunction(_ v: Double) -> Double {
        range.0 + (v - domain.0) / (domain.1 - domain.0) * (range.1 - range.0)
    }

    /// About `count` round tick values inside the domain.
    public func ticks(_ count: Int = 5) -> [Double] {
        let span = domain.1 - domain.0
        let step = Self.niceStep(span / Double(max(1, count)))
        var t = (domain.0 / step).rounded(.up) * step
        var out: [Double] = []
        while t <= domain.1 + step * 1e-9 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let f = raw / magnitude
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude
    }

    /// A domain upper end rounded up to the tick step, so the top tick closes the axis.
    public static func niceMax(_ v: Double, ticks: Int = 5) -> Double {
        guard v > 0 else { return 1 }
        let step = niceStep(v / Double(ticks))
        return (v / step).rounded(.up) * step
    }

    /// Ticks for a time axis in seconds: steps a clock reader expects (10 s, 15 s, 30 s, 1, 2, 5, 10 … min).
    public func timeTicks(_ count: Int = 5) -> [Double] {
        let raw = (domain.1 - domain.0) / Double(max(1, count))
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600]
        let step = steps.first { $0 >= raw } ?? Self.niceStep(raw / 3600) * 3600
        var t = (domain.0 / step).rounded(.up) * step
        var out: [Double] = []
        while t <= domain.1 + step * 1e-9 { out.append(t); t += step }
        return out
    }
}
