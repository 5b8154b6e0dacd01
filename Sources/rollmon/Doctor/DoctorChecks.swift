#if canImport(Glibc)
import Glibc
#endif
import Foundation
import RollConfig
import RollHistory
import SensorIO

/// The individual checks of `rollmon doctor`. Each only reads: doctor never creates, writes or configures anything.
enum DoctorChecks {
    static let enableI2CFix = "sudo raspi-config → Interface Options → I2C → Yes (or add dtparam=i2c_arm=on to /boot/firmware/config.txt), then reboot"

    static func i2cDevice(busNumber: Int, devDirectory: String) -> (check: DoctorCheck, bus: LinuxI2CBus?, permissionDenied: Bool) {
        let path = "\(devDirectory)/i2c-\(busNumber)"
        do {
            let bus = try LinuxI2CBus(path: path)
            return (.pass("I2C enabled: \(path) present"), bus, false)
        } catch SensorIOError.permissionDenied {
            return (.fail("I2C: \(path) present but this user may not open it",
                          fix: "sudo usermod -aG i2c $USER, then log out and in"), nil, true)
        } catch {
            let present = I2CBusDiscovery.busPaths(devDirectory: devDirectory)
            let others = present.isEmpty ? "no \(devDirectory)/i2c-* at all" : "present: " + present.joined(separator: ", ")
            let fix = present.isEmpty ? enableI2CFix : "pass --i2c-bus N (or i2c_bus in the config) for the bus the sensors are on"
            return (.fail("I2C: \(path) missing (\(others))", fix: fix), nil, false)
        }
    }

    /// The IMU rate `live` will choose on this bus: the same `BusBudget` plan, for the IMU found on the bus (else the
    /// README's MPU-6050) with the configured force sensor's traffic on the same bus, and what 400 kHz would allow.
    static func busClock(busNumber: Int, sysDirectory: String, bus: LinuxI2CBus?, findings: [ProbeFinding],
                         force: (name: String, traffic: BusTraffic)?) -> DoctorCheck {
        let baudrateFix = "add dtparam=i2c_arm_baudrate=\(Int(BusBudget.suggestedClockHz)) to /boot/firmware/config.txt, then reboot"
        // The adapter's clock is in sysfs even when /dev/i2c-N is missing (i2c-dev not loaded).
        let clock = I2CBusClock.read(busNumber: busNumber, sysfsRoot: sysDirectory)
        guard clock.isKnown else {
            if bus == nil {
                return .fail("I2C bus clock: not checked (no bus)", fix: "when enabling I2C, also \(baudrateFix)", needed: false)
            }
            return .pass("I2C bus clock: not exposed by this adapter (no device-tree clock-frequency); IMU rate chosen at start", needed: false)
        }
        let others = force?.traffic ?? BusTraffic()
        func plan(_ clock: I2CBusClock) -> BusBudget {
            bus.flatMap { I2CProbe.budget(bus: $0, findings: findings, clock: clock, others: others) }
                ?? BusBudget.planForDefaultIMU(clock: clock, others: others)
        }
        let budget = plan(clock)
        let sharing = force.map { " with the \($0.name)" } ?? ""
        var finding = "I2C bus clock \(clock.kHzText): IMU at \(BusBudget.hz(budget.rateHz)) "
            + "(\(budget.chip)\(sharing): \(Int((budget.utilisation * 100).rounded())) % of the bus)"
        if budget.overloaded { finding += ", more than the bus can carry: samples will be lost" }
        let fast = plan(I2CBusClock(clockHz: BusBudget.suggestedClockHz, source: clock.source))
        if clock.clockHz < BusBudget.suggestedClockHz && fast.rateHz > budget.rateHz {
            return .fail(finding, fix: "\(baudrateFix) (IMU at \(BusBudget.hz(fast.rateHz)))", needed: false)
        }
        return budget.overloaded ? .fail(finding, fix: "a faster bus clock or a slower force sensor", needed: false)
                                 : .pass(finding, needed: false)
    }

