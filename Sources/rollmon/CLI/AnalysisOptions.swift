import ArgumentParser
import RollAnalysis
import RollCore
import RollTrace

/// The analysis flags shared by replay, live and demo (interface v1 §2). Flags override the trace's metadata, which
/// overrides the defaults.
struct AnalysisOptions: ParsableArguments {
    @Option(help: "ball or roller (default: the trace's 'tool', else ball).")
    var tool: Tool?
    @Option(name: .customLong("radius-mm"), parsing: .unconditional, help: "Radius of the ball or roller in mm (default: trace's radius_mm, else 32 for a ball, 75 for a roller).")
    var radiusMM: Double?
    @Option(name: .customLong("fascia-cm"), parsing: .unconditional, help: "Plantar fascia length, heel to ball of foot, in cm (default: trace's fascia_cm, else 15).")
    var fasciaCM: Double?
    @Option(name: .customLong("severe-n"), parsing: .unconditional, help: "Force in newtons at or above which pressure is severe (default 250).")
    var severeN: Double?
    @Option(name: .customLong("first-foot"), help: "Foot of the first segment when no marker says (right or left; default right).")
    var firstFoot: Foot?

    func validate() throws {
        if let r = radiusMM, !SettingRanges.radiusMM.contains(r) { throw ValidationError("--radius-mm must be \(SettingRanges.words(SettingRanges.radiusMM)) mm") }
        if let f = fasciaCM, !SettingRanges.fasciaCM.contains(f) { throw ValidationError("--fascia-cm must be \(SettingRanges.words(SettingRanges.fasciaCM)) cm") }
        if let s = severeN, !SettingRanges.severeN.contains(s) { throw ValidationError("--severe-n must be \(SettingRanges.words(SettingRanges.severeN)) N") }
    }

    /// What the command line says; `SettingsResolution` puts it above the trace's metadata and the config file.
    var choices: AnalysisChoices {
        AnalysisChoices(tool: tool, radiusMM: radiusMM, fasciaCM: fasciaCM, severeForceN: severeN, firstFoot: firstFoot)
    }
}

extension Tool: ExpressibleByArgument {}
extension Foot: ExpressibleByArgument {}
