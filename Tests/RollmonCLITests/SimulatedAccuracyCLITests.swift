import Foundation
import RollAnalysis
import RollSim
import TestSupport
import Testing

/// `rollmon replay --json` against the simulator's truth, through the user's path: the built `rollmon` executable
/// writes each session (`rollmon simulate`) and analyses it (`rollmon replay --json`). The truth is the physics — the
/// force the foot applied and the tool's true motion — never a sensor's reading.
///
/// Bars (issue 9): distance ±3 %, strokes ±max(5 %, 2), full-length ±max(10 %, 2), median stroke ±max(5 %, 5 mm),
/// active time ±2 s, boundaries ±1.5 s (with a force sensor: contact boundaries within 0.3 s + one force-sample
/// period), holds and severe events exact, verdicts and feet equal, bursts F1 ≥ 0.9; every severe alert on the first
/// measured sample at or above the limit and no later than one force-sample period + 50 ms (+ the part's own filter
/// delay) after the applied force crossed the limit.
@Suite("Accuracy on simulated sessions, through rollmon simulate + replay")
struct SimulatedAccuracyCLITests {
    static let presets: [SimulationPreset] = [.clean, .cheapNoisy, .offCentre, .rate100Hz, .rate1kHz, .noForce,
                                               .footMarkers, .rollerCalf, .heavySpin, .saturation, .shortStrokesOnly,
                                               .manySevere, .fsr, .sealedBall]
    /// Several seeds per preset (other headings, mountings, plans and noise draws); three where the force sensor or
    /// its absence is the subject.
    static func seeds(_ preset: SimulationPreset) -> [UInt64] {
        [.noForce, .fsr, .sealedBall, .manySevere, .cheapNoisy].contains(preset) ? [1, 2, 3] : [1, 2]
    }

    @Test(arguments: presets)
    func preset(_ preset: SimulationPreset) throws {
        for seed in Self.seeds(preset) {
            let r = try AccuracyRun(preset, seed: seed)
            r.check()
            print(r.reportLine)
        }
    }

    @Test(arguments: [ForceSensorModel.hx711at80, .ads1115at250, .fsrAt860])
    func otherForceSensors(_ sensor: ForceSensorModel) throws {
        for seed: UInt64 in [4] {
            let r = try AccuracyRun(.manySevere, seed: seed, extra: ["--force-sensor", sensor.rawValue])
            r.check()
            print(r.reportLine)
        }
    }

    @Test func thirtyMinuteSession() throws {
        let r = try AccuracyRun(.longSession30min, seed: 1)
        r.check()
        print(r.reportLine)
    }

    @Test func burstsF1AcrossForceSensors() throws {
        var tp = 0, fp = 0, fn = 0
        for (preset, sensor) in [(SimulationPreset.manySevere, "ads1115_860"), (.manySevere, "hx711_80"),
                                 (.fsr, "fsr_250"), (.sealedBall, "bmp280"), (.clean, "hx711_80")] {
            for seed: UInt64 in [6] {
                let c = try AccuracyRun(preset, seed: seed, extra: ["--force-sensor", sensor]).burstCounts()
                tp += c.tp; fp += c.fp; fn += c.fn
            }
        }
        let f1 = 2 * Double(tp) / Double(max(1, 2 * tp + fp + fn))
        print("ACCURACY bursts F1 \(f1) tp \(tp) fp \(fp) fn \(fn)")
        #expect(tp >= 12, "too few bursts to judge: \(tp)")
        #expect(f1 >= 0.9, "bursts F1 \(f1) (tp \(tp), fp \(fp), fn \(fn))")
    }

    @Test func withoutForceNothingForceBasedIsReported() throws {
        let r = try AccuracyRun(.noForce, seed: 1)
        #expect(!r.got.segments.isEmpty)
        #expect(r.got.segments.allSatisfy { $0.peakForceN == nil && $0.bursts == 0 && $0.severeEvents == 0 && $0.tenderHolds == 0 })
        #expect(r.got.warnings.contains { $0.contains("no force sensor") })
    }

    /// Same preset and seed → byte-identical trace and truth.
    @Test func simulateIsDeterministic() throws {
        let dir = TempDir()
        var outputs: [Data] = []
        for k in 0..<2 {
            let r = try rollmon(["simulate", "--preset", "fsr", "--seed", "9", "--out", dir.path("t\(k).csv"),
                                 "--truth", dir.path("j\(k).json")])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: dir.path("t\(k).csv"))))
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: dir.path("j\(k).json"))))
        }
        #expect(outputs[0] == outputs[2])
        #expect(outputs[1] == outputs[3])
    }
}

