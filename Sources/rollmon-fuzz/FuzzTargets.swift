#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RollAnalysis
import RollConfig
import RollSummary
import RollTrace

/// One fuzz target: bytes in, the real reader run over them as `rollmon replay` / `--config` would. A Swift trap, a
/// sanitizer report or a broken promise (below) is the crash libFuzzer records; a thrown error is the expected outcome.
enum FuzzTarget: String, CaseIterable {
    /// rollmon-trace 1 bytes through `TraceReader` (seeded from Fixtures/imu-traces).
    case trace
    /// EuRoC IMU CSV bytes through `TraceReader` (the same reader; its own seeds and dictionary).
    case euroc
    /// config.toml bytes through `RollmonConfig.load` (TOMLKit + ConfigReader's range checks).
    case config

    /// The readers take a path, so the input goes through a file, as it does for the user. One per process, on
    /// tmpfs when there is one (`-fork`/`-jobs` workers are separate processes).
    private static let scratchPath: String = {
        let dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        return "\(dir)/rollmon-fuzz-\(getpid())"
    }()

    func run(_ bytes: UnsafeRawBufferPointer) {
        let path = Self.scratchPath + (self == .config ? ".toml" : ".csv")
        Self.writeFile(bytes, to: path)
        defer { unlink(path) }
        switch self {
        case .trace, .euroc: Self.readTrace(path)
        case .config: Self.readConfig(path)
        }
    }

    /// Reads every sample and analyses it as `rollmon replay --json` does. Promises checked: samples finite with `t`
    /// strictly increasing; an error is one line; the summary's JSON holds no non-finite number (`nan` is not JSON).
    private static func readTrace(_ path: String) {
        let reader: TraceReader
        do { reader = try TraceReader(path: path) } catch { return expectOneLine(error.description) }
        var analyzer = RollAnalyzer(settings: SettingsResolution.resolve(metadata: reader.metadata.analysisChoices),
                                    hasForceSensor: reader.hasForce)
        var lastT = -Double.infinity
        do {
            while let s = try reader.nextSample() {
                let values = [s.tSeconds, s.accelMS2.x, s.accelMS2.y, s.accelMS2.z, s.gyroRadS.x, s.gyroRadS.y, s.gyroRadS.z, s.forceN ?? 0]
                guard values.allSatisfy(\.isFinite), s.tSeconds > lastT else { broken("sample not finite or t not increasing: \(s)") }
                lastT = s.tSeconds
                analyzer.process(s)
            }
        } catch { return expectOneLine(error.description) }
        reader.warnings.forEach { expectOneLine($0.description) }
        let json = SummaryJSON.render(analyzer.finish())
        for token in [": nan", ": -nan", ": inf", ": -inf", "[nan", "[inf", "[-inf"] where json.contains(token) {
            broken("the summary JSON holds a non-finite number (\(token)): \(json.prefix(2000))")
        }
    }

    private static func readConfig(_ path: String) {
        do { _ = try RollmonConfig.load(path: path) } catch { expectOneLine(error.description) }
    }

    /// The CLI prints errors as one line; a newline or other control character inside would break that.
    private static func expectOneLine(_ message: String) {
        if message.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            broken("error message is not one printable line: \(String(reflecting: message))")
        }
    }

    private static func broken(_ what: String) -> Never {
        printToStderr("rollmon-fuzz: \(what)\n")
        abort()
    }

    private static func writeFile(_ bytes: UnsafeRawBufferPointer, to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { broken("cannot create \(path)") }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            guard n > 0 else { broken("cannot write \(path)") }
            done += n
        }
    }
}

/// One message on standard error, unbuffered (a crash right after must not lose it).
func printToStderr(_ message: String) {
    var m = message
    m.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