    /// Membership of `name` (by the process's groups, so a `usermod` needs a new login to count).
    static func group(_ name: String, neededBecause denied: Bool) -> DoctorCheck {
        guard let entry = getgrnam(name) else {
            return .fail("group \(name): does not exist on this system", fix: "on Raspberry Pi OS it exists; elsewhere give your user access to the device nodes (udev rule)", needed: denied)
        }
        let gid = entry.pointee.gr_gid
        let count = getgroups(0, nil)
        var groups = [gid_t](repeating: 0, count: Int(max(count, 0)))
        let n = getgroups(count, &groups)
        if getegid() == gid || geteuid() == 0 || groups.prefix(Int(max(n, 0))).contains(gid) {
            return .pass("group \(name): member", needed: denied)
        }
        return .fail("group \(name): not a member", fix: "sudo usermod -aG \(name) $USER, then log out and in", needed: denied)
    }

    static func gpioChip(name: String, devDirectory: String, neededForHX711: Bool) -> (check: DoctorCheck, present: Bool, permissionDenied: Bool) {
        let found = detectGPIOChips(devDirectory: devDirectory)
        let wanted = name.hasPrefix("/") ? name : "\(devDirectory)/\(name)"
        let why = neededForHX711 ? "" : " (button and buzzer only)"
        if let chip = found.chips.first(where: { $0.path == wanted || $0.name == name }) {
            return (.pass("GPIO chip \(chip.name) [\(chip.label)], \(chip.lineCount) lines", needed: neededForHX711), true, false)
        }
        let denied = found.problems.contains { if case .permissionDenied = $0.reason { return true } else { return false } }
        if denied {
            return (.fail("GPIO: \(wanted) present but this user may not open it\(why)",
                          fix: "sudo usermod -aG gpio $USER, then log out and in", needed: neededForHX711), false, true)
        }
        let others = found.chips.isEmpty ? "no GPIO chips at all" : "present: " + found.chips.map(\.name).joined(separator: ", ")
        let fix = found.chips.isEmpty ? "a Raspberry Pi has one (gpiochip0; Pi 5: the header is pinctrl-rp1); elsewhere load the GPIO driver"
                                      : "set gpiochip in the config's [wiring] to the one the header is on"
        return (.fail("GPIO chip \(name) missing\(why) (\(others))", fix: fix, needed: neededForHX711), false, false)
    }

    /// The IMU and the configured force sensor, by the same identification `rollmon probe` uses.
    static func sensors(bus: LinuxI2CBus?, findings found: [ProbeFinding], busNumber: Int, forceKind: String, forceAddress: Int?,
                        gpioPresent: Bool) -> [DoctorCheck] {
        guard bus != nil else {
            return [.fail("sensors: not checked (no I2C bus)", fix: "fix I2C first, then run rollmon doctor again")]
        }
        var out: [DoctorCheck] = []
        let imus = found.filter { [0x68, 0x69, 0x6A, 0x6B].contains($0.address) }
        if imus.isEmpty {
            out.append(.fail("IMU: none found on i2c-\(busNumber)",
                             fix: "check 3V3, GND, SDA (pin 3) and SCL (pin 5) to the IMU; it answers at 0x68/0x69 (MPU) or 0x6A/0x6B (LSM6)"))
        } else {
            out.append(.pass("IMU: " + imus.map(\.description).joined(separator: ", ")))
        }
        switch forceKind {
        case "none", "":
            out.append(.pass("force sensor: none configured (contact from rolling; set [wiring] force_sensor)", needed: false))
        case "hx711":
            out.append(gpioPresent ? .pass("force sensor: HX711 on GPIO (read at start; not detectable by a bus scan)")
                                   : .fail("force sensor: HX711 needs the GPIO chip", fix: "see the GPIO line above"))
        case "ads1115", "bmp280":
            let chips = kindChips[forceKind]!
            let hit = found.first { chips.contains($0.chip) && (forceAddress == nil || Int($0.address) == forceAddress!) }
            out.append(hit.map { .pass("force sensor: \($0.description)") }
                       ?? .fail("force sensor: no \(forceKind.uppercased()) found on i2c-\(busNumber)",
                                fix: "check its wiring and address (found: \(found.map(\.description).joined(separator: ", ")))"))
        default:
            out.append(.fail("force sensor: unknown kind '\(forceKind)'", fix: "set [wiring] force_sensor to hx711, ads1115, bmp280 or none"))
        }
        return out
    }

    static let kindChips: [String: Set<String>] = ["ads1115": ["ADS1115"], "bmp280": ["BMP280", "BME280", "BMP388", "BMP390"]]

