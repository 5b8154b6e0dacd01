import ArgumentParser
import Foundation
import RollAnalysis
import RollCore
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
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(error.line == 0 ? ExitStatus.noInput : ExitStatus.dataError)
        }
        let settings = analysis.settings(metadata: reader.metadata)
        var orientationOut: OrientationCSVWriter?
        if let path = orientationCSV {
            do { orientationOut = try OrientationCSVWriter(path: path) } catch {
                FileHandle.standardError.write(Data("rollmon: \(error)\n".utf8))
                throw ExitCode(ExitStatus.cantCreate)
            }
        }
        var analyzer = RollAnalyzer(settings: settings, hasForceSensor: reader.hasForce)
        do {
            while let sample = try reader.nextSample() {
                analyzer.process(sample)
                orientationOut?.append(tSeconds: sample.tSeconds, analyzer.orientation.quaternion)
            }
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(ExitStatus.dataError)
        }
        do { try orientationOut?.close() } catch {
            FileHandle.standardError.write(Data("rollmon: \(error)\n".utf8))
            throw ExitCode(ExitStatus.ioError)
        }
        var summary = analyzer.finish()
        for w in reader.warnings {
            FileHandle.standardError.write(Data((w.description + "\n").utf8))
            summary.warnings.append(w.description)
        }
        let text = json ? SummaryJSON.render(summary)
                        : SummaryText.render(summary, settings: settings, source: trace == "-" ? "standard input" : trace)
        print(text)
    }
}

/// `--orientation-csv` (interface v1 §3): one row per IMU sample, same order as the input.
final class OrientationCSVWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data("t,qw,qx,qy,qz\n".utf8)),
              let h = FileHandle(forWritingAtPath: path) else {
            throw TraceWriteError(path: path, reason: String(cString: strerror(errno)))
        }
        handle = h
        try handle.seekToEnd()
        buffer.reserveCapacity(1 << 16)
    }

    func append(tSeconds: Double, _ q: Quaternion) {
        // A quaternion and its negative are the same rotation; keep w >= 0 so the file is easy to compare and plot.
        let s: Double = q.w < 0 ? -1 : 1
        FixedDecimal.append(tSeconds, decimals: 6, to: &buffer)
        for v in [q.w * s, q.x * s, q.y * s, q.z * s] {
            buffer.append(UInt8(ascii: ","))
            FixedDecimal.append(v, decimals: 8, to: &buffer)
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { try? flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.close()
    }
}
