import Foundation
import RollAnalysis
import RollConfig
import RollCore
import RollTrace
import SensorIO
import SensorModels

/// The sensors a session reads and the outputs it drives, however they came to be (real chips or models).
struct SensorRig {
    var imu: IMUDevice
    var force: ForceDevice?
    var indicator: IndicatorOutput?
    var button: FootSwitchButton?
    var clock: MonotonicClock
    /// What the rig could not set up but can live without (no GPIO chip → no button or buzzer), for the screen.
    var notes: [String] = []
    var imuDescription: String
    var forceDescription: String
    /// The bus the I2C sensors are behind, whose transient errors it retries and counts (`--stats i2c_retries`).
    var retryingBus: RetryingI2CBus?
    /// Where the date of a session on this rig comes from (nil for simulated chips, whose sessions are not the user's).
    var wallClock: WallClockSource?
}

enum HardwareRig {
    /// Default wiring (README "Wiring"): I2C bus 1 (header pins 3/5), BCM lines on the header's GPIO chip.
    static let defaultBus = 1

    /// `build`, failing the way `live` and `routine` say it: a config fault as such, any hardware fault exit 69.
    static func open(config: RollmonConfig, wiring: WiringOptions) throws(RollmonFailure) -> SensorRig {
        do { return try build(config: config, wiring: wiring) } catch let failure as RollmonFailure {
            throw failure
        } catch {
            throw RollmonFailure.rollmon(.unavailable, error)
        }
    }

    /// Opens the sensors the config and flags name. Every value is typed and range-checked before this (flags by
    /// ArgumentParser, the file by `ConfigReader`), so nothing here can trap; what can still fail is the hardware.
    static func build(config: RollmonConfig, wiring flags: WiringOptions) throws -> SensorRig {
        let clock = SystemMonotonicClock()
        let w = config.wiring
        let kind = flags.forceSensor ?? w?.forceSensor ?? .none
        // Calibration first: a curve that cannot be used is the config's fault, found before any device is opened.
        let cal = config.calibration
        let adsCalibration = kind == .ads1115 ? try ads1115Calibration(cal) : nil
        let busNumber = flags.i2cBus ?? w?.i2cBus ?? defaultBus
        let bus = RetryingI2CBus(try LinuxI2CBus(busNumber: busNumber))
        let addresses = (flags.imuAddress ?? w?.imuAddress).map { [$0] } ?? IMUDetector.candidateAddresses
        var notes: [String] = []

        let gpioName = flags.gpiochip ?? w?.gpiochip ?? "gpiochip0"
        var chip: GPIOChip?
        do { chip = try GPIOChip.open(gpioName) } catch { notes.append("no button/buzzer: \(error)") }

        // The IMU's INT pin, if wired: one edge per sample instead of draining the FIFO on a timer.
        var mode = IMUAcquisitionMode.fifo(batchSeconds: IMUDetector.defaultBatchSeconds)
        if let line = flags.imuDataReadyLine ?? w?.imuDataReadyLine {
            guard let chip else { throw LiveError(message: "imu_data_ready_line = \(line) needs a GPIO chip: \(notes.last ?? "")") }
            mode = .dataReadyLine(try GPIODataReadyLine(chip: chip, line: line))
        }
        let imu = try IMUDetector.detect(bus: bus, addresses: addresses, clock: clock, mode: mode)

        var force: ForceDevice?
        switch kind {
        case .none:
            force = nil
        case .hx711:
            guard let chip else { throw LiveError(message: "force_sensor = hx711 needs a GPIO chip: \(notes.last ?? "")") }
            force = HX711(chip: chip, doutLine: w?.hx711DataLine ?? HX711.defaultDOUTLine,
                          sckLine: w?.hx711ClockLine ?? HX711.defaultSCKLine, rateHz: w?.hx711RateHz ?? HX711Defaults.rateHz,
                          calibration: LinearForceCalibration(tareCounts: cal?.forceTareCounts ?? 0,
                                                              newtonsPerCount: cal?.forceNewtonsPerCount ?? HX711Defaults.newtonsPerCount),
                          clock: clock)
        case .ads1115:
            let bridge = w?.ads1115Input == .bridge
            force = ADS1115ForceSensor(bus: bus, address: w?.forceAddress ?? ADS1115ForceSensor.defaultAddress,
                                       input: bridge ? .ain0MinusAin1 : .ain0, gain: bridge ? .fs0_256V : .fs4_096V,
                                       calibration: adsCalibration ?? LinearForceCalibration(tareCounts: 0, newtonsPerCount: 0.01), clock: clock)
        case .bmp280:
            force = BMP280ForceSensor(bus: bus, address: w?.forceAddress ?? 0x76, newtonsPerPa: cal?.forceNewtonsPerCount ?? 0.01,
                                      tarePa: cal?.forceTareCounts, clock: clock)
        }

        // Choose the IMU rate the bus clock allows, with the force sensor's own traffic on the same bus.
        let budget = BusBudget.apply(to: imu, clock: I2CBusClock.read(busNumber: busNumber),
                                     others: force?.busTraffic ?? BusTraffic())
        notes.append("i2c-\(busNumber) \(budget)")

        var indicator: IndicatorOutput?
        var button: FootSwitchButton?
        if let chip {
            indicator = IndicatorOutput(chip: chip, line: flags.buzzerLine ?? w?.buzzerLine ?? IndicatorOutput.defaultBuzzerLine, clock: clock)
            button = FootSwitchButton(chip: chip, line: flags.buttonLine ?? w?.buttonLine ?? FootSwitchButton.defaultLine)
        }
        let wallClock = WallClockSource.current()
        if wallClock == .unsynchronised { notes.append(WallClockWords.liveNote) }
        return SensorRig(imu: imu, force: force, indicator: indicator, button: button, clock: clock, notes: notes,
                         imuDescription: "\(imu.chipName) on i2c-\(busNumber)",
                         forceDescription: force?.chipName ?? "none", retryingBus: bus, wallClock: wallClock)
    }

