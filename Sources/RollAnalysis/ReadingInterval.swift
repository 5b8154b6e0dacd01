/// The stretch of time one reading stands for. A reading is the rate over the usual interval since the previous one;
/// after readings were lost (a step longer than 1.5 usual intervals) it stands only for its own usual interval, and
/// the lost stretch before it is best bridged by the mean of the readings on either side — the rate interpolated
/// linearly across the gap, which holding one reading over the whole gap is not (a 150 ms gap in a 0.5 m/s stroke:
/// up to ~1 cm of position). The orientation and the stroke position bridge a gap by this one rule.
struct ReadingInterval: Sendable {
    /// The usual interval between readings, followed slowly so a lasting change of rate is learnt.
    private(set) var typicalS = 0.0

    /// Splits a step of `dtS` into the lost stretch (to be bridged by the mean of the two readings) and the later
    /// reading's own interval. Always inlined: it runs twice per sample (orientation, strokes) and is a few compares.
    @inline(__always)
    mutating func split(_ dtS: Double) -> (lostS: Double, ownS: Double) {
        guard dtS > 0 else { return (0, 0) }
        if dtS <= 1.5 * typicalS || typicalS == 0 {
            typicalS += typicalS == 0 ? dtS : 0.05 * (dtS - typicalS)
            return (0, dtS)
        }
        let own = typicalS
        typicalS += 0.01 * (dtS - typicalS)
        return (dtS - own, own)
    }
}
