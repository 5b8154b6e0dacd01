import ArgumentParser
import Foundation
import RollAnalysis
import RollCore
import RollSim

/// `rollmon simulate`: writes a simulated session (trace) and its ground truth (replay-shaped JSON).
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a rolling session with known ground truth.",
        discussion: "Presets: " + SimulationPreset.allCases.map(\.rawValue).joined(separator: ", ")
            + ". The trace is rollmon-trace 1; the truth JSON has the shape of `rollmon replay --json`.")

    @Option(help: "Scenario preset.")
    var preset: SimulationPreset = .clean
    @Option(parsing: .unconditional, help: "Random seed (same seed and options → byte-identical output).")
    var seed: UInt64 = 1
    @Option(help: "Trace file to write.")
    var out: String
    @Option(help: "Ground-truth JSON file to write.")
    var truth: String
    @Option(help: "ball or roller (default: the preset's).")
    var tool: Tool?
    @Option(name: .customLong("rate-hz"), parsing: .unconditional, help: "IMU sample rate, 100–1000 Hz (default: the preset's).")
    var rateHz: Double?
    @Option(name: .customLong("duration-s"), parsing: .unconditional, help: "Session length in seconds (segments are added until reached).")
    var durationS: Double?
    @Option(name: .customLong("segments"), parsing: .unconditional, help: "Number of foot segments (ignored with --duration-s).")
    var segments: Int?
    static let longestDurationS = 86_400.0
    /// As many segments as `--duration-s` may add (a 24 h session of 2–3 min segments needs fewer than this).
    static let mostSegments = 1000
    @Option(name: .customLong("radius-mm"), parsing: .unconditional, help: "Ball or roller radius in mm.")
    var radiusMM: Double?
    @Option(name: .customLong("fascia-cm"), parsing: .unconditional, help: "Rolled length (fascia or calf) in cm.")
    var fasciaCM: Double?
    @Option(name: .customLong("force-sensor"),
            help: "Simulated force sensor (default: the preset's).")
    var forceSensor: ForceSensorModel?
    @Option(help: "IMU part (default: the preset's).")
    var imu: ImuChoice?
    @Flag(name: .customLong("foot-markers"), help: "Simulate L/R button presses.")
    var footMarkers = false

    func validate() throws {
        if let r = rateHz, !(r >= 100 && r <= 1000) { throw ValidationError("--rate-hz must be within 100…1000") }
        // Up to a day: the longest trace the bench and the flat-memory claim speak of (24 h); 1e300 s ran forever.
        if let d = durationS, !(d >= 60 && d <= Self.longestDurationS) {
            throw ValidationError("--duration-s must be from 60 to \(Int(Self.longestDurationS)) (24 h)")
        }
        if let n = segments, !(1...Self.mostSegments).contains(n) { throw ValidationError("--segments must be from 1 to \(Self.mostSegments)") }
        // The trace must replay: the same radius range as replay's flag and the trace's metadata.
        if let r = radiusMM, !SettingRanges.radiusMM.contains(r) { throw ValidationError("--radius-mm must be \(SettingRanges.words(SettingRanges.radiusMM))") }
        if let f = fasciaCM, !(f >= 8 && f <= 40) { throw ValidationError("--fascia-cm must be within 8…40") }
    }

    /// The command that reproduces this trace: every option given except where the files go.
    private func sourceLine() -> String {
        var parts = ["rollmon simulate", "--preset \(preset.rawValue)", "--seed \(seed)"]
        if let tool { parts.append("--tool \(tool.rawValue)") }
        if let rateHz { parts.append("--rate-hz \(rateHz)") }
        if let durationS { parts.append("--duration-s \(durationS)") }
        if let segments { parts.append("--segments \(segments)") }
        if let radiusMM { parts.append("--radius-mm \(radiusMM)") }
        if let fasciaCM { parts.append("--fascia-cm \(fasciaCM)") }
        if let forceSensor { parts.append("--force-sensor \(forceSensor.rawValue)") }
        if let imu { parts.append("--imu \(imu.rawValue)") }
        if footMarkers { parts.append("--foot-markers") }
        return parts.joined(separator: " ")
    }

    func run() throws {
        try RecordingGuard.refuseSameFile(out, truth, flags: ("--out", "--truth"))
        try RecordingGuard.refuseOverwrite(out, flag: "--out", allowingSimulation: true)
        try RecordingGuard.refuseOverwrite(truth, flag: "--truth")
        var scenario = SimulationScenario(preset: preset, seed: seed)
        if let tool {
            scenario.tool = tool
            if radiusMM == nil { scenario.radiusMM = tool == .roller ? 75 : 31.5 }
            if tool == .roller { scenario.lateralWobbleMM = 0 }
        }
        if let rateHz { scenario.imuRateHz = rateHz }
        if let durationS { scenario.durationS = durationS; scenario.segmentCount = Self.mostSegments }
        if let segments, durationS == nil { scenario.segmentCount = segments }
        if let radiusMM { scenario.radiusMM = radiusMM }
        if let fasciaCM { scenario.fasciaCM = fasciaCM }
        if let forceSensor { scenario.forceSensor = forceSensor }
        if let imu { scenario.imuChoice = imu }
        if footMarkers { scenario.footMarkers = true }
        scenario.source = sourceLine()
        do {
            let summary = try writeSimulation(scenario: scenario, tracePath: out, truthPath: truth)
            let stderr = FileHandle.standardError
            stderr.write(Data(("simulated \(summary.samples) samples, \(summary.segments.count) segments, "
                + "\(String(format: "%.1f", summary.durationS)) s → \(out), truth → \(truth)\n").utf8))
        } catch {
            throw RollmonFailure(.cantCreate, "rollmon simulate: \(error)")
        }
    }
}

extension SimulationPreset: ExpressibleByArgument {}
extension ForceSensorModel: ExpressibleByArgument {}
extension ImuChoice: ExpressibleByArgument {}