    /// The configured force sensor's traffic on the IMU's bus, as `build` opens it (nil: none, or off the bus —
    /// the HX711 is on GPIO lines). `rollmon doctor` plans the IMU rate with it, as `build` does with the driver's.
    static func forceBusTraffic(_ kind: ForceSensorKind) -> (name: String, traffic: BusTraffic)? {
        switch kind {
        case .none, .hx711: return nil
        case .ads1115: return ("ADS1115", ADS1115ForceSensor.busTraffic(dataRate: ADS1115ForceSensor.defaultDataRate))
        case .bmp280: return ("BMP280", BMP280ForceSensor.measurementBusTraffic)
        }
    }

    /// Counts → newtons for an ADS1115: the FSR curve when there is one, else linear.
    private static func ads1115Calibration(_ cal: RollmonConfig.CalibrationSection?) throws -> any ForceCalibration {
        if let curve = cal?.forceCurve, curve.count >= 2 {
            do { return try PiecewiseForceCalibration(points: curve.map { .init(raw: $0[0], forceN: $0[1]) }) } catch {
                throw RollmonFailure(.config, "rollmon: calibration.force_curve: \(error)")
            }
        }
        return LinearForceCalibration(tareCounts: cal?.forceTareCounts ?? 0, newtonsPerCount: cal?.forceNewtonsPerCount ?? 0.01)
    }
}

enum HX711Defaults {
    /// Uncalibrated starting point for a 50 kg (490 N), 2 mV/V bar load cell excited at 3.3 V on an HX711 at gain 128:
    /// the HX711 datasheet gives a full-scale input of ±0.5·AVDD/gain = ±12.9 mV over 2^23 counts (650 counts/µV);
    /// the cell gives 6.6 mV at 490 N, so 1 count ≈ 490 N / 4.29e6 ≈ 1.1e-4 N. `rollmon calibrate` replaces it.
    static let newtonsPerCount = 1.1e-4
    /// Most HX711 breakouts tie RATE low: 10 SPS (HX711 datasheet, pin description: RATE low = 10 Hz, high = 80 Hz).
    static let rateHz = 10.0
}

