import ArgumentParser
import Foundation
import RollAnalysis
import RollConfig
import RollCore
import RollSim
import RollTrace
import SensorIO
import SensorModels
import Synchronization

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Guided calibration: gyro bias, force tare and scale, your personal severe limit and your fascia length.",
        discussion: "Results are written to the config file (default ~/.config/rollmon/config.toml); what is about you (fascia length, severe limit) goes under [user.NAME] (--user, default: default)."
    )

    @Option(help: "Config file to update (default: ~/.config/rollmon/config.toml).")
    var config: String?
    @Option(name: .customLong("known-kg"), parsing: .unconditional, help: "Mass used for the force scale step, in kg (asked if not given).")
    var knownKG: Double?
    @Flag(help: "Run the steps on the simulated sensors of `rollmon demo` (a scripted user follows the prompts).")
    var demo = false
    @OptionGroup var wiring: WiringOptions
    @OptionGroup var person: UserOption

    func validate() throws {
        if let kg = knownKG, !(kg > 0 && kg.isFinite) { throw ValidationError("--known-kg must be a positive number of kilograms") }
    }

    static let stillSeconds = 5.0, pressSeconds = 5.0
    static let tareSeconds = ForceCalibrationSteps.tareSeconds, loadSeconds = ForceCalibrationSteps.loadSeconds
    /// Step 5: time for the slow heel-to-ball strokes (five strokes there and back at a slow pace, ~2.5 s each way).
    static let strokesSeconds = 30.0
    /// Fewer whole strokes than this and the median says little about the foot.
    static let minimumStrokes = 3

    func run() throws {
        let configPath = config ?? RollmonConfig.defaultPath()
        var cfg = try loadConfig(configPath)
        let calibration: RollmonConfig.CalibrationSection
        var learned = cfg.user?[person.user] ?? .init()
        do {
            let session = demo ? try CalibrationRig.demo() : try CalibrationRig.hardware(config: cfg, wiring: wiring)
            calibration = try steps(session, cfg, learned: &learned)
        } catch let failure as RollmonFailure {
            throw failure
        } catch {
            throw RollmonFailure.rollmon(.unavailable, error)
        }
        cfg.calibration = calibration
        learned.calibratedAt = calibration.calibratedAt
        cfg.user = (cfg.user ?? [:]).merging([person.user: learned]) { _, new in new }
        do { try cfg.save(path: configPath) } catch { throw RollmonFailure.rollmon(.cantCreate, error) }
        print("Saved to \(configPath)")
    }

    /// The five steps, each a prompt, a measurement on the sensors and a computation (`GuidedCalibration`, and the
    /// analysis itself for the fascia). What is about the person goes into `learned` (`[user.NAME]`).
    private func steps(_ session: CalibrationRig, _ cfg: RollmonConfig, learned: inout RollmonConfig.UserSection) throws -> RollmonConfig.CalibrationSection {
        try session.imu.configure()
        var calibration = cfg.calibration ?? .init()

        // 1. Gyro bias: the ball still on the floor.
        prompt("Step 1/5: put the \(cfg.tool?.kind?.rawValue ?? "ball") on the floor and keep it still. Press Enter.")
        session.script(.still)
        let bias = try measured(GuidedCalibration.gyroBias(still: session.collectIMU(seconds: Self.stillSeconds).map(\.gyroRadS))).biasRadS
        calibration.gyroBiasRadS = [bias.x, bias.y, bias.z]
        print(String(format: "  gyro bias: %.4f %.4f %.4f rad/s ✓", bias.x, bias.y, bias.z))

        if let force = session.force {
            try force.configure()
            // 2. Tare.
            prompt("Step 2/5: nothing on the force sensor (foot off). Press Enter.")
            session.script(.unloaded)
            let unloaded = try session.collectForce(force, seconds: Self.tareSeconds)
            print(String(format: "  tare: %.1f counts ✓", GuidedCalibration.mean(unloaded)))
            // 3. Known load.
            let kg = try knownKG ?? askNumber("Step 3/5: the mass you will put on the sensor, in kg (e.g. 5): ")
            prompt("  Put the \(kg) kg on the sensor and let go. Press Enter.")
            session.script(.knownLoad(newtons: kg * standardGravityMS2))
            let loaded = try session.collectForce(force, seconds: Self.loadSeconds)
            let scale = try measured(GuidedCalibration.forceScale(unloaded: unloaded, loaded: loaded, knownN: kg * standardGravityMS2))
            calibration.forceTareCounts = scale.tareCounts
            calibration.forceNewtonsPerCount = scale.newtonsPerCount
            print(String(format: "  scale: %.6g N per count ✓", scale.newtonsPerCount))
            // 4. Personal limit.
            prompt("Step 4/5: foot on the ball, press firmly but comfortably for 5 s. Press Enter to start.")
            session.script(.firmPress)
            let press = try session.collectForce(force, seconds: Self.pressSeconds)
            let (firm, limit) = try measured(GuidedCalibration.personalSevereLimit(press: press, calibration: scale))
            // Saved only if the config can read it back: an out-of-range limit would make every later command exit 78.
            guard SettingRanges.severeN.contains(limit) else {
                let read = String(format: "the press read %.0f N, so the severe limit would be %.0f N", firm, limit)
                throw RollmonFailure(.dataError, "rollmon: \(read), not \(SettingRanges.words(SettingRanges.severeN)) N: check the force sensor's wiring and scale, then run calibrate again")
            }
            learned.personalSevereN = limit
            print(String(format: "  firm-but-comfortable press: %.0f N; severe limit set to %.0f N (+%.0f %% margin) ✓", firm, limit, (GuidedCalibration.severeMargin - 1) * 100))
        } else {
            print("  no force sensor configured: force steps skipped")
        }

        // 5. Fascia length: the median of slow whole-length strokes, measured by the same analysis as a session.
        if let fasciaCM = try fascia(session, cfg, biasRadS: bias) { learned.fasciaCM = fasciaCM }
        calibration.calibratedAt = ISO8601DateFormatter().string(from: Date())
        return calibration
    }

    /// Step 5: the user rolls the ball slowly from the heel to the ball of the foot and back; the samples go through
    /// `RollAnalyzer` (with the bias just measured) and the median stroke of the segment with the most strokes is
    /// the fascia length. nil (with a note) when the tool is a roller: a calf stroke is not a foot.
    private func fascia(_ session: CalibrationRig, _ cfg: RollmonConfig, biasRadS: Vector3) throws -> Double? {
        var settings = SettingsResolution.resolve(flags: AnalysisChoices(), config: cfg.analysisChoices(user: person.user))
        guard settings.tool == .ball else {
            print("Step 5/5: the tool is a roller: the fascia length is measured with the ball; skipped")
            return nil
        }
        settings.orientation.initialGyroBiasRadS = biasRadS
        settings.gyroFullScaleRadS = session.imu.gyroFullScaleRadS
        settings.gyroLSBPerDPS = session.imu.gyroSensitivityLSBPerDPS
        prompt("Step 5/5: foot on the ball, roll slowly from the heel to the ball of the foot and back, 5 times. Press Enter to start.")
        // The IMU sat unread through the force steps: start its FIFO afresh so the strokes are read from their start.
        try session.imu.configure()
        session.script(.strokes(radiusMM: settings.radiusMM, startS: session.clock.nowSeconds()))
        if let truth = session.demoStrokeM { print(String(format: "  (the simulated user strokes %.1f cm heel to ball)", truth * 100)) }
        var analyzer = RollAnalyzer(settings: settings, hasForceSensor: false)
        for r in try session.collectIMU(seconds: Self.strokesSeconds) {
            analyzer.process(Sample(tSeconds: r.tSeconds, accelMS2: r.accelMS2, gyroRadS: r.gyroRadS))
        }
        let best = analyzer.finish().segments.max { $0.strokes < $1.strokes }
        guard let best, best.strokes >= Self.minimumStrokes else {
            throw RollmonFailure(.dataError, "rollmon: only \(best?.strokes ?? 0) heel-to-ball strokes were measured (at least \(Self.minimumStrokes) needed): run calibrate again and roll the whole foot, slowly")
        }
        let cm = (best.medianStrokeM * 1000).rounded() / 10
        guard SettingRanges.fasciaCM.contains(cm) else {
            throw RollmonFailure(.dataError, "rollmon: the strokes measured \(cm) cm heel to ball, not \(SettingRanges.words(SettingRanges.fasciaCM)) cm: check the ball's radius (--radius-mm), roll the whole foot slowly, and run calibrate again")
        }
        print(String(format: "  fascia length: %.1f cm (median of %d strokes) ✓", cm, best.strokes))
        return cm
    }

    /// A calibration step's result, or the failure said the way the user can act on it.
    private func measured<T>(_ result: Result<T, GuidedCalibration.Failure>) throws -> T {
        switch result {
        case .success(let v): return v
        case .failure(.moved(let spread)):
            throw RollmonFailure(.dataError, "rollmon: the ball moved during step 1 (gyro spread \(String(format: "%.3f", spread)) rad/s): run calibrate again")
        case .failure(.loadDidNotChangeReading):
            throw RollmonFailure(.dataError, "rollmon: the reading did not change under the load: check the wiring")
        case .failure(.noReadings):
            throw RollmonFailure(.unavailable, "rollmon: no readings to calibrate from: check the wiring")
        }
    }

    private func prompt(_ text: String) {
        print(text)
        if !demo { _ = readLine() }
    }

    private func askNumber(_ text: String) throws -> Double {
        print(text, terminator: "")
        guard let line = readLine(), let v = Double(line.trimmingCharacters(in: .whitespaces)), v > 0 else {
            throw RollmonFailure(.usage, "rollmon: expected a positive number of kilograms")
        }
        return v
    }

}

