import ArgumentParser
import Foundation
import RollAnalysis
import RollCore
import RollSummary
import RollTrace

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Analyse a recorded trace and print the coaching summary.",
        discussion: """
        TRACE is a rollmon-trace 1 CSV (or an EuRoC IMU CSV); '-' reads standard input. A malformed trace gets one \
        line naming file:line:column and exit status 65.
        """
    )

    @Argument(help: "The trace file, or - for standard input.")
    var trace: String
    @Flag(help: "Print the summary as the interface's JSON object instead of text.")
    var json = false
    @Option(name: .customLong("orientation-csv"), help: "Also write t,qw,qx,qy,qz per IMU sample to this file.")
    var orientationCSV: String?
    @OptionGroup var analysis: AnalysisOptions

    func run() throws {
        let reader: TraceReader
        do { reader = try TraceReader(path: trace) } catch {
            throw RollmonFailure(error.line == 0 ? .noInput : .dataError, error.description)
        }
        let settings = SettingsResolution.resolve(flags: analysis.choices, metadata: reader.metadata.analysisChoices)
        var orientationOut: OrientationCSVWriter?
        if let path = orientationCSV {
            if FileIdentity.same(path, trace) {
                throw RollmonFailure(.usage, "rollmon: --orientation-csv \(path) is the trace being replayed; it would be overwritten")
            }
            try RecordingGuard.refuseOverwrite(path, flag: "--orientation-csv")
            do { orientationOut = try OrientationCSVWriter(path: path) } catch {
                throw RollmonFailure.rollmon(.cantCreate, error)
            }
        }
        var pipeline = SessionPipeline(analyzer: RollAnalyzer(settings: settings, hasForceSensor: reader.hasForce), input: .recorded)
        // Rows are parsed on a second thread while this one analyses (same samples, same errors, flat memory).
        let samples = ReadAheadTraceReader(reader)
        do {
            while let sample = try samples.nextSample() {
                _ = pipeline.feed(sample) { _ in }
                orientationOut?.append(tSeconds: sample.tSeconds, pipeline.analyzer.orientation.quaternion)
            }
        } catch {
            orientationOut?.discard()
            throw RollmonFailure(.dataError, error.description)
        }
        do { try orientationOut?.close() } catch {
            throw RollmonFailure.rollmon(.ioError, error)
        }
        var summary = pipeline.finish()
        for w in samples.warnings {
            FileHandle.standardError.write(Data((w.description + "\n").utf8))
            summary.warnings.append(.traceReader(w.description))
        }
        let text = json ? SummaryJSON.render(summary)
                        : SummaryText.render(summary, settings: settings, source: trace == "-" ? "standard input" : trace)
        print(text)
    }
}
