/// The values a user may give for the tool and the limits, wherever they come from (flags, config file, trace
/// metadata): every real tool and foot fits with room to spare, and the analysis' arithmetic stays meaningful (a
/// radius of 1e300 mm once made a stroke length overflow its histogram's Int bin and crash `replay`).
public enum SettingRanges {
    /// 5–300 mm: from a marble to a roller 60 cm across. Real tools: a golf ball 21.3 mm (R&A Rules of Golf, Equipment
    /// Rules Part 3: at least 42.67 mm across), a lacrosse ball ~32 mm, foam rollers 50–90 mm.
    public static let radiusMM: ClosedRange<Double> = 5...300
    /// 5–40 cm: heel to ball of foot is 14–16 cm for most adults (the routine brief); the longest feet are ~35 cm.
    public static let fasciaCM: ClosedRange<Double> = 5...40
    /// 20–5 000 N: above the contact force (10 N, interface §2) so that a severe episode is a pressing foot, and far
    /// above anything a foot can press (body weight ~1 kN).
    public static let severeN: ClosedRange<Double> = 20...5_000

    /// "between 5 and 300" — the words the errors use.
    public static func words(_ r: ClosedRange<Double>) -> String { "between \(whole(r.lowerBound)) and \(whole(r.upperBound))" }

    private static func whole(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}