/// The sensors calibration reads, with the force driver set to report raw counts (identity calibration).
final class CalibrationRig {
    enum Phase: Sendable { case still, unloaded, knownLoad(newtons: Double), firmPress, strokes(radiusMM: Double, startS: Double) }
    let imu: IMUDevice
    let force: ForceDevice?
    let clock: MonotonicClock
    /// Set by the prompts in `--demo`: what the scripted user is doing now.
    final class ScriptedUser: Sendable {
        let phase = Mutex<Phase>(.still)
    }
    private let user: ScriptedUser?
    /// `--demo`: the length of the scripted user's heel-to-ball strokes (the simulator's truth for step 5).
    var demoStrokeM: Double? { user == nil ? nil : Self.demoStrokeM }
    /// An adult plantar fascia is about 14–20 cm heel to the ball of the foot; the scripted user's is 17.5 cm.
    static let demoStrokeM = 0.175

    private init(imu: IMUDevice, force: ForceDevice?, clock: MonotonicClock, user: ScriptedUser?) {
        self.imu = imu; self.force = force; self.clock = clock; self.user = user
    }

    static func hardware(config: RollmonConfig, wiring: WiringOptions) throws -> CalibrationRig {
        var raw = config
        raw.calibration = .init(forceTareCounts: 0, forceNewtonsPerCount: 1)
        let rig = try HardwareRig.build(config: raw, wiring: wiring)
        return CalibrationRig(imu: rig.imu, force: rig.force, clock: rig.clock, user: nil)
    }

