import RollAnalysis

/// Whether the recording is being written, as outages of interface v2 §8 (`"sensor": "recording"`): the first
/// failure opens one at the oldest row that did not reach the file, a later successful write closes it. The
/// analysis knows nothing of this (a replay of the file cannot see what is missing from it), so the live session adds
/// these to its summary itself.
struct RecordingHealth {
    private(set) var outages: [SensorOutage] = []
    private var openSinceS: Double?
    /// What failed first in the open outage, for the screen and the warning.
    private(set) var lastError: String?

    var isFailing: Bool { openSinceS != nil }

    /// A write or fsync failed; `unwrittenSinceS` is the time of the oldest row not safely written (or the latest row,
    /// if the writer cannot say). Returns true when this opens an outage (say it on the screen at once).
    mutating func failed(_ error: String, unwrittenSinceS: Double) -> Bool {
        lastError = error
        guard openSinceS == nil else { return false }
        openSinceS = unwrittenSinceS
        return true
    }

    /// Rows reached the file again at `tS`.
    mutating func recovered(atS tS: Double) {
        guard let from = openSinceS else { return }
        outages.append(SensorOutage(sensor: .recording, fromS: from, toS: tS))
        openSinceS = nil
    }

    /// Every outage, the open one (to the end) included.
    var allOutages: [SensorOutage] {
        openSinceS.map { outages + [SensorOutage(sensor: .recording, fromS: $0, toS: nil)] } ?? outages
    }

    /// The summary with the recording's outages merged in (time order) and a `warnings` line each.
    func amend(_ summary: SessionSummary) -> SessionSummary {
        var s = summary
        for o in allOutages { s.addLiveOnlyOutage(o, cause: lastError) }
        return s
    }
}

extension SessionSummary {
    /// An outage only the live session can know of (the recording's rows cannot show it), in time order with its
    /// `warnings` line.
    mutating func addLiveOnlyOutage(_ o: SensorOutage, cause: String? = nil) {
        outages = (outages + [o]).sorted { $0.fromS < $1.fromS }
        warnings.append(.outage(o, cause: cause))
    }
}