/// The hardware-free rig: simulated MPU-6050 on a model I2C bus and a simulated HX711, button and buzzer on a model
/// GPIO chip, all on one virtual clock, playing a recorded trace. The drivers are the real ones.
final class DemoRig {
    let clock = VirtualClock()
    let bus: ModelI2CBus
    let gpio: SimulatedGPIOChip
    let rig: SensorRig
    let buzzerLine = IndicatorOutput.defaultBuzzerLine
    let metadata: TraceMetadata
    /// How the recording is written: the disk, or a disk that fills up (`--fault disk-full@T`).
    let recordingWritePath: TraceWritePath
    /// Session time the fixture covers: the demo ends there (after it the chips would replay its last row forever).
    let durationS: Double

    init(fixture: String, faults: DemoFaultPlan = DemoFaultPlan([])) throws {
        let reader = try TraceReader(path: fixture)
        var samples: [Sample] = []
        while let s = try reader.nextSample() { samples.append(s) }
        guard let first = samples.first else { throw LiveError(message: "\(fixture): no samples to play") }
        metadata = reader.metadata
        durationS = (samples.last?.tSeconds ?? first.tSeconds) - first.tSeconds
        // The chips' clock starts at 0; the fixture starts a second later (the chips settle first).
        let truth = Truth.fromSamples(samples, offsetSeconds: 1 - first.tSeconds)
        bus = ModelI2CBus(name: "i2c-demo", clock: clock)
        let mpu = MPU6050Model(variant: .mpu6050, truth: truth)
        // One LSB of noise, as a real chip has: a fixture that holds perfectly still must not look like a stuck sensor.
        mpu.noiseLSB = 1
        bus.attach(mpu, at: 0x68)
        gpio = SimulatedGPIOChip(name: "gpiochip-demo", clock: clock)
        // The drivers talk through the retrying bus, as in `live`; the faults strike the model bus under it.
        let retrying = RetryingI2CBus(bus)
        let imu = try IMUDetector.detect(bus: retrying, addresses: [0x68], clock: clock)
        var force: ForceDevice?
        var forceModel: HX711Model?
        if reader.hasForce {
            let cell = HX711LoadCell()
            let model = HX711Model(rateHz: 80, doutOffset: HX711.defaultDOUTLine, sckOffset: HX711.defaultSCKLine) { _, t in
                cell.code(forceN: max(0, truth(t).forceN), gain: 128)
            }
            model.attach(to: gpio)
            forceModel = model
            let calibration = LinearForceCalibration(tareCounts: Double(cell.code(forceN: 0, gain: 128)),
                                                     newtonsPerCount: 1 / cell.codesPerNewton(gain: 128))
            force = HX711(chip: gpio, rateHz: 80, calibration: calibration, clock: clock)
        }
        // After detection, so the faults strike the session, not the probe.
        faults.apply(bus: bus, imuAddress: 0x68, force: forceModel)
        // disk-full: from T on the chips' clock, the recording's writes fail with ENOSPC.
        if let full = faults.diskFullFromS {
            let clock = self.clock
            recordingWritePath = .filling { clock.nowSeconds() >= full }
        } else {
            recordingWritePath = .posix
        }
        let indicator = IndicatorOutput(chip: gpio, line: buzzerLine, clock: clock)
        let button = FootSwitchButton(chip: gpio)
        rig = SensorRig(imu: imu, force: force, indicator: indicator, button: button, clock: clock,
                        imuDescription: "MPU-6050 (simulated) on i2c-demo",
                        forceDescription: force == nil ? "none" : "HX711 (simulated)", retryingBus: retrying)
    }

    /// Whether the buzzer line went high within `withinS` of each alert time (virtual chip time).
    func buzzerResponses(to times: [Double], withinS: Double) -> [Double?] {
        let history = gpio.outputHistory(offset: buzzerLine)
        return times.map { t in
            history.first { $0.high && $0.tSeconds >= t && $0.tSeconds <= t + withinS }.map { $0.tSeconds - t }
        }
    }
}