    /// Simulated chips and a scripted user who does what each prompt says (the known load is exact; the firm press
    /// is 160 N with a little wobble).
    static func demo() throws -> CalibrationRig {
        let user = ScriptedUser()
        let clock = VirtualClock()
        let bus = ModelI2CBus(name: "i2c-demo", clock: clock)
        // A cheap gyro's zero-rate offset (MPU-6050 datasheet: up to ±20 °/s initial ZRO); calibration must find it.
        let zro = Vector3(0.031, -0.012, 0.007)
        let strokes = StrokeTruth()
        let mpu = MPU6050Model(variant: .mpu6050, truth: { t in
            if case .strokes(let radiusMM, let startS) = user.phase.withLock({ $0 }) {
                let p = strokes.state(radiusMM: radiusMM, atS: t - startS)
                return PhysicalState(accelMS2: p.accelMS2, gyroRadS: p.gyroRadS + zro)
            }
            return PhysicalState(accelMS2: Vector3(0, 0, standardGravityMS2), gyroRadS: zro)
        })
        mpu.noiseLSB = 1   // a real chip is never bit-for-bit still; a silent one is reported as stuck
        bus.attach(mpu, at: 0x68)
        let gpio = SimulatedGPIOChip(name: "gpiochip-demo", clock: clock)
        let cell = HX711LoadCell()
        let model = HX711Model(rateHz: 80, doutOffset: HX711.defaultDOUTLine, sckOffset: HX711.defaultSCKLine) { _, t in
            let f: Double
            switch user.phase.withLock({ $0 }) {
            case .still, .unloaded: f = 0
            case .strokes: f = 40   // a light foot on the ball
            case .knownLoad(let n): f = n
            case .firmPress: f = 160 + 8 * sin(2 * .pi * t)
            }
            return cell.code(forceN: f, gain: 128)
        }
        model.attach(to: gpio)
        let imu = try IMUDetector.detect(bus: bus, addresses: [0x68], clock: clock)
        let force = HX711(chip: gpio, rateHz: 80, calibration: LinearForceCalibration(tareCounts: 0, newtonsPerCount: 1), clock: clock)
        return CalibrationRig(imu: imu, force: force, clock: clock, user: user)
    }

