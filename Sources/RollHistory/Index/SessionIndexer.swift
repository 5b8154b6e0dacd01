import Foundation
import RollAnalysis
import RollCore
import RollTrace

/// Why a recording could not be indexed; each says what to do.
public enum IndexError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case malformed(String)
    case noStartTime(path: String)
    case badStartTime(path: String, value: String)
    case badTarget(path: String, value: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read: \(reason)"
        case let .malformed(line): return line
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
            throw error.line == 0 ? .unreadable(path: path, reason: error.message) : .malformed(error.description)
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

    /// SHA-256 of the file, read in 64 KiB blocks.
    public static func contentHash(path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HashError(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
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
    public static func parse(_ text: String) -> Double? {
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

    public static func format(unixSeconds: Double) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: unixSeconds))
    }
}
