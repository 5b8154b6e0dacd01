/// Something a summary's reader should know about how far to trust it, as data; RollSummary's `SummaryWords` says it.
public enum SessionWarning: Sendable, Equatable {
    /// No force column: contact was inferred from rolling at `rollingSpeedMS` or faster, gaps under `gapBridgeS`
    /// bridged; force-based measures read 0.
    case noForceSensor(rollingSpeedMS: Double, gapBridgeS: Double)
    /// The gyro read at its limit `railRadS` on `samples` samples, whose rates were rebuilt.
    case gyroSaturated(samples: Int, railRadS: Double)
    /// `readings` IMU readings were missing in `gaps` gaps each shorter than `bridgedUpToS` (lost reads, e.g. a FIFO
    /// read cut by a bus error); the rate across them was interpolated. Longer gaps are outages.
    case imuReadingsMissing(readings: Int, gaps: Int, bridgedUpToS: Double)
    /// A warning of the trace reader, in the reader's own words (RollTrace's `TraceWarning.description`).
    case traceReader(String)
    /// A stretch without data from one sensor, or without a working recording (interface v2 §8); `cause`: the
    /// failure behind it in its own words (e.g. the recording's write error), when known.
    case outage(SensorOutage, cause: String? = nil)

    // What the simulator knows about the trace it wrote (its ground truth only).
    /// The simulated sensor clipped on `rows` rows.
    case simulatedClipping(SimulatedSensor, rows: Int)
    /// The simulation dropped `rows` rows (lost reads).
    case simulatedRowsDropped(rows: Int)
    /// The simulated gyro's sensitivity (scale and cross-axis errors, noise-free) makes segment `segment` (1-based)
    /// read `lengthFactor` × its true rolled length: the part's own share of the distance error, which no analysis
    /// without a reference can remove.
    case simulatedGyroSensitivity(segment: Int, lengthFactor: Double)
    /// An event of the truth came close to a definition's cut, so a small error may flip it.
    case truthNearCut(TruthMargin)

    public enum SimulatedSensor: Sendable, Equatable { case gyro, accelerometer }

    public enum TruthMargin: Sendable, Equatable {
        /// A burst at `onsetS` rose only `riseN`, close to the `cutN` rise of the definition.
        case burstRise(onsetS: Double, riseN: Double, cutN: Double)
        /// A rise of `riseN` at `onsetS` did not fall back in time: not a burst.
        case riseDidNotFall(onsetS: Double, riseN: Double)
        /// Two severe episodes `gapS` apart, close to the `mergeS` merge cut.
        case severeGap(gapS: Double, mergeS: Double)
        /// The largest rise that was not a burst, `riseN`, came close to the `cutN` rise.
        case nonBurstRise(riseN: Double, cutN: Double)
        /// A rise of `riseN` from `onsetS` on stayed under the `cutN` rise by less than 15 N: not a burst.
        case riseNotBurst(onsetS: Double, riseN: Double, cutN: Double)
        /// The force peaked at `peakN` at `tS` (start of the excursion above 90 % of it), within 4 % of the `limitN`
        /// severe limit: a sensor's error can put it on either side.
        case peakNearLimit(tS: Double, peakN: Double, limitN: Double)
    }
}
