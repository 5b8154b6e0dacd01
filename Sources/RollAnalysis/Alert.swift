/// A timestamped alert (trace time): what happened, with the numbers that say how much. No words: presenters
/// (RollSummary's `SummaryWords`) turn an alert into the line on the screen, in the text summary and in the JSON.
public struct Alert: Sendable, Equatable {
    public var tS: Double
    public var reason: AlertReason

    public init(tS: Double, _ reason: AlertReason) { self.tS = tS; self.reason = reason }

    public var kind: AlertKind { reason.kind }
}

/// Why an alert was raised, with its typed values (units in the labels).
public enum AlertReason: Sendable, Equatable {
    /// A force sample at or above the severe limit (the first of a merged episode).
    case severePressure(forceN: Double, limitN: Double)
    /// A sharp transient that rose by `riseN`.
    case burst(riseN: Double)
    /// The foot's active time reached the guideline's lower end (`minS`); up to `maxS` is fine.
    case footTimeMet(minS: Double, maxS: Double)
    /// The foot's active time reached the guideline's upper end: time to switch.
    case switchFoot(maxS: Double)
    /// The last `strokes` strokes were all shorter than the full-length mark `fullLengthCM`.
    case shortStrokes(strokes: Int, fullLengthCM: Double)
    /// Still under load for `stillS`: a tender spot; the whole hold lasts `holdS`.
    case tenderHoldStarted(stillS: Double, holdS: Double)
    /// Still under load for the whole hold of `holdS`.
    case holdComplete(holdS: Double)
    /// The gyro read at its limit, `railRadS`.
    case gyroSaturation(railRadS: Double)
    /// Force data ended (sensor unplugged or failing): contact is taken from rolling until they return.
    case forceLost
    /// Force data came back: contact from force again.
    case forceBack

    public var kind: AlertKind {
        switch self {
        case .severePressure: .severePressure
        case .burst: .burst
        case .footTimeMet: .footTimeMet
        case .switchFoot: .switchFoot
        case .shortStrokes: .shortStrokes
        case .tenderHoldStarted: .tenderHoldStarted
        case .holdComplete: .holdComplete
        case .gyroSaturation: .gyroSaturation
        case .forceLost: .forceLost
        case .forceBack: .forceBack
        }
    }
}

/// What an alert is about. Raw values are the interface's `kind` strings (interface v1 §2).
public enum AlertKind: String, Sendable, CaseIterable {
    case severePressure = "severe_pressure"
    case burst
    case footTimeMet = "foot_time_met"
    case switchFoot = "switch_foot"
    case shortStrokes = "short_strokes"
    case holdComplete = "hold_complete"
    case tenderHoldStarted = "tender_hold_started"
    case gyroSaturation = "gyro_saturation"
    case forceLost = "force_lost"   // interface v2 §8
    case forceBack = "force_back"
}