    static func config(path: String) -> (DoctorCheck, RollmonConfig?) {
        guard FileManager.default.fileExists(atPath: path) else {
            return (.pass("config: \(path) not there yet (defaults; `rollmon calibrate` writes it)"), RollmonConfig())
        }
        do {
            // The same checked reading `live` does (every value range-checked, `file:line: key: …`).
            let cfg = try RollmonConfig.load(path: path)
            return (.pass("config: \(path) valid"), cfg)
        } catch {
            return (.fail("config: \(error)", fix: "correct that line (README, Configuration) or move the file away"), nil)
        }
    }

    /// Writable, or creatable: the nearest existing ancestor is writable (doctor creates nothing).
    /// Room for one long session: a recording row is about 67 bytes (a demo session: 17.5 MB for 260,881 rows), so 10
    /// minutes at 1 kHz are 67 B × 1000/s × 600 s ≈ 40 MB.
    static let minimumFreeMB = 40.0

    static func dataDirectory(_ dir: String) -> DoctorCheck {
        var probe = dir
        while !FileManager.default.fileExists(atPath: probe), probe != "/" {
            probe = (probe as NSString).deletingLastPathComponent
            if probe.isEmpty { probe = "/" }
        }
        if access(probe, W_OK | X_OK) == 0 {
            // Writable but full (an SD card filled up): every session would end with its recording cut short and
            // exit 74 from the history, while this line said ✓.
            var fs = statvfs()
            if statvfs(probe, &fs) == 0 {
                let freeMB = Double(fs.f_bavail) * Double(fs.f_frsize) / 1_000_000
                if freeMB < minimumFreeMB {
                    return .fail("data directory \(dir) has only \(Int(freeMB)) MB free (a 10-minute session at 1 kHz records about \(Int(minimumFreeMB)) MB)",
                                 fix: "free space on that disk, or pass --data-dir / set ROLLMON_DATA_DIR to a disk with room")
                }
            }
            return .pass(probe == dir ? "data directory \(dir) writable" : "data directory \(dir) can be created (in \(probe))")
        }
        return .fail("data directory \(dir) not writable (\(probe))",
                     fix: "sudo chown -R $USER \(probe), or pass --data-dir / set ROLLMON_DATA_DIR to a writable place")
    }

    /// The history database (`DataDirectory.database`): absent (created by the first session) or one `history` can
    /// use. Opened read-only (`HistoryStore.problem`): opening it through `HistoryStore` would create or migrate it,
    /// and doctor changes nothing. A file cut short kept its header, so the header alone once passed it.
    private static func detail(_ e: HistoryError) -> String {
        switch e {
        case let .notADatabase(_, detail), let .io(_, detail): return detail
        default: return "\(e)"
        }
    }

    static func history(database path: String) -> DoctorCheck {
        guard FileManager.default.fileExists(atPath: path) else {
            return .pass("history: none yet (\(path) is created by the first session)")
        }
        // Every SQLite 3 database starts with this 16-byte header string (sqlite.org/fileformat.html §1.3).
        guard let h = FileHandle(forReadingAtPath: path) else {
            return .fail("history: \(path) not readable", fix: "sudo chown $USER \(path)")
        }
        // Empty (SQLite left it so when the disk was full as it was created): a new database to SQLite, and the next
        // command fills it from the recordings. `read` gives nil at the end of the file, which read as "not readable".
        guard let head = try? h.read(upToCount: 16), !head.isEmpty else {
            return .pass("history: \(path) empty (the next rollmon command fills it from the recordings)")
        }
        if head == Data("SQLite format 3\u{0}".utf8) {
            guard let problem = HistoryStore.problem(path: path) else { return .pass("history: \(path) readable") }
            if case .newerSchema = problem { return .fail("history: \(problem)", fix: "update rollmon") }
            if case .locked = problem { return .fail("history: \(problem)", fix: "run rollmon doctor again when the other rollmon has finished") }
            return .fail("history: \(path) is damaged (\(Self.detail(problem)))",
                         fix: "move it away (rollmon never deletes it); the recordings in sessions/ rebuild the history")
        }
        return .fail("history: \(path) is not an SQLite 3 database", fix: "move it away (rollmon never deletes it); the recordings in sessions/ rebuild the history")
    }
}
