import ArgumentParser
import Foundation
import RollAnalysis
import RollCore
import SensorIO
import SensorModels
import Synchronization

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Guided calibration: gyro bias, force tare and scale, and your personal severe limit.",
        discussion: "Results are written to the config file (default ~/.config/rollmon/config.toml)."
    )

    @Option(help: "Config file to update (default: ~/.config/rollmon/config.toml).")
    var config: String?
    @Option(name: .customLong("known-kg"), help: "Mass used for the force scale step, in kg (asked if not given).")
    var knownKG: Double?
    @Flag(help: "Run the steps on the simulated sensors of `rollmon demo` (a scripted user follows the prompts).")
    var demo = false
    @OptionGroup var wiring: WiringOptions

    func validate() throws {
        if let kg = knownKG, !(kg > 0 && kg.isFinite) { throw ValidationError("--known-kg must be a positive number of kilograms") }
    }

    static let stillSeconds = 5.0, tareSeconds = 3.0, loadSeconds = 3.0, pressSeconds = 5.0

    func run() throws {
        let configPath = config ?? RollmonConfig.defaultPath()
        var cfg = try loadConfig(configPath)
        let calibration: RollmonConfig.CalibrationSection
        do {
            let session = demo ? try CalibrationRig.demo() : try CalibrationRig.hardware(config: cfg, wiring: wiring)
            calibration = try steps(session, cfg)
        } catch let failure as RollmonFailure {
            throw failure
        } catch {
            throw RollmonFailure.rollmon(.unavailable, error)
        }
        cfg.calibration = calibration
        do { try cfg.save(path: configPath) } catch { throw RollmonFailure.rollmon(.cantCreate, error) }
        print("Saved to \(configPath)")
    }

    /// The four steps, each a prompt, a measurement on the sensors and a `GuidedCalibration` computation.
    private func steps(_ session: CalibrationRig, _ cfg: RollmonConfig) throws -> RollmonConfig.CalibrationSection {
        try session.imu.configure()
        var calibration = cfg.calibration ?? .init()

        // 1. Gyro bias: the ball still on the floor.
        prompt("Step 1/4: put the \(cfg.tool?.kind?.rawValue ?? "ball") on the floor and keep it still. Press Enter.")
        session.script(.still)
        let bias = try measured(GuidedCalibration.gyroBias(still: session.collectIMU(seconds: Self.stillSeconds).map(\.gyroRadS))).biasRadS
        calibration.gyroBiasRadS = [bias.x, bias.y, bias.z]
        print(String(format: "  gyro bias: %.4f %.4f %.4f rad/s ✓", bias.x, bias.y, bias.z))

        if let force = session.force {
            try force.configure()
            // 2. Tare.
            prompt("Step 2/4: nothing on the force sensor (foot off). Press Enter.")
            session.script(.unloaded)
            let unloaded = try session.collectForce(force, seconds: Self.tareSeconds)
            print(String(format: "  tare: %.1f counts ✓", GuidedCalibration.mean(unloaded)))
            // 3. Known load.
            let kg = try knownKG ?? askNumber("Step 3/4: the mass you will put on the sensor, in kg (e.g. 5): ")
            prompt("  Put the \(kg) kg on the sensor and let go. Press Enter.")
            session.script(.knownLoad(newtons: kg * standardGravityMS2))
            let loaded = try session.collectForce(force, seconds: Self.loadSeconds)
            let scale = try measured(GuidedCalibration.forceScale(unloaded: unloaded, loaded: loaded, knownN: kg * standardGravityMS2))
            calibration.forceTareCounts = scale.tareCounts
            calibration.forceNewtonsPerCount = scale.newtonsPerCount
            print(String(format: "  scale: %.6g N per count ✓", scale.newtonsPerCount))
            // 4. Personal limit.
            prompt("Step 4/4: foot on the ball, press firmly but comfortably for 5 s. Press Enter to start.")
            session.script(.firmPress)
            let press = try session.collectForce(force, seconds: Self.pressSeconds)
            let (firm, limit) = try measured(GuidedCalibration.personalSevereLimit(press: press, calibration: scale))
            calibration.personalSevereN = limit
            print(String(format: "  firm-but-comfortable press: %.0f N; severe limit set to %.0f N (+%.0f %% margin) ✓", firm, limit, (GuidedCalibration.severeMargin - 1) * 100))
        } else {
            print("  no force sensor configured: force steps skipped")
        }
        calibration.calibratedAt = ISO8601DateFormatter().string(from: Date())
        return calibration
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
    enum Phase: Sendable { case still, unloaded, knownLoad(newtons: Double), firmPress }
    let imu: IMUDevice
    let force: ForceDevice?
    let clock: MonotonicClock
    /// Set by the prompts in `--demo`: what the scripted user is doing now.
    final class ScriptedUser: Sendable {
        let phase = Mutex<Phase>(.still)
    }
    private let user: ScriptedUser?

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
        let mpu = MPU6050Model(variant: .mpu6050, truth: { _ in PhysicalState(accelMS2: Vector3(0, 0, standardGravityMS2), gyroRadS: zro) })
        mpu.noiseLSB = 1   // a real chip is never bit-for-bit still; a silent one is reported as stuck
        bus.attach(mpu, at: 0x68)
        let gpio = SimulatedGPIOChip(name: "gpiochip-demo", clock: clock)
        let cell = HX711LoadCell()
        let model = HX711Model(rateHz: 80, doutOffset: HX711.defaultDOUTLine, sckOffset: HX711.defaultSCKLine) { _, t in
            let f: Double
            switch user.phase.withLock({ $0 }) {
            case .still, .unloaded: f = 0
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
