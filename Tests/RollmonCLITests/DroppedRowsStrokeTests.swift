import Foundation
import Testing

/// Rows lost mid-stroke (interface v1 §1: a gap in `t` is data) must not change a stroke's length: across the gap
/// the position is bridged by the mean of the velocities on either side, not by the later reading held over it.
@Suite("Dropped rows inside strokes, through rollmon replay")
struct DroppedRowsStrokeTests {
    /// A foam roller (r = 75 mm, 30 cm rolled length: full length from 24 cm) under 60 N, at 100 Hz: 2 s still, then
    /// strokes alternating 23.4 cm and 24.6 cm (2.5 % either side of the cut), minimum jerk over 1 s each with 0.2 s
    /// at rest between them. The roller turns about its sensor x axis by θ = travel / r; the accelerometer reads the
    /// specific force R(θ)ᵀ(0, a, g) of that motion. With `dropping`, the rows 0.15–0.30 s into each stroke are lost
    /// (the steepest rise of speed: holding the later reading over them adds ~1.5 cm, 6 % of a stroke).
    static func trace(dropping: Bool) -> (text: String, strokes: Int, fullLength: Int) {
        let rateHz = 100.0, radiusM = 0.075, g = 9.80665
        var out = "# rollmon-trace 1\n# tool: roller\n# radius_mm: 75\n# fascia_cm: 30\n# rate_hz: 100\n"
        out += "t,ax,ay,az,gx,gy,gz,force,foot\n"
        var t = 0.0, x = 0.0
        func row(v: Double, a: Double) {
            let th = x / radiusM
            let ay = a * cos(th) + g * sin(th), az = -a * sin(th) + g * cos(th)
            out += String(format: "%.4f,0,%.6f,%.6f,%.6f,0,0,60,\n", t, ay, az, v / radiusM)
        }
        for _ in 0..<200 { row(v: 0, a: 0); t += 1 / rateHz }
        let lengths = (0..<40).map { $0 % 2 == 0 ? 0.234 : 0.246 }
        for (k, length) in lengths.enumerated() {
            let sign = k % 2 == 0 ? 1.0 : -1.0
            let start = x
            for i in 1...100 {
                let u = Double(i) / 100
                // Minimum jerk over 1 s: x = L(10u³ − 15u⁴ + 6u⁵).
                x = start + sign * length * (10 * pow(u, 3) - 15 * pow(u, 4) + 6 * pow(u, 5))
                let v = sign * length * (30 * u * u - 60 * pow(u, 3) + 30 * pow(u, 4))
                let a = sign * length * (60 * u - 180 * u * u + 120 * pow(u, 3))
                t += 1 / rateHz
                if dropping && u > 0.15 && u < 0.30 { continue }
                row(v: v, a: a)
            }
            for _ in 0..<20 { t += 1 / rateHz; row(v: 0, a: 0) }
        }
        return (out, lengths.count, lengths.filter { $0 >= 0.24 }.count)
    }

    @Test(arguments: [false, true])
    func strokeLengthsSurviveLostRows(_ dropping: Bool) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollmon-drop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (text, strokes, fullLength) = Self.trace(dropping: dropping)
        let path = dir.appendingPathComponent("roller.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let r = try rollmon(["replay", "--json", path])
        #expect(r.status == 0, "\(r.stderr)")
        let got = try JSONDecoder().decode(ReplayJSON.self, from: Data(r.stdout.utf8))
        try #require(got.segments.count == 1, "\(r.stdout)")
        let s = got.segments[0]
        print("dropping \(dropping): strokes \(s.strokes) full \(s.fullLengthStrokes) median \(s.medianStrokeM) distance \(s.distanceM)")
        #expect(s.strokes == strokes)
        #expect(s.fullLengthStrokes == fullLength)
        // The median lies between the two lengths; their mean is 0.240.
        #expect(abs(s.medianStrokeM - 0.240) <= 0.0025)
        #expect(abs(s.distanceM - 9.6) <= 0.03 * 9.6)
    }
}
