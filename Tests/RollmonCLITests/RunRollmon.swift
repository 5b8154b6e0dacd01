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
    let p = rollmonProcess(args, environment: environment)
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

/// The `rollmon` process for `args`, not yet started.
private func rollmonProcess(_ args: [String], environment: [String: String]?) -> Process {
    let p = Process()
    p.executableURL = rollmonExecutable()
    p.arguments = args
    // Never touch the user's own data directory: without one given, each test process gets a scratch one.
    var env = environment ?? ProcessInfo.processInfo.environment
    if env["ROLLMON_DATA_DIR"] == nil { env["ROLLMON_DATA_DIR"] = scratchDataDirectory }
    p.environment = env
    return p
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

/// Runs the real `rollmon` on a pseudo-terminal of `columns` × `rows` (standard input and output; standard error a
/// pipe), as a user's terminal runs it, and returns everything it wrote to the screen (escape sequences included).
/// `typing`: keys typed on that terminal `afterS` seconds after the start.
func rollmonInTerminal(_ args: [String], columns: Int, rows: Int, environment: [String: String]? = nil,
                       typing: (afterS: Double, keys: String)? = nil) throws -> RunResult {
    // posix_openpt / unlockpt / ptsname are hidden from Swift's Glibc module (_XOPEN_SOURCE): the same through
    // /dev/ptmx and its ioctls, TIOCSPTLCK = _IOW('T', 0x31, int) and TIOCGPTN = _IOR('T', 0x30, unsigned int)
    // (Linux include/uapi/asm-generic/ioctls.h, used by x86-64 and arm64).
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    var unlock: Int32 = 0, number: UInt32 = 0
    guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
        if master >= 0 { close(master) }
        throw POSIXError(.ENOTTY)
    }
    var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
    guard slave >= 0 else { close(master); throw POSIXError(.ENOTTY) }
    let p = rollmonProcess(args, environment: environment)
    let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
    let err = Pipe()
    p.standardInput = terminal
    p.standardOutput = terminal
    p.standardError = err
    try p.run()
    close(slave)   // the child holds its own: reads on the master end (EIO) when it exits
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    if let typing {
        group.enter()
        DispatchQueue.global().asyncAfter(deadline: .now() + typing.afterS) {
            _ = Array(typing.keys.utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            group.leave()
        }
    }
    var screen = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = read(master, &buffer, buffer.count)
        if n > 0 { screen.append(contentsOf: buffer[0..<n]) } else if n < 0 && errno == EINTR { continue } else { break }
    }
    close(master)
    group.wait()
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus, stdout: String(decoding: screen, as: UTF8.self),
                     stderr: String(decoding: errBox.data, as: UTF8.self))
}

/// Runs `body` with a tmpfs of `kilobytes` mounted at `path` (created if missing), unmounted after: a disk that fills
/// up for real (ENOSPC from the kernel). Mounting needs root: tests that use it are enabled only then.
func onSmallFilesystem(_ path: String, kilobytes: Int, _ body: () throws -> Void) throws {
    func run(_ tool: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    try #require(try run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path]) == 0, "mount -t tmpfs failed")
    defer { _ = try? run("/bin/umount", [path]) }
    try body()
}
