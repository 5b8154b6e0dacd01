import Foundation
import TestSupport
import Testing

/// Config files and flags never trap (issue 10 item 7): every value is checked before any hardware is opened; a bad
/// config file is one line `file:line: key: what was expected` and exit 78, a bad flag exit 64.
@Suite("rollmon config and flags, end to end")
struct ConfigCLITests {
    /// (config text, the line and key the error must name, a word of what was expected)
    static let badConfigs: [(String, String, String)] = [
        ("[wiring]\nforce_sensor = \"ads1115\"\nforce_address = 300\n", "3: wiring.force_address:", "7-bit I2C address"),
        ("# my rig\n[wiring]\nbuzzer_line = -1\n", "3: wiring.buzzer_line:", "GPIO line offset"),
        ("[wiring]\nbutton_line = 4294967296\n", "2: wiring.button_line:", "GPIO line offset"),
        ("[wiring]\ni2c_bus = \"one\"\n", "2: wiring.i2c_bus:", "I2C bus number"),
        ("[wiring]\ni2c_bus = 1.5\n", "2: wiring.i2c_bus:", "I2C bus number"),
        ("[wiring]\nimu_address = 0x80\n", "2: wiring.imu_address:", "0x03–0x77"),
        ("[wiring]\nforce_sensor = \"laser\"\n", "2: wiring.force_sensor:", "\"hx711\", \"ads1115\", \"bmp280\", \"none\""),
        ("[wiring]\nads1115_input = \"diff\"\n", "2: wiring.ads1115_input:", "\"fsr\", \"bridge\""),
        ("[wiring]\ngpiochip = 0\n", "2: wiring.gpiochip:", "GPIO chip name"),
        ("[tool]\nkind = \"sphere\"\n", "2: tool.kind:", "\"ball\", \"roller\""),
        ("[tool]\nradius_mm = -32\n", "2: tool.radius_mm:", "between 5 and 300"),
        ("[tool]\nradius_mm = 1e300\n", "2: tool.radius_mm:", "between 5 and 300"),
        ("[tool]\nfascia_cm = \"long\"\n", "2: tool.fascia_cm:", "between 5 and 40"),
        ("[thresholds]\nsevere_n = 0\n", "2: thresholds.severe_n:", "between 20 and 5000"),
        ("[user.ann]\nfascia_cm = 0.5\n", "2: user.ann.fascia_cm:", "between 5 and 40"),
        ("[thresholds]\nfirst_foot = \"both\"\n", "2: thresholds.first_foot:", "\"left\", \"right\""),
        ("[calibration]\nforce_curve = [[10, 0], [5, 100]]\n", "2: calibration.force_curve:", "counts increasing"),
        ("[calibration]\ngyro_bias_rad_s = [0.1, 0.2]\n", "2: calibration.gyro_bias_rad_s:", "3 numbers"),
        ("[calibration]\nforce_newtons_per_count = 0\n", "2: calibration.force_newtons_per_count:", "not 0"),
        ("wiring = 3\n", "1: wiring:", "section [wiring]"),
        ("[tool]\nkind = \"ball\nradius_mm = 3\n", "2: ", "not valid TOML"),
        // CRLF line ends (Windows editors): the line is still counted (a CRLF is one Swift Character).
        ("# my rig\r\n[tool]\r\nkind = \"sphere\"\r\n", "3: tool.kind:", "\"ball\", \"roller\""),
        // Patterns toml++ asserted on (found by fuzzing), refused with their line before it sees them.
        ("[tool]\nradius_mm = [1,\n  }\n", "3: ", "a value or ']' in the list"),
        ("[calibration]\ncalibrated_at = 1978-05-27T&07:32:00Z\n", "2: ", "a time of day"),
        ("[calibration]\ncalibrated_at = 1979-05-27 0\n", "2: ", "a time of day"),
        ("[calibration]\ncalibrated_at = 0989-05-CC 5\n", "2: ", "a whole date-time"),
        ("[calibration]\ncalibrated_at = 07:3x\n", "2: ", "a whole date-time"),
        ("[calibration]\ncalibrated_at = 1979-05-27T07:32:00+1\n", "2: ", "a whole date-time"),
        ("# x\r\n[\\u\r\n", "2: ", "a table name"),
    ]

