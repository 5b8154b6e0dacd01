/// Maps a force sensor's raw reading (ADC counts, HX711 counts, pascals above nothing...) to newtons.
public protocol ForceCalibration: Sendable {
    func forceN(fromRaw raw: Double) -> Double
}

/// Load cells and pressure-in-a-ball: linear in the raw reading once the no-load value is subtracted.
/// `forceN = (raw - tareCounts) * newtonsPerCount`.
public struct LinearForceCalibration: ForceCalibration, Equatable {
    public var tareCounts: Double
    public var newtonsPerCount: Double

    public init(tareCounts: Double, newtonsPerCount: Double) {
        self.tareCounts = tareCounts; self.newtonsPerCount = newtonsPerCount
    }

    /// Same thing in the barometer's units: a baseline pressure and N per Pa of rise.
    public init(tarePa: Double, newtonsPerPa: Double) {
        self.init(tareCounts: tarePa, newtonsPerCount: newtonsPerPa)
    }

    public func forceN(fromRaw raw: Double) -> Double { (raw - tareCounts) * newtonsPerCount }

    /// Re-tares from unloaded readings (their mean), keeping the scale.
    public func tared(withUnloadedRaw samples: [Double]) -> LinearForceCalibration {
        guard !samples.isEmpty else { return self }
        return LinearForceCalibration(tareCounts: samples.reduce(0, +) / Double(samples.count),
                                      newtonsPerCount: newtonsPerCount)
    }

    /// Scale from one known load: `knownN` newtons read `rawAtLoad` with the current tare.
    public func scaled(knownN: Double, rawAtLoad: Double) throws -> LinearForceCalibration {
        guard rawAtLoad != tareCounts else {
            throw SensorIOError.invalidConfiguration("The calibration load did not change the reading (\(rawAtLoad)); "
                + "check that the sensor is wired and loaded.")
        }
        return LinearForceCalibration(tareCounts: tareCounts, newtonsPerCount: knownN / (rawAtLoad - tareCounts))
    }
}

/// FSRs: strongly non-linear, so a measured curve of (raw, N) points with linear interpolation between them.
/// Below the first point the force is the first point's (usually 0 N: an FSR reads nothing under light touch);
/// above the last it extends the last segment's slope (pressing harder than the calibration went).
public struct PiecewiseForceCalibration: ForceCalibration, Equatable {
    public struct Point: Sendable, Equatable {
        public var raw: Double
        public var forceN: Double
        public init(raw: Double, forceN: Double) { self.raw = raw; self.forceN = forceN }
    }
    public let points: [Point]

    /// `points` must have at least two entries with strictly increasing `raw`.
    public init(points: [Point]) throws {
        guard points.count >= 2 else {
            throw SensorIOError.invalidConfiguration("A force calibration curve needs at least two (raw, N) points.")
        }
        for (a, b) in zip(points, points.dropFirst()) where !(b.raw > a.raw) {
            throw SensorIOError.invalidConfiguration(
                "Force calibration points must have increasing raw values (\(a.raw) then \(b.raw)).")
        }
        self.points = points
    }

    public func forceN(fromRaw raw: Double) -> Double {
        if raw <= points[0].raw { return points[0].forceN }
        // Binary search for the segment [lo, lo+1] containing raw.
        var lo = 0, hi = points.count - 1
        if raw >= points[hi].raw { lo = hi - 1 } else {
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if points[mid].raw <= raw { lo = mid } else { hi = mid }
            }
        }
        let a = points[lo], b = points[lo + 1]
        return a.forceN + (raw - a.raw) * (b.forceN - a.forceN) / (b.raw - a.raw)
    }
}
