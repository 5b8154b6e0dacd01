import Foundation
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

    @Test func theBusClockSaysWhatItAllows() throws {
        // sysfs knows the adapter's clock even when /dev/i2c-1 is missing (i2c-dev not loaded).
        for (hz, expected) in [(100_000, "✗ I2C bus clock 100 kHz: IMU at 500 Hz (optional) — fix: add dtparam=i2c_arm_baudrate=400000"),
                               (400_000, "✓ I2C bus clock 400 kHz: IMU at 1000 Hz")] {
            let dir = TempDir()
            let node = dir.path("sys/class/i2c-adapter/i2c-1/of_node")
            try FileManager.default.createDirectory(atPath: node, withIntermediateDirectories: true)
            let be = [UInt8(hz >> 24 & 0xFF), UInt8(hz >> 16 & 0xFF), UInt8(hz >> 8 & 0xFF), UInt8(hz & 0xFF)]
            try Data(be).write(to: URL(fileURLWithPath: node + "/clock-frequency"))   // device-tree cells are big-endian
            let r = try rollmon(["doctor", "--dev-directory", dir.path("dev"), "--sys-directory", dir.path("sys"),
                                 "--data-dir", dir.path("data"), "--config", dir.path("c.toml")])
            #expect(r.status == 69)
            #expect(r.stdout.contains(expected), "\(r.stdout)")
        }
    }
}
