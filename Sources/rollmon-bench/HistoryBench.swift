import Foundation
import RollAnalysis
import RollCore
import RollHistory

/// How fast `rollmon history` answers on a large history: a database filled with synthetic sessions (rows as
/// indexing writes them), then the real `rollmon history --json` in a child process, best and median of 7 runs.
enum HistoryBench {
    static func run(rollmon: String, work: URL) throws {
        for (label, days, perDay) in [("1 a day for 3 years (every 9th day missed)", 1125, 1), ("3 a day for 3 years", 1096, 3)] {
            let data = work.appendingPathComponent("history-\(days)x\(perDay)").path
            let fill = try fillHistory(root: data, days: days, perDay: perDay)
            var times: [Double] = []
            for _ in 0..<7 {
                let (seconds, _, _) = try Bench.runChild(rollmon, ["history", "--json", "--data-dir", data, "--days", "30"])
                times.append(seconds)
            }
            let textTimes = try (0..<3).map { _ in try Bench.runChild(rollmon, ["history", "--data-dir", data]).0 }
            times.sort()
            print(String(format: "history:     %@: --json best %.0f ms, median %.0f ms; text best %.0f ms (%d sessions, filled in %.1f s)",
                         label, times[0] * 1000, times[times.count / 2] * 1000, textTimes.min()! * 1000, fill.sessions, fill.seconds))
        }
    }

    static func fillHistory(root: String, days: Int, perDay: Int) throws -> (sessions: Int, seconds: Double) {
        try? FileManager.default.removeItem(atPath: root)
        let start = Date()
        let history = try History(directory: DataDirectory(root: root))
        let firstDay = Double(LocalDay(iso: "2024-01-01")!.dayNumber) * 86_400
        var n = 0
        for d in 0..<days {
            for k in 0..<perDay where (d * 7 + k) % 9 != 0 {   // some days missed or partly
                let t = firstDay + Double(d) * 86_400 + 7 * 3600 + Double(k) * 3 * 3600
                try history.store.add(session(index: n, startedUnixS: t, rightS: 110 + Double(d % 40), leftS: 100 + Double((d * 3) % 50)))
                n += 1
            }
        }
        return (n, Date().timeIntervalSince(start))
    }

    static func session(index: Int, startedUnixS: Double, rightS: Double, leftS: Double) -> IndexedSession {
        func segment(_ foot: String, _ startS: Double, _ activeS: Double) -> SegmentSummary {
            SegmentSummary(foot: foot, startS: startS, endS: startS + activeS + 5, activeS: activeS, distanceM: activeS * 0.09,
                           strokes: Int(activeS / 1.6), fullLengthStrokes: Int(activeS / 3), medianStrokeM: 0.11,
                           peakForceN: 180, bursts: index % 3, severeEvents: index % 5 == 0 ? 1 : 0, tenderHolds: 1, verdict: .ok)
        }
        let segs = [segment("right", 0, rightS), segment("left", rightS + 8, leftS)]
        let alerts = (0..<6).map { Alert(tS: Double($0) * 30, .burst(riseN: 70)) }
        var sha = SHA256()
        sha.update(Array("bench session \(index)".utf8))
        return IndexedSession(contentHash: SHA256.hex(sha.finalize()), recording: "sessions/bench-\(index).csv",
                              started: ISOTime.format(unixSeconds: startedUnixS), startedUnixS: startedUnixS, tool: .ball,
                              target: .feet, summary: SessionSummary(durationS: rightS + leftS + 20, samples: 100_000, segments: segs, alerts: alerts),
                              holds: [TenderHold(segment: 0, tS: 40, positionAlongFoot: 0.4), TenderHold(segment: 1, tS: 200, positionAlongFoot: 0.7)],
                              timeAlongFootS: [[Double](repeating: rightS / 10, count: 10), [Double](repeating: leftS / 10, count: 10)],
                              recovered: false)
    }
}
