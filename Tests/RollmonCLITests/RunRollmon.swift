import Foundation
import Testing

/// Runs the real `rollmon` executable built next to this test bundle.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `ROLLMON_EXECUTABLE` (opt-in, e.g. `.build/release/rollmon` for the long accuracy sweep) chooses another build.
func rollmonExecutable() -> URL {
    if let chosen = ProcessInfo.processInfo.environment["ROLLMON_EXECUTABLE"], !chosen.isEmpty {
        return URL(fileURLWithPath: chosen, relativeTo: packageRoot)
    }
    // swift test runs the bundle from the build products directory, where the rollmon product sits too.
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("rollmon")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return packageRoot.appendingPathComponent(".build/debug/rollmon")
}

@discardableResult
/// `stdoutTo`: a file standard output goes to instead of the captured pipe (as `> file` in a shell); `stdinFrom` a
/// file standard input reads (as `< file`).
func rollmon(_ args: [String], stdin: Data? = nil, environment: [String: String]? = nil, stdoutTo: FileHandle? = nil,
             stdinFrom: FileHandle? = nil) throws -> RunResult {
    let p = Process()
    p.executableURL = rollmonExecutable()
    p.arguments = args
    // Never touch the user's own data directory: without one given, each test process gets a scratch one.
    var env = environment ?? ProcessInfo.processInfo.environment
    if env["ROLLMON_DATA_DIR"] == nil { env["ROLLMON_DATA_DIR"] = scratchDataDirectory }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = stdoutTo ?? out
    p.standardError = err
    let inPipe = Pipe()
    p.standardInput = stdinFrom ?? inPipe
    try p.run()
    if let stdin { inPipe.fileHandleForWriting.write(stdin) }
    try inPipe.fileHandleForWriting.close()
    // Read both pipes concurrently so neither can fill up and stall the child.
    final class Box: @unchecked Sendable { var data = Data() }
    let outBox = Box()
    let group = DispatchGroup()
    group.enter()
    let reader = out.fileHandleForReading
    try out.fileHandleForWriting.close()   // the child holds its own copy (or writes to `stdoutTo`): EOF comes with its exit
    DispatchQueue.global().async { outBox.data = reader.readDataToEndOfFile(); group.leave() }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    let outData = outBox.data
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

let scratchDataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("rollmon-cli-data-\(getpid())").path

/// `rollmon replay PATH --json` on a trace the reader must refuse: exit status 65 (interface v1 §2: malformed input),
/// nothing on standard output, and exactly `stderr` on standard error (the one `path:line:column: error: …` line).
func expectReplayRefuses(_ path: String, stderr expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let r = try rollmon(["replay", path, "--json"])
    #expect(r.status == 65, sourceLocation: sourceLocation)
    #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
    #expect(r.stderr == expected, sourceLocation: sourceLocation)
}
