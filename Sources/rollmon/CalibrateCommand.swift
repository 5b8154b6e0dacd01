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

    @Option(name: .customLong("i2c-bus"), help: "I2C bus number of the sensors (default from config, else 1).")
    var i2cBus: Int?
    @Option(name: .customLong("force-sensor"), help: "hx711, ads1115, bmp280 or none (default from config).")
    var forceSensor: String?
    @Option(help: "Config file to update (default: ~/.config/rollmon/config.toml).")
    var config: String?
    @Option(name: .customLong("known-kg"), help: "Mass used for the force scale step, in kg (asked if not given).")
    var knownKG: Double?
    @Flag(help: "Run the steps on the simulated sensors of `rollmon demo` (a scripted user follows the prompts).")
    var demo = false

    /// Severe limit = the firm-but-comfortable press plus this margin (the routine: relief, never severe).
    static let severeMargin = 1.2
    static let stillSeconds = 5.0, tareSeconds = 3.0, loadSeconds = 3.0, pressSeconds = 5.0

    func run() throws {
        let configPath = config ?? RollmonConfig.defaultPath()
        var cfg = try RollmonConfig.load(path: configPath)
        let session: CalibrationRig
        do {
            session = demo ? try CalibrationRig.demo() : try CalibrationRig.hardware(config: cfg, i2cBus: i2cBus, forceSensor: forceSensor)
        } catch {
            FileHandle.standardError.write(Data("rollmon: \(error)\n".utf8))
            throw ExitCode(ExitStatus.unavailable)
        }
        try session.imu.configure()
        var calibration = cfg.calibration ?? .init()

        // 1. Gyro bias: the ball still on the floor.
        prompt("Step 1/4: put the \(cfg.tool?.kind ?? "ball") on the floor and keep it still. Press Enter.")
        session.script(.still)
        let still = try session.collectIMU(seconds: Self.stillSeconds)
        let bias = mean(still.map(\.gyroRadS))
        let spread = still.map { ($0.gyroRadS - bias).norm }.max() ?? 0
        // A still MEMS gyro wanders well under 0.05 rad/s (MPU-6050 datasheet: 0.005 °/s/√Hz noise); more is motion.
        guard spread < 0.05 else {
            throw ValidationError("the ball moved during step 1 (gyro spread \(String(format: "%.3f", spread)) rad/s): run calibrate again")
        }
        calibration.gyroBiasRadS = [bias.x, bias.y, bias.z]
        print(String(format: "  gyro bias: %.4f %.4f %.4f rad/s ✓", bias.x, bias.y, bias.z))

        if let force = session.force {
            try force.configure()
            // 2. Tare.
            prompt("Step 2/4: nothing on the force sensor (foot off). Press Enter.")
            session.script(.unloaded)
            let tare = mean(try session.collectForce(force, seconds: Self.tareSeconds))
            print(String(format: "  tare: %.1f counts ✓", tare))
            // 3. Known load.
            let kg = try knownKG ?? askNumber("Step 3/4: the mass you will put on the sensor, in kg (e.g. 5): ")
            prompt("  Put the \(kg) kg on the sensor and let go. Press Enter.")
            session.script(.knownLoad(newtons: kg * standardGravityMS2))
            let loaded = mean(try session.collectForce(force, seconds: Self.loadSeconds))
            guard abs(loaded - tare) > 1 else { throw ValidationError("the reading did not change under the load: check the wiring") }
            let perCount = kg * standardGravityMS2 / (loaded - tare)
            calibration.forceTareCounts = tare
            calibration.forceNewtonsPerCount = perCount
            print(String(format: "  scale: %.6g N per count ✓", perCount))
            // 4. Personal limit.
            prompt("Step 4/4: foot on the ball, press firmly but comfortably for 5 s. Press Enter to start.")
            session.script(.firmPress)
            let press = try session.collectForce(force, seconds: Self.pressSeconds).map { ($0 - tare) * perCount }
            let firm = press.sorted()[Int(Double(press.count - 1) * 0.9)]
            let limit = (firm * Self.severeMargin).rounded()
            calibration.personalSevereN = limit
            print(String(format: "  firm-but-comfortable press: %.0f N; severe limit set to %.0f N (+%.0f %% margin) ✓", firm, limit, (Self.severeMargin - 1) * 100))
        } else {
            print("  no force sensor configured: force steps skipped")
        }
        calibration.calibratedAt = ISO8601DateFormatter().string(from: Date())
        cfg.calibration = calibration
        try cfg.save(path: configPath)
        print("Saved to \(configPath)")
    }

    private func prompt(_ text: String) {
        print(text)
        if !demo { _ = readLine() }
    }

    private func askNumber(_ text: String) throws -> Double {
        print(text, terminator: "")
        guard let line = readLine(), let v = Double(line.trimmingCharacters(in: .whitespaces)), v > 0 else {
            throw ValidationError("expected a positive number of kilograms")
        }
        return v
    }

    private func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
    private func mean(_ xs: [Vector3]) -> Vector3 { xs.isEmpty ? .zero : xs.reduce(.zero, +) / Double(xs.count) }
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

    static func hardware(config: RollmonConfig, i2cBus: Int?, forceSensor: String?) throws -> CalibrationRig {
        var raw = config
        raw.calibration = .init(forceTareCounts: 0, forceNewtonsPerCount: 1)
        let rig = try HardwareRig.build(config: raw, wiring: WiringOptions(i2cBus: i2cBus, forceSensor: forceSensor))
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
