import RollCore

/// Notices a gyro clipped at the end of its range, believing only evidence, so clipped rates are reported and
/// rebuilt (`GyroDeclipper`) while an unclipped recording is left exactly as it is.
///
/// * Sensitivity known (the driver, or `gyro_lsb_per_dps` / a known `imu` part with `gyro_range_dps` in the trace):
///   the rail is that chip's largest code (`GyroRail`); an axis on it is clipped.
/// * Only the nominal range known: the rails real parts have at that range (`GyroFamily.candidateRails`) are
///   candidates; an axis on one is clipped, and a reading beyond a candidate rules it out.
/// * Nothing known: a rail is believed only where the data show one — the same value on one axis for
///   `repeatsForRail` samples in a row, at a real part's rail (to within half of that part's code), while the other
///   axes still change (a frozen sensor repeats every axis), and no reading so far has gone beyond that rail. Real
///   fast motion repeats values too (the BROAD trials do, above 4 rad/s), but never exactly at a part's largest code.
///   Once seen, the rail holds for the rest of the recording.
public struct GyroSaturationDetector: Sendable {
    /// Identical readings in a row before a rail is believed from the data alone.
    public static let repeatsForRail = 3

    /// Rails still possible, narrowest first (one when the sensitivity is known).
    private var candidates: [GyroRail]
    /// The rail believed (known, or confirmed by the data); nil while only candidates are in play.
    public private(set) var rail: GyroRail?
    /// Whether a candidate alone counts as clipped (the nominal range was given) or needs the data's confirmation.
    private let candidatesAreKnown: Bool
    /// Smallest magnitude any candidate can clip at: cheaper tests below it.
    private var lowestRailRadS: Double
    private var largestMagnitudeRadS = 0.0
    private var last = Vector3.zero
    private var runs = (0, 0, 0)
    private var neighboursMoved = (false, false, false)
    public private(set) var saturatedSamples = 0
    /// The rail at which samples were clipped (rad/s), for the warning text; 0 while none.
    public private(set) var railRadS = 0.0

    /// - Parameters: fullScaleDPS: nominal range (`gyro_range_dps`), if known; lsbPerDPS: the chip's sensitivity
    ///   at that range, if known (from the driver, `gyro_lsb_per_dps`, or the part named in `imu`).
    public init(fullScaleDPS: Double?, lsbPerDPS: Double?) {
        if let lsb = lsbPerDPS, lsb > 0 {
            let r = GyroRail(lsbPerDPS: lsb)
            candidates = [r]; rail = r; candidatesAreKnown = true
        } else if let fs = fullScaleDPS, fs > 0 {
            candidates = GyroFamily.candidateRails(fullScaleDPS: fs)
            if candidates.isEmpty { candidates = [GyroRail(lsbPerDPS: 32768 / fs)] }   // an unlisted range: ideal LSB
            candidatesAreKnown = true
        } else {
            candidates = GyroFamily.candidateRails(fullScaleDPS: nil)
            candidatesAreKnown = false
        }
        if candidates.count == 1 { rail = candidates[0] }
        lowestRailRadS = candidates.map { $0.railRadS - 0.5 * $0.lsbRadS }.min() ?? .infinity
    }

    /// Settings → detector: the nominal range and the sensitivity the analysis was given.
    public init(settings: AnalysisSettings) {
        self.init(fullScaleDPS: settings.gyroFullScaleRadS.map { $0 * 180 / Double.pi },
                  lsbPerDPS: settings.gyroLSBPerDPS)
    }

    /// The rail this sample's gyro reading sits on, or nil when no axis is clipped.
    /// Inlined fast path for the usual reading, below every rail still possible (and, while no rail is believed, no
    /// larger than any before): it is not clipped, rules nothing out, and ends any run of repeats at a rail (what
    /// `lookForRail` would do with it).
    @inline(__always)
    public mutating func check(_ g: Vector3) -> GyroRail? {
        let m = max(abs(g.x), max(abs(g.y), abs(g.z)))
        guard m < lowestRailRadS, rail != nil || m <= largestMagnitudeRadS else { return checkNearRail(g) }
        if rail == nil { runs = (0, 0, 0); neighboursMoved = (false, false, false) }
        last = g
        return nil
    }

    @inline(never)
    private mutating func checkNearRail(_ g: Vector3) -> GyroRail? {
        let ax = abs(g.x), ay = abs(g.y), az = abs(g.z)
        let m = max(ax, max(ay, az))
        defer { last = g }
        if let r = rail {
            guard m >= lowestRailRadS, r.isClipped(m) else { return nil }
            return hit(r)
        }
        if m > largestMagnitudeRadS { largestMagnitudeRadS = m; ruleOutExceeded() }
        if candidatesAreKnown {
            guard m >= lowestRailRadS, let r = candidates.first(where: { $0.isClipped(m) }) else { return nil }
            return hit(r)
        }
        return lookForRail(g, ax, ay, az)
    }

    private mutating func hit(_ r: GyroRail) -> GyroRail {
        saturatedSamples += 1
        railRadS = r.railRadS
        return r
    }

    /// Drop candidates some reading has gone beyond: the chip's range is wider than them.
    private mutating func ruleOutExceeded() {
        let m = largestMagnitudeRadS
        let before = candidates.count
        candidates.removeAll { $0.isExceeded(byMagnitude: m) }
        guard candidates.count != before else { return }
        lowestRailRadS = candidates.map { $0.railRadS - 0.5 * $0.lsbRadS }.min() ?? .infinity
        if candidatesAreKnown, candidates.count == 1 { rail = candidates[0] }
    }

    /// Data-only mode: count repeats per axis at a candidate rail; believe the rail after `repeatsForRail`.
    private mutating func lookForRail(_ g: Vector3, _ ax: Double, _ ay: Double, _ az: Double) -> GyroRail? {
        let low = lowestRailRadS
        let sx = ax >= low && g.x == last.x, sy = ay >= low && g.y == last.y, sz = az >= low && g.z == last.z
        guard sx || sy || sz else { runs = (0, 0, 0); neighboursMoved = (false, false, false); return nil }
        let cx = g.x != last.x, cy = g.y != last.y, cz = g.z != last.z
        if sx { runs.0 += 1; neighboursMoved.0 = neighboursMoved.0 || cy || cz } else { runs.0 = 0; neighboursMoved.0 = false }
        if sy { runs.1 += 1; neighboursMoved.1 = neighboursMoved.1 || cx || cz } else { runs.1 = 0; neighboursMoved.1 = false }
        if sz { runs.2 += 1; neighboursMoved.2 = neighboursMoved.2 || cx || cy } else { runs.2 = 0; neighboursMoved.2 = false }
        let need = Self.repeatsForRail - 1   // repeats after the run's first sample
        let found: Double? = runs.0 >= need && neighboursMoved.0 ? ax
            : runs.1 >= need && neighboursMoved.1 ? ay
            : runs.2 >= need && neighboursMoved.2 ? az : nil
        guard let v = found, let r = candidates.first(where: { $0.isAtEnd(v) }) else { return nil }
        // The rail is real: it holds from now on; the run's earlier samples were clipped too.
        rail = r
        candidates = [r]
        lowestRailRadS = r.railRadS - 0.5 * r.lsbRadS
        saturatedSamples += need
        return hit(r)
    }
}
