import Foundation

/// Nothing a user recorded is ever overwritten by rollmon (interface §5): an output file that a command is about to
/// write (`report --out`/`--csv`, `replay --orientation-csv`, `simulate --out`/`--truth`) is refused when it already
/// holds a trace. `report --session s.csv --out s.csv` once replaced the recording with the HTML page, and
/// `simulate --out` a real recording with a simulated one, both with exit 0.
enum RecordingGuard {
    /// What a file holds, told by its first line (interface §1: `# rollmon-trace 1`, or an EuRoC `#timestamp` header)
    /// and, for rollmon's own simulations, the `# source: rollmon simulate …` metadata `simulate` writes.
    enum Content: Equatable { case other, recording, simulation }

    /// Read from the start of a regular file only: a FIFO, a device or `/dev/stdout` is written in place and holds no
    /// recording to lose (and opening a FIFO to look would wait for a writer).
    static func content(of path: String) -> Content {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
              let handle = FileHandle(forReadingAtPath: path) else { return .other }
        defer { try? handle.close() }
        // The metadata block of a trace is short: 4 KiB hold the first line and the `source` key of any rollmon file.
        let head = String(decoding: (try? handle.read(upToCount: 4096)) ?? Data(), as: UTF8.self)
        let lines = head.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        guard var first = lines.first.map(String.init) else { return .other }
        if first.hasPrefix("\u{FEFF}") { first.removeFirst() }
        if first.hasPrefix("#timestamp") { return .recording }
        guard first.hasPrefix("# rollmon-trace") else { return .other }
        let simulated = lines.dropFirst().prefix { $0.hasPrefix("#") }.contains { $0.hasPrefix("# source: rollmon simulate") }
        return simulated ? .simulation : .recording
    }

    /// Exit 73 with one line when `path` holds a recording (`allowingSimulation`: a trace `simulate` wrote may be
    /// written again by `simulate`, so a re-run with the same `--out` still works).
    static func refuseOverwrite(_ path: String, flag: String, allowingSimulation: Bool = false) throws(RollmonFailure) {
        switch content(of: path) {
        case .other: return
        case .simulation where allowingSimulation: return
        case .simulation, .recording:
            throw RollmonFailure(.cantCreate, "rollmon: \(flag) \(path) holds a recorded trace; rollmon never writes over one (choose another file)")
        }
    }

    /// Exit 64 when two outputs of one command name the same file (the second would replace the first).
    static func refuseSameFile(_ a: String, _ b: String, flags: (String, String)) throws(RollmonFailure) {
        let same = URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
            || FileIdentity.same(a, b)
        if same { throw RollmonFailure(.usage, "rollmon: \(flags.0) and \(flags.1) name the same file (\(b)); give each its own") }
    }
}