/// The object `rollmon replay --json` prints (interface v1 §2), and the truth file in the same shape: read here
/// from the JSON text, as any consumer of the interface reads it.
struct ReplayJSON: Decodable {
    struct Segment: Decodable {
        var foot: String
        var startS: Double, endS: Double, activeS: Double, distanceM: Double
        var strokes: Int, fullLengthStrokes: Int, medianStrokeM: Double
        var peakForceN: Double?
        var bursts: Int, severeEvents: Int, tenderHolds: Int
        var verdict: String
        enum CodingKeys: String, CodingKey {
            case foot, startS = "start_s", endS = "end_s", activeS = "active_s", distanceM = "distance_m", strokes
            case fullLengthStrokes = "full_length_strokes", medianStrokeM = "median_stroke_m", peakForceN = "peak_force_n"
            case bursts, severeEvents = "severe_events", tenderHolds = "tender_holds", verdict
        }
    }
    struct AlertRow: Decodable {
        var tS: Double
        var kind: String
        enum CodingKeys: String, CodingKey { case tS = "t_s", kind }
    }
    var segments: [Segment]
    var alerts: [AlertRow]
    var warnings: [String]

    func alertTimes(_ kind: String) -> [Double] { alerts.filter { $0.kind == kind }.map(\.tS) }
}

/// One simulated session through the CLI: the replay's summary, the truth, and the trace's measured force samples.
struct AccuracyRun {
    let label: String
    let sensor: ForceSensorModel
    let got: ReplayJSON
    let truth: ReplayJSON
    /// (t, force) of every row that carried a force reading.
    let measuredForce: [(t: Double, f: Double)]

