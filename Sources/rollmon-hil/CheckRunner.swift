#if canImport(Glibc)
import Glibc
#endif
import SensorIO

/// Runs named checks and prints one line per check (`ok   - name` / `FAIL - name: why`), then the summary line
/// `N passed, N failed` that scripts/hil/run.sh looks for. A check fails by throwing; anything thrown counts, so a
/// SensorIO error that escapes a check is reported with its own message.
final class CheckRunner {
    private(set) var passed = 0
    private(set) var failed = 0
    private let prefix: String
    private let clock = SystemMonotonicClock()
    private let startSeconds: Double
    private var pendingNotes: [String] = []

    /// `prefix` tags every line with the libgpiod build under test (v1 / v2), so the two runs can be told apart.
    init(prefix: String) {
        self.prefix = prefix
        startSeconds = clock.nowSeconds()
    }

    func run(_ name: String, _ body: () throws -> Void) {
        let start = clock.nowSeconds()
        do {
            try body()
            passed += 1
            emit("ok   - \(prefix)\(name) \(elapsed(since: start))")
        } catch {
            failed += 1
            emit("FAIL - \(prefix)\(name): \(error) \(elapsed(since: start))")
        }
        pendingNotes.forEach(emit)
        pendingNotes.removeAll()
    }

    /// A check that cannot run because something it needs is missing; counted as a failure so CI notices.
    func unavailable(_ name: String, because reason: String) {
        failed += 1
        emit("FAIL - \(prefix)\(name): not run: \(reason)")
    }

    /// An indented measurement line, printed under the verdict of the check that produced it.
    func note(_ text: String) {
        pendingNotes.append("       \(text)")
    }

    /// A heading line with the time since the runner started, to see where a slow run spends its time.
    func section(_ title: String) {
        emit("# \(prefix)\(title) \(elapsed(since: startSeconds)) since start")
    }

    var summary: String { "\(passed) passed, \(failed) failed" }

    /// "(0.42 s)": the emulated guest is slow, and the time per check is what to look at when the run gets long.
    private func elapsed(since start: Double) -> String {
        "(\(Double(Int((clock.nowSeconds() - start) * 100)) / 100) s)"
    }

    /// Prints and flushes at once, so the guest's serial console shows each check as it finishes.
    private func emit(_ line: String) {
        print(line)
        fflush(nil)
    }
}

/// A check's verdict with the numbers that explain it.
struct CheckFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw CheckFailure(message()) }
}

func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: String) throws {
    if actual != expected { throw CheckFailure("\(what): got \(actual), expected \(expected)") }
}

/// Scaled readings are products of an integer count and a datasheet constant: they must agree to rounding error.
func expectClose(_ actual: Double, _ expected: Double, relative: Double = 1e-12, absolute: Double = 1e-12,
                 _ what: String) throws {
    let tolerance = max(absolute, relative * abs(expected))
    if !(abs(actual - expected) <= tolerance) {
        throw CheckFailure("\(what): got \(actual), expected \(expected) (tolerance \(tolerance))")
    }
}
