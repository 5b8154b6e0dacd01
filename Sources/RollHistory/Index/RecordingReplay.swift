import RollAnalysis
import RollCore
import RollTrace

/// Streams a recording through the same analysis as `rollmon replay` and lets a presenter look at each sample, the
/// events it produced and the analyzer after it. The history's indexer and the report's charts both read recordings
/// this way, so there is one analysis path and memory stays flat however long the recording is.
public enum RecordingReplay {
    /// Settings a recording replays with: its own metadata over the defaults (what `rollmon replay TRACE` uses).
    public static func settings(for reader: TraceReader) -> AnalysisSettings {
        SettingsResolution.resolve(metadata: reader.metadata.analysisChoices)
    }

    /// Replays `reader` to its end; `observe` sees every sample with the events it raised, then once more with nil
    /// and the events of closing the last segment. Returns the summary with the reader's warnings (a last line cut
    /// short, ...) appended, as `replay` prints it.
    public static func run(_ reader: TraceReader, settings: AnalysisSettings,
                           observe: (Sample?, [AnalysisEvent], RollAnalyzer) -> Void) throws(TraceError) -> SessionSummary {
        var analyzer = RollAnalyzer(settings: settings, hasForceSensor: reader.hasForce)
        var events: [AnalysisEvent] = []
        events.reserveCapacity(8)
        while let sample = try reader.nextSample() {
            analyzer.process(sample) { events.append($0) }
            observe(sample, events, analyzer)
            events.removeAll(keepingCapacity: true)
        }
        var summary = analyzer.finish { events.append($0) }
        observe(nil, events, analyzer)
        for w in reader.warnings { summary.warnings.append(.traceReader(w.description)) }
        return summary
    }
}
