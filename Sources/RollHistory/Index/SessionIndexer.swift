import Foundation
import RollAnalysis
import RollCore
import RollTrace

/// Why a recording could not be indexed; each says what to do.
public enum IndexError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case malformed(String)
    /// The trace ends inside its header, before any row (`TraceError.endsBeforeFirstRow`): it holds no samples.
    case endsBeforeFirstRow(String)
    case noStartTime(path: String)
    case badStartTime(path: String, value: String)
    case badTarget(path: String, value: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read: \(reason)"
        case let .malformed(line), let .endsBeforeFirstRow(line): return line
        case let .noStartTime(path):
            return "\(path): the trace has no 'started' time, so its day is unknown; give it: rollmon history add \(path) --started 2026-12-05T07:30:00Z"
        case let .badStartTime(path, value):
            return "\(path): 'started: \(value)' is not an ISO-8601 time such as 2026-12-05T07:30:00Z"
        case let .badTarget(path, value):
            return "\(path): 'target: \(value)' must be feet or calves"
        }
    }
}

/// Indexing a recording is replaying it: the same reader and analyzer as `rollmon replay`, plus what the history
/// keeps beyond the summary (where along the foot the holds and the time were).
public enum SessionIndexer {
    /// Reads and analyses `path`. `started` overrides the trace's own `started`; `storedPath` is what the row keeps.
    public static func index(path: String, storedPath: String, started override: String? = nil,
                             recovered: Bool = false, knownHash: String? = nil) throws(IndexError) -> IndexedSession {
        let hash: String
        if let knownHash { hash = knownHash } else {
            do { hash = try contentHash(path: path) } catch { throw .unreadable(path: path, reason: error.reason) }
        }
        let reader: TraceReader
        do { reader = try TraceReader(path: path) } catch {
            if error.line == 0 { throw .unreadable(path: path, reason: error.message) }
            throw error.endsBeforeFirstRow ? .endsBeforeFirstRow(error.description) : .malformed(error.description)
        }
        guard let startedText = override ?? reader.metadata.started else { throw .noStartTime(path: path) }
        guard let startedUnix = ISOTime.parse(startedText) else { throw .badStartTime(path: path, value: startedText) }
        let settings = RecordingReplay.settings(for: reader)
        guard let target = SessionTarget.of(metadataValue: reader.metadata.value(of: "target"), tool: settings.tool) else {
            throw .badTarget(path: path, value: reader.metadata.value(of: "target") ?? "")
        }
        var holds: [TenderHold] = []
        var zones: [[Double]] = []
        var lastZones = [Double](repeating: 0, count: AnalysisSnapshot.zonesAlongFoot)
        let summary: SessionSummary
        do {
            summary = try RecordingReplay.run(reader, settings: settings) { _, events, analyzer in
                for e in events {
                    switch e {
                    case .segmentEnded:
                        // The zones of the closing segment are those seen up to the sample before (at most one
                        // sample's time is missed when a segment closes and the next opens on the same sample).
                        zones.append(lastZones)
                    case let .alert(a) where a.kind == .tenderHoldStarted:
                        holds.append(TenderHold(segment: analyzer.segments.count, tS: a.tS,
                                                positionAlongFoot: analyzer.snapshot.positionAlongFoot))
                    default: break
                    }
                }
                if analyzer.snapshot.inContact || !events.isEmpty { lastZones = analyzer.snapshot.timeAlongFootS }
            }
        } catch {
            throw .malformed(error.description)
        }
        return IndexedSession(contentHash: hash, recording: storedPath, started: startedText, startedUnixS: startedUnix,
                              tool: settings.tool, target: target, summary: summary, holds: holds,
                              timeAlongFootS: zones, recovered: recovered)
    }

    struct HashError: Error, CustomStringConvertible { var reason: String; var description: String { reason } }

    /// SHA-256 of the file, read in 64 KiB blocks. Only a regular file is a recording: the history reads it again
    /// later (re-indexing, the report), which a FIFO, a device or a socket cannot give. Opened without blocking, so a
    /// FIFO in `sessions/` with no writer (open(2) would wait for one for ever) is refused, not waited on.
    public static func contentHash(path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw HashError(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw HashError(reason: String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw HashError(reason: String(cString: strerror(EISDIR)))
        default: throw HashError(reason: "not a regular file (a FIFO, device or socket is no recording the history can read again)")
        }
        var sha = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw HashError(reason: String(cString: strerror(errno))) }
            if n == 0 { break }
            sha.update(buffer[0..<n])
        }
        return SHA256.hex(sha.finalize())
    }
}

private extension Error {
    var reason: String { (self as? SessionIndexer.HashError)?.reason ?? "\(self)" }
}

/// ISO-8601 times as rollmon writes them (`2026-12-05T07:30:00Z`), with an offset or fractional seconds, or without
/// a zone (then local time, as a person would mean it).
public enum ISOTime {
    /// Seconds since 1970 for `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]` (RFC 3339 §5.6; without a zone: local time), nil
    /// for anything else. Foundation's parser alone is lenient: it took a five-digit year, an offset of +25:00 and
    /// 30 February, so a garbled `started` became a session on a day that never was.
    public static func parse(_ text: String) -> Double? {
        guard hasRFC3339Shape(text) else { return nil }
        let withZone = ISO8601DateFormatter()
        if let d = withZone.date(from: text) { return d.timeIntervalSince1970 }
        withZone.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = withZone.date(from: text) { return d.timeIntervalSince1970 }
        let local = ISO8601DateFormatter()
        local.timeZone = TimeZone.current
        local.formatOptions = [.withFullDate, .withFullTime, .withColonSeparatorInTime]
        local.formatOptions.remove(.withTimeZone)
        if let d = local.date(from: text) { return d.timeIntervalSince1970 }
        return nil
    }

    /// The fields' digits and ranges: month 01–12, a day the month has, hour 00–23, minute 00–59, second 00–60 (a
    /// leap second), offset hour 00–23 and minute 00–59 (RFC 3339 §5.6 and §5.7).
    static func hasRFC3339Shape(_ text: String) -> Bool {
        let c = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= c.count else { return nil }
            var v = 0
            for b in c[from..<(from + count)] {
                guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
                v = v * 10 + Int(b - UInt8(ascii: "0"))
            }
            return v
        }
        func at(_ i: Int, _ ch: Character) -> Bool { i < c.count && c[i] == ch.asciiValue! }
        guard let year = number(0, 4), at(4, "-"), let month = number(5, 2), at(7, "-"), let day = number(8, 2),
              at(10, "T"), let hour = number(11, 2), at(13, ":"), let minute = number(14, 2),
              at(16, ":"), let second = number(17, 2),
              (1...12).contains(month), hour < 24, minute < 60, second <= 60 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...daysInMonth).contains(day) else { return false }
        var i = 19
        if at(i, ".") {
            i += 1
            let digitsFrom = i
            while i < c.count, c[i] >= UInt8(ascii: "0"), c[i] <= UInt8(ascii: "9") { i += 1 }
            guard i > digitsFrom else { return false }
        }
        if i == c.count { return true }                                   // local time
        if at(i, "Z") && i + 1 == c.count { return true }
        guard at(i, "+") || at(i, "-"), let offsetHour = number(i + 1, 2), at(i + 3, ":"), let offsetMinute = number(i + 4, 2),
              i + 6 == c.count else { return false }
        return offsetHour < 24 && offsetMinute < 60
    }

    public static func format(unixSeconds: Double) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: unixSeconds))
    }
}