    @Test(arguments: badConfigs.indices)
    func badConfigValueIsOneLineAndExit78BeforeAnyHardware(_ i: Int) throws {
        let (text, place, expected) = Self.badConfigs[i]
        let dir = TempDir()
        let cfg = dir.write("config.toml", text)
        for command in [["live", "--duration", "1", "--record", dir.path("s.csv")], ["calibrate", "--demo"]] {
            let r = try rollmon(command + ["--config", cfg])
            #expect(r.status == 78, "\(command[0]) \(text): \(r.status) \(r.stderr)")
            #expect(r.stderr.hasPrefix("rollmon: \(cfg):\(place)"), "\(r.stderr)")
            #expect(r.stderr.contains(expected), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.path("s.csv")))
        }
    }

    @Test(arguments: [
        ["live", "--buzzer-line", "-1"], ["live", "--button-line", "4294967296"], ["live", "--i2c-bus", "-2"],
        ["live", "--imu-address", "0x99"], ["live", "--force-sensor", "laser"], ["calibrate", "--force-sensor", "laser"],
        ["live", "--duration", "-5"], ["demo", "--speed", "-1"], ["calibrate", "--demo", "--known-kg", "0"],
        ["simulate", "--preset", "nope", "--out", "/dev/null", "--truth", "/dev/null"],
        ["simulate", "--imu", "bmi160", "--out", "/dev/null", "--truth", "/dev/null"],
        ["simulate", "--duration-s", "1e300", "--out", "/dev/null", "--truth", "/dev/null"],
        ["simulate", "--segments", "1000000", "--out", "/dev/null", "--truth", "/dev/null"],
        ["replay", "x.csv", "--tool", "sphere"],
        // A radius of 1e300 mm once crashed the analysis (a stroke length past Int's range); each setting has a range.
        ["replay", "x.csv", "--radius-mm", "1e300"], ["replay", "x.csv", "--fascia-cm", "41"], ["replay", "x.csv", "--severe-n", "5"],
    ])
    func badFlagIsAUsageError(_ args: [String]) throws {
        let r = try rollmon(args)
        #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
        #expect(r.stderr.contains("Error:"), "\(r.stderr)")
    }

    /// A negative number after a flag is that flag's value and gets the flag's own rule: ArgumentParser took `-1`
    /// for an option name and said "Missing value for '--speed <speed>'". `doctor` and `probe` took `--i2c-bus=-1`
    /// and looked for /dev/i2c--1 ("no I2C bus found").
    @Test(arguments: [
        (["demo", "--speed", "-1"], "Error: --speed must be 0 (as fast as possible) or more"),
        (["live", "--duration", "-3"], "Error: --duration must be a positive number of seconds"),
        (["replay", "x.csv", "--radius-mm", "-5"], "Error: --radius-mm must be between 5 and 300 mm"),
        (["history", "--days", "-2"], "Error: --days must be 1 to 36600"),
        (["doctor", "--i2c-bus", "-1"], "Error: --i2c-bus must be a bus number, 0 or more"),
        (["doctor", "--i2c-bus=-1"], "Error: --i2c-bus must be a bus number, 0 or more"),
        (["probe", "--i2c-bus", "-1"], "Error: --i2c-bus must be a bus number, 0 or more"),
    ])
    func aNegativeValueGetsTheFlagsOwnRule(_ args: [String], _ message: String) throws {
        let r = try rollmon(args)
        #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
        #expect(r.stderr.hasPrefix(message), "\(args): \(r.stderr)")
    }