    func script(_ p: Phase) { user?.phase.withLock { $0 = p } }

    func collectIMU(seconds: Double) throws -> [IMUReading] {
        let end = clock.nowSeconds() + seconds
        var out: [IMUReading] = []
        while clock.nowSeconds() < end { out += try imu.read() }
        return out
    }

    func collectForce(_ force: ForceDevice, seconds: Double) throws -> [Double] {
        let end = clock.nowSeconds() + seconds
        var out: [Double] = []
        while clock.nowSeconds() < end {
            if let r = try force.poll() { out.append(r.forceN) } else { clock.sleep(untilSeconds: clock.nowSeconds() + 0.002) }
        }
        guard !out.isEmpty else { throw LiveError(message: "\(force.chipName) gave no readings in \(seconds) s: check the wiring") }
        return out
    }
}

/// The scripted user's heel-to-ball strokes for `calibrate --demo`: RollSim's physics of a ball rolled back and forth
/// `CalibrationRig.demoStrokeM` at a slow pace, played as the IMU's truth (simulated once per radius, on first use).
final class StrokeTruth: Sendable {
    private let signal = Mutex<(radiusMM: Double, truth: TruthSignal)?>(nil)

    func state(radiusMM: Double, atS t: Double) -> PhysicalState {
        let truth = signal.withLock { s -> TruthSignal in
            if let s, s.radiusMM == radiusMM { return s.truth }
            let fresh = Self.simulate(radiusMM: radiusMM)
            s = (radiusMM, fresh)
            return fresh
        }
        return truth(t)
    }

    private static func simulate(radiusMM: Double) -> TruthSignal {
        var sc = SimulationScenario(preset: .clean, seed: 7)
        sc.tool = .ball
        sc.radiusMM = radiusMM
        sc.forceSensor = .none
        let strokeM = CalibrationRig.demoStrokeM
        // The foot settles, then five slow strokes there and back (2.5 s each way), then stays still.
        let there: [ScriptedMotion] = [.roll(dxM: strokeM, dyM: 0, seconds: 2.5), .roll(dxM: -strokeM, dyM: 0, seconds: 2.5)]
        sc.script = [.still(seconds: 1.5)] + Array(repeating: there, count: 5).flatMap { $0 } + [.still(seconds: 5)]
        var sim = Simulator(scenario: sc)
        var samples: [Sample] = []
        while let s = sim.next() { samples.append(s) }
        return Truth.fromSamples(samples, offsetSeconds: -(samples.first?.tSeconds ?? 0))
    }
}
