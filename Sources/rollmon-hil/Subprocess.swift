#if canImport(Glibc)
import Glibc
#endif
import SensorIO

/// Runs another program (i2c-tools, gpioset, the rollmon CLI) with posix_spawn.
///
/// Not Foundation's Process: in the guest's minimal environment CoreFoundation's run loop fails to set up
/// ("Could not create wakeup socket pair for CFSocket") and Process.run() then hangs. Output goes through temporary
/// files, not pipes, so a chatty program can never block on a full pipe.
struct Subprocess {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs to completion (killed after `timeoutSeconds`).
    static func run(_ path: String, _ arguments: [String], timeoutSeconds: Double = 60) throws -> Subprocess {
        let base = "/tmp/rollmon-hil-\(getpid())-\(nextID())"
        let outPath = base + ".out", errPath = base + ".err"
        defer { unlink(outPath); unlink(errPath) }
        let child = try Child.spawn(path, arguments, stdoutPath: outPath, stderrPath: errPath)
        guard let status = child.wait(timeoutSeconds: timeoutSeconds) else {
            child.kill()
            throw CheckFailure("\(path) \(arguments.joined(separator: " ")) did not finish within \(timeoutSeconds) s")
        }
        return Subprocess(status: status, stdout: readFile(outPath), stderr: readFile(errPath))
    }

    private nonisolated(unsafe) static var counter = 0
    private static func nextID() -> Int { counter += 1; return counter }
}

/// A started child process.
struct Child {
    let pid: pid_t
    let path: String

    static func spawn(_ path: String, _ arguments: [String], stdoutPath: String = "/dev/null",
                      stderrPath: String = "/dev/null") throws -> Child {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard rc == 0 else { throw CheckFailure("cannot start \(path): \(String(cString: strerror(rc)))") }
        return Child(pid: pid, path: path)
    }

    /// Exit status (128 + signal number if killed by a signal), or nil if still running after `timeoutSeconds`.
    func wait(timeoutSeconds: Double) -> Int32? {
        var waited = 0.0
        while true {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                // <sys/wait.h> encoding (the WIFEXITED / WEXITSTATUS macros are not visible to Swift).
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal
            }
            if r < 0 { return 255 }
            if waited >= timeoutSeconds { return nil }
            usleep(10_000)
            waited += 0.01
        }
    }

    var isRunning: Bool { Glibc.kill(pid, 0) == 0 && wait(timeoutSeconds: 0) == nil }

    /// SIGTERM only, as a supervisor or `systemctl stop` sends it: rollmon ends its session with the summary and
    /// exit 0 (the caller waits for it).
    func terminate() { _ = Glibc.kill(pid, SIGTERM) }

    /// SIGTERM, then SIGKILL if it does not go within 2 s; always reaps the child.
    func kill() {
        _ = Glibc.kill(pid, SIGTERM)
        if wait(timeoutSeconds: 2) == nil {
            _ = Glibc.kill(pid, SIGKILL)
            _ = wait(timeoutSeconds: 5)
        }
    }
}

func readFile(_ path: String) -> String {
    guard let f = fopen(path, "r") else { return "" }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// i2c-tools' i2cdump, an implementation independent of SensorIO, reads back what a driver wrote: one process for
/// a register range (reads byte by byte with SMBus read-byte-data), returned as a map from register to value.
/// Output format of i2c-tools' i2cdump.c: rows "NN: " then 16 columns of "XX " (blank when out of range).
func i2cdump(bus: Int, address: UInt8, first: UInt8, last: UInt8) throws -> [UInt8: UInt8] {
    let r = try Subprocess.run("/usr/sbin/i2cdump", ["-y", "-r", "\(hex(first))-\(hex(last))", "\(bus)", hex(address), "b"])
    guard r.status == 0 else { throw CheckFailure("i2cdump \(bus) \(hex(address)) failed: \(r.stderr)\(r.stdout)") }
    var values: [UInt8: UInt8] = [:]
    for line in r.stdout.split(separator: "\n") {
        let chars = Array(line)
        guard chars.count >= 4, chars[2] == ":", let row = UInt8(String(chars[0..<2]), radix: 16) else { continue }
        for column in 0..<16 {
            let at = 4 + 3 * column
            guard at + 2 <= chars.count, let v = UInt8(String(chars[at..<(at + 2)]), radix: 16) else { continue }
            values[row &+ UInt8(column)] = v
        }
    }
    return values
}
