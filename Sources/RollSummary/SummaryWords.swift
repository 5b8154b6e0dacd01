import RollAnalysis
import RollCore
import RollTrace

/// The one place where alerts, warnings and times become words: for the live screen, the text summary, the JSON
/// `message` (interface v1 §2: those texts are part of the contract, keep them byte for byte) and the simulator's
/// truth. Locale-free and deterministic, so the same session always reads the same.
public enum SummaryWords {
    /// Who is speaking. The analysis coaches the user; the simulator's truth names the definition that fired.
    public enum Voice: Sendable { case coaching, truth }

    public static func message(_ alert: Alert, voice: Voice = .coaching) -> String {
        switch (alert.reason, voice) {
        case let (.severePressure(forceN, limitN), _):
            "Ease off: \(whole(forceN)) N is above your limit (\(whole(limitN)) N)"
        case let (.burst(riseN), .coaching):
            "Sharp spike (+\(whole(riseN)) N): press gradually, no sudden loading"
        case let (.burst(riseN), .truth):
            "Sharp rise of \(whole(riseN)) N"
        case let (.footTimeMet(minS, maxS), .coaching):
            "\(clock(minS)) on this foot: guideline met, up to \(clock(maxS)) is fine"
        case let (.footTimeMet(minS, _), .truth):
            "\(whole(minS / 60)) minutes on this foot"
        case let (.switchFoot(maxS), .coaching):
            "\(clock(maxS)) on this foot: switch to the other foot"
        case let (.switchFoot(maxS), .truth):
            "\(whole(maxS / 60)) minutes: switch foot"
        case let (.shortStrokes(strokes, fullLengthCM), _):
            "Roll the whole length, heel to the ball of the foot: last \(strokes) strokes were under \(whole(fullLengthCM)) cm"
        case let (.tenderHoldStarted(_, holdS), .coaching):
            "Tender spot: stay here and increase pressure slowly, \(whole(holdS)) s in all"
        case let (.tenderHoldStarted(stillS, _), .truth):
            "Tender hold: \(whole(stillS)) s without rolling"
        case let (.holdComplete(holdS), .coaching):
            "Hold complete (\(whole(holdS)) s): ease off and keep rolling"
        case let (.holdComplete(holdS), .truth):
            "Hold complete: \(whole(holdS)) s"
        case let (.gyroSaturation(railRadS), _):
            "Gyro at its limit (\(FixedDecimal.string(railRadS, decimals: 1)) rad/s): rolling faster than the sensor's range"
        case (.forceLost, _):
            "Force sensor silent: contact now from rolling; pressure not measured"
        case (.forceBack, _):
            "Force sensor back: contact from force again"
        }
    }

    public static func text(_ warning: SessionWarning) -> String {
        switch warning {
        case let .noForceSensor(rollingSpeedMS, gapBridgeS):
            "no force sensor: contact is inferred from rolling (>= \(whole(rollingSpeedMS * 100)) cm/s, gaps under \(whole(gapBridgeS)) s bridged); peak force, bursts, severe pressure and tender holds cannot be measured and read 0"
        case let .gyroSaturated(samples, railRadS):
            "gyro saturated on \(samples) samples (at \(FixedDecimal.string(railRadS, decimals: 2)) rad/s): rates there were rebuilt along the rotation axis; choose a wider gyro range for exact lengths"
        case let .imuReadingsMissing(readings, gaps, bridgedUpToS):
            "IMU: \(counted(readings, "reading", "readings")) missing in \(counted(gaps, "short gap", "short gaps")) (under \(FixedDecimal.string(bridgedUpToS, decimals: 2)) s each); the rate across them was interpolated"
        case let .traceReader(line):
            line
        case let .outage(o, cause):
            outageText(o) + (cause.map { ": \($0)" } ?? "")
        case let .simulatedClipping(sensor, rows):
            "\(sensor == .gyro ? "gyro" : "accelerometer") saturated on \(rows) rows"
        case let .simulatedRowsDropped(rows):
            "\(rows) rows dropped"
        // NearThresholdCLITests read the segment number after "segment " and the factor after "× ".
        case let .simulatedGyroSensitivity(segment, lengthFactor):
            "truth: the gyro's sensitivity alone makes segment \(segment) read × \(lengthFactor) its rolled length"
        // The truth's margins are diagnostics for the simulator's author: full precision, as Swift prints a Double.
        case let .truthNearCut(.burstRise(onsetS, riseN, cutN)):
            "truth: burst at \(onsetS) s rose only \(riseN) N (near the \(whole(cutN)) N cut)"
        case let .truthNearCut(.riseDidNotFall(onsetS, riseN)):
            "truth: a \(riseN) N rise at \(onsetS) s did not fall back (not a burst)"
        case let .truthNearCut(.severeGap(gapS, mergeS)):
            "truth: severe episodes \(gapS) s apart (near the \(whole(mergeS)) s merge cut)"
        case let .truthNearCut(.nonBurstRise(riseN, cutN)):
            "truth: a non-burst rise of \(riseN) N came near the \(whole(cutN)) N cut"
        case let .truthNearCut(.riseNotBurst(onsetS, riseN, cutN)):
            "truth: a rise of \(riseN) N at \(onsetS) s is not a burst (near the \(whole(cutN)) N cut)"
        // NearThresholdCLITests read the time after " N at " and the phrase "near the 250 N limit".
        case let .truthNearCut(.peakNearLimit(tS, peakN, limitN)):
            "truth: force peaked at \(peakN) N at \(tS) s (near the \(whole(limitN)) N limit)"
        }
    }

    /// The warning for one outage: which sensor, the span in trace time, and what it means for the summary.
    static func outageText(_ o: SensorOutage) -> String {
        func s1(_ v: Double) -> String { FixedDecimal.string(v, decimals: 1) }
        let span = o.toS.map { "from \(s1(o.fromS)) s to \(s1($0)) s (\(s1($0 - o.fromS)) s)" } ?? "from \(s1(o.fromS)) s to the end"
        switch o.sensor {
        case .force:
            return "force sensor: no data \(span); contact was taken from rolling meanwhile and pressure was not measured"
        case .imu:
            return "IMU: no samples \(span); nothing was measured in the gap"
        case .recording:
            return "recording: could not be written \(span); the analysis went on, but the file lacks that part"
        }
    }

    /// `m:ss`, never negative. Summaries round to the nearest second; a running timer passes `.down`, so it does not
    /// show 2:00 before two minutes are really done.
    public static func clock(_ seconds: Double, rounding: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> String {
        let total = max(0, Int(seconds.rounded(rounding)))
        let sec = total % 60
        return "\(total / 60):\(sec < 10 ? "0" : "")\(sec)"
    }

    /// A whole number, rounded half away from zero ("262", never "262.0" or "-0").
    public static func whole(_ v: Double) -> String { FixedDecimal.string(v, decimals: 0) }
}
