import Foundation
import RollAnalysis
import RollCore
import RollSim
import RollTrace

/// `make bench`: throughput of the analysis core, end-to-end replay throughput (CSV parsing included) and peak
/// memory of a replay, on simulated 1 kHz traces of 3 and 30 minutes. Prints numbers; asserts nothing.
@main
enum Bench {
    static func main() throws {
        let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("rollmon-bench-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        print("rollmon-bench on \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let rollmonPath = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rollmon").path
        // `rollmon-bench history` measures only the history.
        if CommandLine.arguments.dropFirst().first == "history" {
            try HistoryBench.run(rollmon: rollmonPath, work: work)
            return
        }

        // 1. The analysis core alone, on samples already in memory. `rollmon-bench core` stops here (for profiling
        // the core under callgrind or perf without the child processes).
        let core = try coreThroughput()
        print(String(format: "core:        %6.2f M samples/s  (ball, force, 1 kHz; best of 3 runs of %d samples); %.2f M per CPU-second",
                     core.rate / 1e6, core.samples, core.cpuRate / 1e6))
        if CommandLine.arguments.dropFirst().first == "core" { return }

        // 2. End to end: `rollmon replay --json` in a child process, so its peak RSS is its own.
        let rollmon = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rollmon")
        guard FileManager.default.isExecutableFile(atPath: rollmon.path) else {
            print("end-to-end:  skipped, build the rollmon product in the same configuration first (make bench does)")
            return
        }
        for minutes in [3, 30] {
            let trace = work.appendingPathComponent("session-\(minutes)min-1kHz.csv").path
            let samples = try writeTrace(path: trace, durationS: Double(minutes) * 60)
            let size = (try FileManager.default.attributesOfItem(atPath: trace)[.size] as? Int) ?? 0
            var best = Double.infinity
            var bestCPU = Double.infinity
            var rssKB = 0
            for _ in 0..<3 {
                let (seconds, kb, cpu) = try runChild(rollmon.path, ["replay", trace, "--json"])
                best = min(best, seconds)
                bestCPU = min(bestCPU, cpu)
                rssKB = max(rssKB, kb)
            }
            print(String(format: "end-to-end:  %6.2f M samples/s  %2d min at 1 kHz (%d samples, %.0f MB CSV), peak RSS %.1f MB; %.2f M per CPU-second",
                         Double(samples) / best / 1e6, minutes, samples, Double(size) / 1e6, Double(rssKB) / 1024,
                         Double(samples) / bestCPU / 1e6))
        }

        // 3. `rollmon history` on large histories.
        try HistoryBench.run(rollmon: rollmon.path, work: work)
    }

    static func scenario(durationS: Double) -> SimulationScenario {
        var s = SimulationScenario(preset: .rate1kHz, seed: 7)
        s.imuRateHz = 1000
        s.durationS = durationS
        return s
    }

    /// Wall-clock rate (the figure the targets are stated in) and the rate per second of this thread's CPU time,
    /// which a machine shared with other work (other processes taking turns on the cores) disturbs far less.
    static func coreThroughput() throws -> (rate: Double, cpuRate: Double, samples: Int) {
        var sim = Simulator(scenario: scenario(durationS: 240))
        var samples: [Sample] = []
        samples.reserveCapacity(240_000)
        while let s = sim.next() { samples.append(s) }
        let settings = AnalysisSettings(tool: .ball)
        var best = 0.0
        var bestCPU = 0.0
        var sink = 0
        for _ in 0..<3 {
            var analyzer = RollAnalyzer(settings: settings, hasForceSensor: true)
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = threadCPUSeconds()
            for s in samples { analyzer.process(s) }
            let summary = analyzer.finish()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            sink &+= summary.segments.count
            best = max(best, Double(samples.count) / seconds)
            bestCPU = max(bestCPU, Double(samples.count) / (threadCPUSeconds() - cpuStart))
        }
        if sink < 0 { print(sink) }
        return (best, bestCPU, samples.count)
    }

    static func writeTrace(path: String, durationS: Double) throws -> Int {
        var sim = Simulator(scenario: scenario(durationS: durationS))
        let writer = try TraceWriter(path: path, metadata: sim.metadata, hasForce: true, hasFoot: true)
        while let s = sim.next() { writer.append(s) }
        try writer.close().get()
        return writer.rowsWritten
    }

    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs a child to completion; returns its wall time, peak resident set (KB) and CPU time (user + system), from wait4.
    static func runChild(_ path: String, _ args: [String]) throws -> (Double, Int, Double) {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let start = DispatchTime.now().uptimeNanoseconds
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard rc == 0 else { throw NSError(domain: "bench", code: Int(rc)) }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return (seconds, usage.ru_maxrss, cpu)
    }
}
