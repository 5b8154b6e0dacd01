import RollAnalysis
import RollCore
import RollTrace
import Testing

/// The one settings resolution every command uses: flags > trace metadata > config file > defaults.
@Suite("Settings resolution")
struct SettingsResolutionTests {
    @Test func nothingSaidGivesTheInterfaceDefaults() {
        let s = SettingsResolution.resolve()
        #expect(s == AnalysisSettings())
        #expect(s.tool == .ball && s.radiusMM == 32 && s.fasciaCM == 15 && s.severeForceN == 250 && s.firstFoot == .right)
    }

    @Test func eachValueComesFromTheHighestSourceThatSaysIt() {
        let config = AnalysisChoices(fasciaCM: 14, severeForceN: 200, firstFoot: .left)
        let metadata = AnalysisChoices(fasciaCM: 16, severeForceN: 220)
        let flags = AnalysisChoices(severeForceN: 240)
        let s = SettingsResolution.resolve(flags: flags, metadata: metadata, config: config)
        #expect(s.severeForceN == 240)
        #expect(s.fasciaCM == 16)
        #expect(s.firstFoot == .left)
    }

    /// A radius belongs to the tool it was given for.
    @Test(arguments: [
        // (flags, metadata, config) → radius
        (AnalysisChoices(), AnalysisChoices(tool: .roller, radiusMM: 80), AnalysisChoices(), Tool.roller, 80.0),
        (AnalysisChoices(tool: .ball), AnalysisChoices(tool: .roller, radiusMM: 80), AnalysisChoices(), .ball, 32),
        (AnalysisChoices(tool: .roller), AnalysisChoices(tool: .roller, radiusMM: 80), AnalysisChoices(), .roller, 80),
        (AnalysisChoices(tool: .roller), AnalysisChoices(radiusMM: 40), AnalysisChoices(), .roller, 75),
        (AnalysisChoices(), AnalysisChoices(radiusMM: 40), AnalysisChoices(tool: .roller), .roller, 40),
        (AnalysisChoices(), AnalysisChoices(tool: .roller), AnalysisChoices(tool: .roller, radiusMM: 70), .roller, 70),
        (AnalysisChoices(), AnalysisChoices(tool: .ball), AnalysisChoices(tool: .roller, radiusMM: 70), .ball, 32),
        (AnalysisChoices(), AnalysisChoices(), AnalysisChoices(radiusMM: 30), .ball, 30),
        (AnalysisChoices(tool: .roller), AnalysisChoices(), AnalysisChoices(radiusMM: 30), .roller, 75),
        (AnalysisChoices(radiusMM: 20), AnalysisChoices(tool: .roller, radiusMM: 80), AnalysisChoices(), .roller, 20),
        (AnalysisChoices(tool: .ball, radiusMM: 20), AnalysisChoices(tool: .roller, radiusMM: 80), AnalysisChoices(), .ball, 20),
    ])
    func radiusFollowsItsTool(flags: AnalysisChoices, metadata: AnalysisChoices, config: AnalysisChoices, tool: Tool, radiusMM: Double) {
        let s = SettingsResolution.resolve(flags: flags, metadata: metadata, config: config)
        #expect(s.tool == tool)
        #expect(s.radiusMM == radiusMM)
    }

    @Test func traceMetadataExtensionKeysAreChoices() {
        var m = TraceMetadata(tool: .roller, radiusMM: nil, fasciaCM: 20)
        m.entries += [(key: "severe_n", value: "180"), (key: "first_foot", value: "left"), (key: "gyro_range_dps", value: "2000")]
        let c = m.analysisChoices
        #expect(c == AnalysisChoices(tool: .roller, fasciaCM: 20, severeForceN: 180, firstFoot: .left,
                                     gyroFullScaleRadS: 2000 * .pi / 180))
        var bad = TraceMetadata()
        bad.entries += [(key: "severe_n", value: "-5"), (key: "first_foot", value: "both"), (key: "gyro_range_dps", value: "0")]
        #expect(bad.analysisChoices == AnalysisChoices())
    }
}
