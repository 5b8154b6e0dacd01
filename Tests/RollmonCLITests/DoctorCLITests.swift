import Foundation
import GRDB
import SensorIO
import TestSupport
import Testing

/// `rollmon doctor` (interface v2 §9) run as the user runs it, against device and sysfs directories we control.
@Suite("rollmon doctor")
struct DoctorCLITests {
    @Test func withoutI2CItSaysHowToEnableItAndExits69() throws {
        let dir = TempDir()
        let dev = dir.path("dev")
        try FileManager.default.createDirectory(atPath: dev, withIntermediateDirectories: true)
        let r = try rollmon(["doctor", "--dev-directory", dev, "--sys-directory", dir.path("sys"),
                             "--config", dir.path("none.toml"), "--data-dir", dir.path("data")])
        #expect(r.status == 69, "\(r.stdout)\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let i2c = try #require(lines.first { $0.contains("I2C: \(dev)/i2c-1 missing") })
        #expect(i2c.hasPrefix("✗") && i2c.contains("raspi-config") && i2c.contains("dtparam=i2c_arm=on"))
        #expect(lines.contains { $0.hasPrefix("✗ sensors: not checked") })
        #expect(lines.contains { $0.hasPrefix("✓ data directory \(dir.path("data")) can be created") })
        #expect(lines.contains { $0.hasPrefix("✓ config:") })
        #expect(lines.contains { $0.hasPrefix("✓ history: none yet") })
        // Every line is a check with a mark, except the verdict at the end.
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("✓ ") || $0.hasPrefix("✗ ") })
        #expect(lines.last!.hasPrefix("Not ready"))
    }

    @Test func aBrokenConfigAndAForeignHistoryFileAreMissesWithTheirFix() throws {
        let dir = TempDir()
        let cfg = dir.write("config.toml", "[tool]\nkind = \"frisbee\"\n")
        let data = dir.path("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        _ = dir.write("data/history.sqlite", "not a database\n")
        let r = try rollmon(["doctor", "--dev-directory", dir.path("nodev"), "--config", cfg, "--data-dir", data])
        #expect(r.status == 69)
        #expect(r.stdout.contains("✗ config: ") && r.stdout.contains("frisbee"), "\(r.stdout)")
        #expect(r.stdout.contains("✓ data directory \(data) writable"))
        #expect(r.stdout.contains("✗ history: \(data)/history.sqlite is not an SQLite 3 database"))
    }

    /// A history database cut short (a power cut while it grew, a copy that stopped) keeps its 16-byte header, and
    /// doctor once read only that: "✓ history: … readable" while `history` refused it (exit 74). Now doctor reads
    /// what `history` needs, and says a newer rollmon's file too; neither file is changed.
    @Test func aDamagedOrNewerHistoryIsAMissLikeHistorySaysIt() throws {
        let dir = TempDir()
        let data = dir.path("data")
        let trace = SyntheticTrace(started: "2026-12-01T07:00:00Z", segments: [("R", 130), ("L", 125)]).write(to: dir.path("s.csv"))
        #expect(try rollmon(["history", "add", "--data-dir", data, trace]).status == 0)
        let path = data + "/history.sqlite"
        func doctorHistoryLine() throws -> String {
            let r = try rollmon(["doctor", "--dev-directory", dir.path("nodev"), "--config", dir.path("none.toml"), "--data-dir", data])
            #expect(r.status == 69)
            return r.stdout.split(separator: "\n").first { $0.contains("history:") }.map(String.init) ?? ""
        }
        #expect(try doctorHistoryLine() == "✓ history: \(path) readable")

        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let newer = try DatabaseQueue(path: path)
        try newer.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9')") }
        try newer.close()
        let newerBytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let line = try doctorHistoryLine()
        #expect(line.hasPrefix("✗ history: ") && line.contains("written by a newer rollmon (schema v9"), "\(line)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == newerBytes)

        let cut = whole.prefix(whole.count / 2)
        try cut.write(to: URL(fileURLWithPath: path))
        let damaged = try doctorHistoryLine()
        #expect(damaged.hasPrefix("✗ history: \(path) is damaged (") && damaged.contains("fix: move it away"), "\(damaged)")
        #expect(try rollmon(["history", "--data-dir", data]).status == 74)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == cut)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal") && !FileManager.default.fileExists(atPath: path + "-shm"))
    }

    /// A history file of 0 bytes (SQLite leaves one when the disk is full as it creates it) is a new database that
    /// the next command fills: it once read as "not readable — fix: sudo chown".
    @Test func anEmptyHistoryFileIsNotAnOwnershipProblem() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path("data"), withIntermediateDirectories: true)
        _ = dir.write("data/history.sqlite", "")
        let r = try rollmon(["doctor", "--dev-directory", dir.path("nodev"), "--config", dir.path("none.toml"), "--data-dir", dir.path("data")])
        #expect(r.stdout.contains("✓ history: \(dir.path("data"))/history.sqlite empty (the next rollmon command fills it from the recordings)"), "\(r.stdout)")
        #expect(try rollmon(["history", "--data-dir", dir.path("data")]).status == 0)
    }

    /// A data directory on a disk that is full (here a 2 MB tmpfs, so root only) is a miss: it was "✓ writable" while
    /// every session lost the end of its recording and exited 74.
    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func aFullDiskIsAMissForTheDataDirectory() throws {
        let dir = TempDir()
        let small = dir.path("small")
        try onSmallFilesystem(small, kilobytes: 2048) {
            let r = try rollmon(["doctor", "--dev-directory", dir.path("nodev"), "--config", dir.path("none.toml"), "--data-dir", small + "/data"])
            #expect(r.status == 69)
            let line = r.stdout.split(separator: "\n").first { $0.contains("data directory") }.map(String.init) ?? ""
            #expect(line.hasPrefix("✗ data directory \(small)/data has only ") && line.contains("MB free") && line.contains("fix: free space"), "\(line)")
        }
    }

    /// A sysfs tree whose i2c-1 adapter has `clock-frequency` = `hz`, and doctor run against it with `config`.
    func doctor(busHz hz: Int, config: String? = nil) throws -> (status: Int32, stdout: String) {
        let dir = TempDir()
        let node = dir.path("sys/class/i2c-adapter/i2c-1/of_node")
        try FileManager.default.createDirectory(atPath: node, withIntermediateDirectories: true)
        let be = [UInt8(hz >> 24 & 0xFF), UInt8(hz >> 16 & 0xFF), UInt8(hz >> 8 & 0xFF), UInt8(hz & 0xFF)]
        try Data(be).write(to: URL(fileURLWithPath: node + "/clock-frequency"))   // device-tree cells are big-endian
        let cfg = config.map { dir.write("c.toml", $0) } ?? dir.path("c.toml")
        let r = try rollmon(["doctor", "--dev-directory", dir.path("dev"), "--sys-directory", dir.path("sys"),
                             "--data-dir", dir.path("data"), "--config", cfg])
        return (r.status, r.stdout)
    }

    @Test func theBusClockSaysWhatItAllows() throws {
        // sysfs knows the adapter's clock even when /dev/i2c-1 is missing (i2c-dev not loaded). No IMU found: the
        // plan is for the README's MPU-6050, by the same `BusBudget` live uses (its figures: BusBudgetTests).
        let fix = "— fix: add dtparam=i2c_arm_baudrate=400000 to /boot/firmware/config.txt, then reboot (IMU at 1000 Hz)"
        for (hz, expected) in [(100_000, "✗ I2C bus clock 100 kHz: IMU at 500 Hz (MPU-6050: 69 % of the bus) (optional) \(fix)"),
                               (400_000, "✓ I2C bus clock 400 kHz: IMU at 1000 Hz (MPU-6050: 32 % of the bus)")] {
            let r = try doctor(busHz: hz)
            #expect(r.status == 69)
            #expect(r.stdout.contains(expected), "\(r.stdout)")
        }
    }

    /// The force sensor the config names shares the bus, and live counts its traffic: an ADS1115 converting at
    /// 860 SPS leaves a stock bus room for the MPU at 250 Hz only, and even that is over the 80 % budget; at 400 kHz
    /// both fit at full rate. A rule of thumb about the IMU alone would say 500 Hz.
    @Test func theBusLineCountsTheConfiguredForceSensor() throws {
        let ads = "[wiring]\nforce_sensor = \"ads1115\"\n"
        let stock = try doctor(busHz: 100_000, config: ads)
        let line = try #require(stock.stdout.split(separator: "\n").first { $0.contains("I2C bus clock") })
        #expect(line.hasPrefix("✗ I2C bus clock 100 kHz: IMU at 250 Hz (MPU-6050 with the ADS1115: "), "\(line)")
        #expect(line.contains("more than the bus can carry") && line.contains("(IMU at 1000 Hz)"), "\(line)")
        let fast = try doctor(busHz: 400_000, config: ads)
        #expect(fast.stdout.contains("✓ I2C bus clock 400 kHz: IMU at 1000 Hz (MPU-6050 with the ADS1115: "), "\(fast.stdout)")
        // An HX711 is on GPIO lines: it costs the bus nothing.
        let hx = try doctor(busHz: 100_000, config: "[wiring]\nforce_sensor = \"hx711\"\n")
        #expect(hx.stdout.contains("✗ I2C bus clock 100 kHz: IMU at 500 Hz (MPU-6050: 69 % of the bus)"), "\(hx.stdout)")
    }

    /// The clock that dates sessions: network time when the kernel says so (adjtimex, read here through the same
    /// SensorIO call as an independent witness of the kernel's state), else a registered RTC in the sysfs tree given,
    /// else a miss with its fix. Never needed for `live`: the verdict does not change with it.
    @Test func theSystemClockLineSaysWhereSessionDatesComeFrom() throws {
        let synchronised = try WallClockSource.kernelSaysSynchronised().get()
        for withRTC in [false, true] {
            let dir = TempDir()
            if withRTC { try FileManager.default.createDirectory(atPath: dir.path("sys/class/rtc/rtc0"), withIntermediateDirectories: true) }
            let r = try rollmon(["doctor", "--dev-directory", dir.path("dev"), "--sys-directory", dir.path("sys"),
                                 "--data-dir", dir.path("data"), "--config", dir.path("c.toml")])
            #expect(r.status == 69, "no I2C here, so not ready either way")
            let lines = r.stdout.split(separator: "\n").map(String.init)
            let line = try #require(lines.first { $0.contains("system clock") }, "\(r.stdout)")
            let expected = synchronised ? "✓ system clock: synchronised to network time"
                : withRTC ? "✓ system clock: not network-synchronised, set from the real-time clock rtc0 at boot"
                : "✗ system clock: not synchronised and no real-time clock"
            #expect(line.hasPrefix(expected), "\(line)")
            if !synchronised && !withRTC {
                #expect(line.contains("(optional)") && line.contains("dtoverlay=i2c-rtc,ds3231"), "\(line)")
            }
        }
    }
}
