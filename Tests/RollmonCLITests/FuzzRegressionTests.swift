import Foundation
import Testing

/// Every input the fuzzers (scripts/fuzz.sh) or the hand checks of README "Fuzzing" found to crash, hang or print a
/// broken error, replayed through the real `rollmon`: a clean exit status and a one-line error, never a signal.
/// Inputs live in Tests/FuzzRegressions/<target>/ (trace and euroc through `replay`, config through `live --config`);
/// one named `*.refused.*` must be refused (65 / 78), the others may also turn out valid.
@Suite("fuzz regressions, end to end")
struct FuzzRegressionTests {
    static let root = packageRoot.appendingPathComponent("Tests/FuzzRegressions")

    static func inputs(_ target: String) -> [String] {
        let dir = root.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(target)/\($0)" }
    }

    /// A refused input: exactly one line on stderr, printable (no NUL, CR or escape sequence from the file).
    static func expectOneLineError(_ r: RunResult, _ input: String) {
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(r.stderr.count < 1000, "\(input): error line of \(r.stderr.count) characters")
        #expect(lines.count == 2 && lines[1].isEmpty, "\(input): stderr is not one line: \(String(reflecting: r.stderr))")
        #expect(!r.stderr.dropLast().unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) },
                "\(input): control character in \(String(reflecting: r.stderr))")
    }

    @Test(arguments: inputs("trace") + inputs("euroc"))
    func traceInputExitsCleanly(_ input: String) throws {
        let r = try rollmon(["replay", Self.root.appendingPathComponent(input).path, "--json"])
        // 0: a valid trace after all; 65 (EX_DATAERR): refused. A trap or sanitizer abort is a signal, never these.
        #expect(r.status == 65 || (r.status == 0 && !input.contains(".refused.")), "\(input): exit \(r.status), stderr \(r.stderr)")
        if r.status == 65 { Self.expectOneLineError(r, input) }
    }

    @Test(arguments: inputs("config"))
    func configInputExitsCleanly(_ input: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollmon-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try rollmon(["live", "--duration", "1", "--record", dir.appendingPathComponent("s.csv").path,
                             "--config", Self.root.appendingPathComponent(input).path])
        // 78 (EX_CONFIG): refused. 69 (no I2C bus here) or 0 (a rig attached): the config was accepted.
        #expect(r.status == 78 || ([0, 69].contains(r.status) && !input.contains(".refused.")), "\(input): exit \(r.status), stderr \(r.stderr)")
        if r.status == 78 { Self.expectOneLineError(r, input) }
    }
}
