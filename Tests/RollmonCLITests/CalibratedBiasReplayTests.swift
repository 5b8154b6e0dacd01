import Foundation
import TestSupport
import Testing

/// `# gyro_bias_rad_s: x,y,z` in a trace (written by live sessions that had a calibrated bias) seeds the estimator:
/// a still, level sensor with a 5 °/s offset on x, replayed with the offset in its metadata, stays level from the
/// first sample; without it, the offset turns the estimate until the accelerometer and the rest detector catch it.
@Suite("Calibrated gyro bias through rollmon replay")
struct CalibratedBiasReplayTests {
    @Test func metadataBiasSeedsTheEstimate() throws {
        let offset = 5 * Double.pi / 180
        var rows = ""
        for k in 0..<400 {   // 2 s at 200 Hz, still and level: gyro reads only its offset
            rows += String(format: "%.6f,0,0,9.80665,%.6f,0,0\n", Double(k) * 0.005, offset)
        }
        let dir = TempDir()
        let cold = dir.write("cold.csv", "# rollmon-trace 1\nt,ax,ay,az,gx,gy,gz\n" + rows)
        let seeded = dir.write("seeded.csv", "# rollmon-trace 1\n# gyro_bias_rad_s: \(offset),0,0\nt,ax,ay,az,gx,gy,gz\n" + rows)
        func largestTiltDeg(_ path: String) throws -> Double {
            let out = dir.path("q-\(URL(fileURLWithPath: path).lastPathComponent)")
            let r = try rollmon(["replay", path, "--orientation-csv", out, "--json"])
            try #require(r.status == 0, "\(r.stderr)")
            var worst = 0.0
            for line in try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").dropFirst() {
                let q = line.split(separator: ",").dropFirst().map { Double($0)! }
                // Inclination of the sensor's z axis from vertical: 2·asin(√(qx² + qy²)).
                worst = max(worst, 2 * asin(min(1, (q[1] * q[1] + q[2] * q[2]).squareRoot())) * 180 / Double.pi)
            }
            return worst
        }
        let tiltCold = try largestTiltDeg(cold), tiltSeeded = try largestTiltDeg(seeded)
        print("still sensor, 5 °/s offset: largest tilt \(tiltSeeded)° seeded, \(tiltCold)° without the metadata")
        #expect(tiltSeeded < 0.01)
        #expect(tiltCold > 0.05)
    }
}