    init(_ preset: SimulationPreset, seed: UInt64, extra: [String] = []) throws {
        label = "\(preset.rawValue) seed \(seed)\(extra.isEmpty ? "" : " " + extra.joined(separator: " "))"
        var scenario = SimulationScenario(preset: preset, seed: seed)
        if let k = extra.firstIndex(of: "--force-sensor"), let s = ForceSensorModel(rawValue: extra[k + 1]) {
            scenario.forceSensor = s
        }
        sensor = scenario.forceSensor
        let dir = TempDir()
        let trace = dir.path("session.csv"), truthPath = dir.path("truth.json")
        let sim = try rollmon(["simulate", "--preset", preset.rawValue, "--seed", "\(seed)", "--out", trace,
                               "--truth", truthPath] + extra)
        guard sim.status == 0 else { throw RunError("simulate failed: \(sim.stderr)") }
        let replay = try rollmon(["replay", trace, "--json"])
        guard replay.status == 0 else { throw RunError("replay failed: \(replay.stderr)") }
        let decoder = JSONDecoder()
        got = try decoder.decode(ReplayJSON.self, from: Data(replay.stdout.utf8))
        truth = try decoder.decode(ReplayJSON.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
        measuredForce = try Self.forceColumn(trace)
    }

    struct RunError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// The `t` and `force` cells of the rows that have a force reading.
    static func forceColumn(_ path: String) throws -> [(t: Double, f: Double)] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out: [(t: Double, f: Double)] = []
        var tCol = -1, fCol = -1
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            if tCol < 0 {
                tCol = cells.firstIndex(of: "t") ?? 0
                fCol = cells.firstIndex(of: "force") ?? -2
                if fCol < 0 { return [] }
                continue
            }
            guard fCol < cells.count, !cells[fCol].isEmpty, let t = Double(cells[tCol]), let f = Double(cells[fCol]) else { continue }
            out.append((t, f))
        }
        return out
    }

    /// Longest interval between two force readings this sensor can have (ADS1115 oscillator −10 %, BMP280 poll).
    var forcePeriodS: Double {
        switch sensor {
        case .none: return 0
        case .bmp280: return 0.0101
        case .hx711at10, .hx711at80: return 1 / sensor.rateHz
        default: return 1 / (0.9 * sensor.rateHz)
        }
    }

    /// How late a severe alert may come after the applied force crossed the limit: one sample period + 50 ms, plus
    /// the part's own filter delay (HX711: 2 conversions). An FSR is only good to its stated ±10 %: it may see the
    /// limit when the foot applies 275 N, which the planned rises (≤ 100 N/s) reach ≤ 250 ms later.
    var severeLatenessBarS: Double {
        let accuracyAllowanceS = sensor == .fsrAt250 || sensor == .fsrAt860 ? sensor.statedAccuracyFraction * 250 / 100 : 0
        return forcePeriodS + 0.05 + sensor.filterDelayS + accuracyAllowanceS
    }

    /// The measured series' severe episodes by the interface rule (first sample ≥ limit, episodes < 1 s apart merge):
    /// what "on the first measured sample" means, from the trace the analysis read.
    var measuredSevereStarts: [Double] {
        var starts: [Double] = []
        var lastAbove: Double?
        for s in measuredForce where s.f >= 250 {
            if lastAbove.map({ s.t - $0 >= 1 }) ?? true { starts.append(s.t) }
            lastAbove = s.t
        }
        return starts
    }

    /// For each true severe episode with an alert within −1 … +2 s: how late the alert came (for the report).
    var severeLatenesses: [Double] {
        let got = self.got.alertTimes("severe_pressure")
        return truth.alertTimes("severe_pressure").compactMap { t in
            got.first { $0 - t > -1 && $0 - t < 2 }.map { $0 - t }
        }
    }

    /// One bar missed: which metric (for the sweep's tally) and what was measured against the truth.
    struct Miss: CustomStringConvertible {
        var metric: String
        var message: String
        var description: String { message }
    }

    /// The bars of what was rolled: distance ±3 %, strokes ±max(5 %, 2), full-length ±max(10 %, 2), median stroke
    /// ±max(5 %, 5 mm).
    static func rollingMisses(_ a: ReplayJSON.Segment, _ b: ReplayJSON.Segment, at: String) -> [Miss] {
        var misses: [Miss] = []
        if !(abs(a.distanceM - b.distanceM) <= 0.03 * b.distanceM) {
            misses.append(Miss(metric: "distance", message: "\(at): distance \(a.distanceM) vs \(b.distanceM)"))
        }
        if !(Double(abs(a.strokes - b.strokes)) <= max(0.05 * Double(b.strokes), 2)) {
            misses.append(Miss(metric: "strokes", message: "\(at): strokes \(a.strokes) vs \(b.strokes)"))
        }
        if !(Double(abs(a.fullLengthStrokes - b.fullLengthStrokes)) <= max(0.10 * Double(b.fullLengthStrokes), 2)) {
            misses.append(Miss(metric: "full-length", message: "\(at): full-length \(a.fullLengthStrokes) vs \(b.fullLengthStrokes)"))
        }
        if !(abs(a.medianStrokeM - b.medianStrokeM) <= max(0.05 * b.medianStrokeM, 0.005)) {
            misses.append(Miss(metric: "median", message: "\(at): median stroke \(a.medianStrokeM) vs \(b.medianStrokeM)"))
        }
        return misses
    }

    static func checkRolling(_ a: ReplayJSON.Segment, _ b: ReplayJSON.Segment, at: String, sourceLocation: SourceLocation) {
        for miss in rollingMisses(a, b, at: at) { Issue.record(Comment(rawValue: miss.message), sourceLocation: sourceLocation) }
    }

    /// The bars; `verdictMarginS`: verdicts are compared only where the true active time is at least this far from
    /// the 120 s / 180 s cuts (near-threshold plans).
    func check(verdictMarginS: Double = 0, sourceLocation: SourceLocation = #_sourceLocation) {
        for miss in misses(verdictMarginS: verdictMarginS) {
            Issue.record(Comment(rawValue: miss.message), sourceLocation: sourceLocation)
        }
    }

    /// The force domain's bars only: segments and their boundaries (with force: 0.3 s + one force-sample period),
    /// holds and severe events exact, each severe alert on the first measured sample at or above the limit and within
    /// `severeLatenessBarS` of the applied crossing (what the force sweep and the near-threshold force test score).
    func checkForce(sourceLocation: SourceLocation = #_sourceLocation) {
        for miss in misses() where Self.forceMetrics.contains(miss.metric) {
            Issue.record(Comment(rawValue: miss.message), sourceLocation: sourceLocation)
        }
    }

    /// The `Miss.metric` names of the force domain's bars.
    static let forceMetrics: Set<String> = ["segments", "start", "end", "holds", "severe", "severe alerts", "severe timing"]

    /// Every bar this run misses (empty: it passes).
    func misses(verdictMarginS: Double = 0) -> [Miss] {
        var misses: [Miss] = []
        func expect(_ ok: Bool, _ metric: String, _ message: @autoclosure () -> String) {
            if !ok { misses.append(Miss(metric: metric, message: message())) }
        }
        let hasForce = sensor != .none
        let boundaryBarS = hasForce ? 0.3 + forcePeriodS : 1.5
        expect(got.segments.count == truth.segments.count, "segments",
               "\(label): segments \(got.segments.count) vs truth \(truth.segments.count)")
        for (k, (a, b)) in zip(got.segments, truth.segments).enumerated() {
            let at = "\(label) segment \(k + 1)"
            expect(a.foot == b.foot, "foot", "\(at): foot \(a.foot) vs \(b.foot)")
            expect(abs(a.startS - b.startS) <= boundaryBarS, "start", "\(at): start \(a.startS) vs \(b.startS)")
            expect(abs(a.endS - b.endS) <= boundaryBarS, "end", "\(at): end \(a.endS) vs \(b.endS)")
            expect(abs(a.activeS - b.activeS) <= 2, "active", "\(at): active \(a.activeS) vs \(b.activeS)")
            misses += Self.rollingMisses(a, b, at: at)
            if min(abs(b.activeS - 120), abs(b.activeS - 180)) >= verdictMarginS {
                expect(a.verdict == b.verdict, "verdict", "\(at): verdict \(a.verdict) vs \(b.verdict) (active \(a.activeS) vs \(b.activeS))")
            }
            expect(a.tenderHolds == b.tenderHolds, "holds", "\(at): holds \(a.tenderHolds) vs \(b.tenderHolds)")
            expect(a.severeEvents == b.severeEvents, "severe", "\(at): severe \(a.severeEvents) vs \(b.severeEvents)")
            expect((a.peakForceN == nil) == (b.peakForceN == nil), "peak force",
                   "\(at): peak force \(a.peakForceN.map { "\($0)" } ?? "none") vs \(b.peakForceN.map { "\($0)" } ?? "none")")
        }
        guard hasForce else { return misses }
        let severeGot = got.alertTimes("severe_pressure")
        let severeTruth = truth.alertTimes("severe_pressure")
        // On the first measured sample at or above the limit: the alerts are exactly the measured episodes' starts.
        let measured = measuredSevereStarts
        expect(severeGot.count == measured.count, "severe alerts", "\(label): severe alerts \(severeGot) vs measured episodes \(measured)")
        for (g, m) in zip(severeGot, measured) {
            // `replay --json` writes times to the millisecond.
            expect(abs(g - m) <= 0.0005 + 1e-9, "severe alerts", "\(label): severe alert at \(g), first measured sample at \(m)")
        }
        // Against the applied force: one alert per true episode, no later than the bar after the true crossing.
        expect(severeGot.count == severeTruth.count, "severe alerts", "\(label): severe alerts \(severeGot) vs applied episodes \(severeTruth)")
        for (g, t) in zip(severeGot, severeTruth) {
            expect(g - t <= severeLatenessBarS && g - t > -1, "severe timing",
                   "\(label): severe alert \(g - t) s after the applied force crossed the limit at \(t) (bar \(severeLatenessBarS) s)")
        }
        return misses
    }

    /// Bursts matched one to one within the definition's window (alert at onset or confirmation, ≤ 1.5 s later).
    func burstCounts() -> (tp: Int, fp: Int, fn: Int) {
        var truthT = truth.alertTimes("burst")
        var tp = 0, fp = 0
        for g in got.alertTimes("burst") {
            if let k = truthT.firstIndex(where: { g - $0 >= -0.25 && g - $0 <= 1.75 }) { truthT.remove(at: k); tp += 1 } else { fp += 1 }
        }
        return (tp, fp, truthT.count)
    }

    /// One line for the README table: worst errors of this run.
    var reportLine: String {
        let pairs = zip(got.segments, truth.segments)
        func worst(_ f: (ReplayJSON.Segment, ReplayJSON.Segment) -> Double) -> Double { pairs.map(f).max() ?? 0 }
        let dist = worst { abs($0.distanceM - $1.distanceM) / max($1.distanceM, 1e-9) * 100 }
        let bound = worst { max(abs($0.startS - $1.startS), abs($0.endS - $1.endS)) }
        let active = worst { abs($0.activeS - $1.activeS) }
        let strokes = worst { Double(abs($0.strokes - $1.strokes)) }
        let median = worst { abs($0.medianStrokeM - $1.medianStrokeM) * 1000 }
        let late = severeLatenesses.map { $0 * 1000 }
        let b = burstCounts()
        return "ACCURACY \(label) | sensor \(sensor.rawValue) | segments \(got.segments.count)/\(truth.segments.count)"
            + " | distance \(fmt(dist))% | boundaries \(fmt(bound)) s | active \(fmt(active)) s | strokes ±\(Int(strokes))"
            + " | median \(fmt(median)) mm | severe \(late.count) late ms \(late.map(fmt)) | bursts tp \(b.tp) fp \(b.fp) fn \(b.fn)"
    }

    private func fmt(_ v: Double) -> String { String(format: "%.2f", v) }
}

extension SimulationPreset: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}

extension ForceSensorModel: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}
