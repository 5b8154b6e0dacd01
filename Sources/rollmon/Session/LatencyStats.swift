import SensorIO
import Foundation

/// Alert latencies (seconds from the sample to the screen or the buzzer) for `--stats` and the README's figures.
struct LatencyStats {
    private(set) var samplesS: [Double] = []

    mutating func record(_ seconds: Double) { samplesS.append(seconds) }

    var count: Int { samplesS.count }

    /// The p-quantile (0…1, nearest rank below) in milliseconds with one decimal, "-" when nothing was recorded.
    func quantileMS(_ p: Double) -> String {
        guard !samplesS.isEmpty else { return "-" }
        let s = samplesS.sorted()
        return String(format: "%.1f", s[min(s.count - 1, Int(Double(s.count - 1) * p))] * 1000)
    }

    /// "p50/p99/max" in milliseconds.
    var summaryMS: String { "\(quantileMS(0.5))/\(quantileMS(0.99))/\(quantileMS(1))" }
}

/// The `--stats` line on standard error.
enum StatsLine {
    static func render(samples: Int, screen: LatencyStats, buzzer: LatencyStats, jitter: IntervalJitter, cpuS: Double,
                       wallS: Double, i2cRetries: Int?, extra: String = "") -> String {
        func ms(_ x: Double?) -> String { x.map { String(format: "%.3f", $0 * 1000) } ?? "-" }
        return String(format: "stats: samples=%d wall_s=%.2f cpu_s=%.2f cpu_pct=%.1f", samples, wallS, cpuS, wallS > 0 ? cpuS / wallS * 100 : 0)
            + " screen_latency_ms(p50/p99/max)=\(screen.summaryMS) n=\(screen.count)"
            + " buzzer_latency_ms(p50/p99/max)=\(buzzer.summaryMS) n=\(buzzer.count)"
            // Interval between IMU samples against the nominal period, 10 µs histogram bins.
            + String(format: " imu_rate_hz=%g", 1 / jitter.nominalSeconds)
            + " interval_jitter_ms(p50/p99/max)=\(ms(jitter.deviationSeconds(quantile: 0.5)))/\(ms(jitter.deviationSeconds(quantile: 0.99)))"
            + "/\(ms(jitter.count > 0 ? jitter.maxDeviationSeconds : nil)) n=\(jitter.count)"
            // I2C transfers made again after a transient bus error (`RetryingI2CBus`); "-" with no I2C sensor.
            + " i2c_retries=\(i2cRetries.map(String.init) ?? "-")"
            + extra + "\n"
    }
}

enum CPUTime {
    /// User + system CPU seconds of this process so far.
    static func now() -> Double {
        var u = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }
}
