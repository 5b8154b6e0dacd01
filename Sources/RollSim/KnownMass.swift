import RollCore

/// The known mass the user calibrates with: what they type (`--known-kg`, the prompt's example 5 kg) against what
/// it really weighs. A household object weighed on a kitchen scale, taken as good to ±0.5 % (an unverified consumer
/// scale; the ±0.26 % by which local gravity differs from standard gravity, 9.780–9.832 m/s², is within it).
struct KnownMass {
    /// The weight the calibration is told, N (typed kg × standard gravity, as `CalibrateCommand` does).
    let statedN: Double
    /// The weight it really puts on the sensor, N.
    let trueN: Double

    static let kitchenScaleTolerance = 0.005

    static func kitchenScale(kg: Double = 5, rng: inout SeededRandom) -> KnownMass {
        let stated = kg * standardGravityMS2
        return KnownMass(statedN: stated, trueN: stated * (1 + rng.uniform(-kitchenScaleTolerance, kitchenScaleTolerance)))
    }
}