    /// `live` and `demo` check `--duration` with one rule and one message: a positive, finite number of seconds.
    @Test(arguments: ["live", "demo"], ["0", "inf", "nan"])
    func aSessionLengthMustBePositiveAndFinite(_ command: String, _ duration: String) throws {
        let r = try rollmon([command, "--duration", duration])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("Error: --duration must be a positive number of seconds\n"), "\(r.stderr)")
    }

    /// A valid config with every kind of value reads, and what `calibrate` writes back reads again the same.
    /// A config that is not a plain file gets the system's reason: `--config /dev/null` is an empty config (as a
    /// missing file is), a pipe (`--config <(…)`, here a FIFO) is read to its end, a directory "Is a directory", and
    /// bytes that are not UTF-8 say so. Foundation's reader said "You don't have permission" for the first two (exit
    /// 78) and "NSCocoaErrorDomain error 256" for the directory; a device that never ends is refused after 1 MiB.
    @Test func aConfigThatIsNoPlainFileGetsTheSystemsReason() throws {
        let dir = TempDir()
        let data = dir.path("data")
        let empty = try rollmon(["history", "--config", "/dev/null", "--data-dir", data])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout.contains("(a day starts at 04:00)"), "\(empty.stdout.prefix(120))")
        let fifo = dir.path("config.fifo")
        #expect(mkfifo(fifo, 0o644) == 0)
        let writer = Thread {
            guard let h = FileHandle(forWritingAtPath: fifo) else { return }   // waits for rollmon to open it
            h.write(Data("[history]\nday_starts_at = \"05:30\"\n".utf8))
            try? h.close()
        }
        writer.start()
        let piped = try rollmon(["history", "--config", fifo, "--data-dir", data])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("(a day starts at 05:30)"), "\(piped.stdout.prefix(120))")
        let folder = try rollmon(["history", "--config", dir.path("."), "--data-dir", data])
        #expect(folder.status == 78)
        #expect(folder.stderr == "rollmon: \(dir.path(".")): cannot read: Is a directory\n", "\(folder.stderr)")
        let latin1 = dir.writeBytes("latin1.toml", Array("[history]\nday_starts_at = \"".utf8) + [0xE9] + Array("\"\n".utf8))
        let bytes = try rollmon(["history", "--config", latin1, "--data-dir", data])
        #expect(bytes.status == 78)
        #expect(bytes.stderr == "rollmon: \(latin1): cannot read: the file is not UTF-8 text\n", "\(bytes.stderr)")
        // A device that never ends was read until the allocator gave up (SIGABRT in `calibrate --config /dev/full`).
        for endless in ["/dev/zero", "/dev/full"] where FileManager.default.fileExists(atPath: endless) {
            let r = try rollmon(["calibrate", "--demo", "--known-kg", "2", "--config", endless])
            #expect(r.status == 78, "\(endless): \(r.stderr.prefix(300))")
            #expect(r.stderr == "rollmon: \(endless): cannot read: more than 1 MiB; a config file is a few hundred bytes\n", "\(r.stderr.prefix(300))")
        }
    }

    @Test func validConfigRoundTripsThroughCalibrate() throws {
        let dir = TempDir()
        let cfg = dir.write("config.toml", """
            [tool]
            kind = "Roller"
            radius_mm = 75
            [thresholds]
            severe_n = 240.5
            first_foot = "left"
            [wiring]
            i2c_bus = 3
            imu_address = 0x69
            force_sensor = "ads1115"
            force_address = 0x48
            ads1115_input = "bridge"
            gpiochip = "gpiochip4"
            buzzer_line = 27
            [calibration]
            force_curve = [[0, 0], [100, 50.5], [200, 120]]

            """)
        let first = try rollmon(["calibrate", "--demo", "--known-kg", "5", "--config", cfg])
        #expect(first.status == 0, "\(first.stderr)")
        let saved = try String(contentsOfFile: cfg, encoding: .utf8)
        for line in ["kind = 'roller'", "force_address = 72", "imu_address = 105", "ads1115_input = 'bridge'", "first_foot = 'left'"] {
            #expect(saved.contains(line) || saved.contains(line.replacingOccurrences(of: "'", with: "\"")), "\(line) in \(saved)")
        }
        let again = try rollmon(["calibrate", "--demo", "--known-kg", "5", "--config", cfg])
        #expect(again.status == 0, "\(again.stderr)")
    }
}
