import Foundation
import RollSummary
import TestSupport
import Testing

/// Interface v2 §2a through the user's path: a `foot` marker that changes while contact is lost for less than 3 s
/// starts a new segment at the first in-contact sample after the change. Each trace is written the way a recording
/// is (interface v1 §1) and run through the real `rollmon replay --json`.
@Suite("Segments: quick foot switch (interface v2 §2a)")
struct QuickSwitchTests {
    /// A 100 Hz trace of a ball rolled back and forth under a foot: gravity on z, a gentle roll about x, force 120 N
    /// during the `contact` spells and 0 N between them (contact is force ≥ 10 N), and a `foot` marker on the row of
    /// each button press.
    static func trace(durationS: Double, contact: [Range<Double>], presses: [(tS: Double, foot: String)]) -> String {
        let rateHz = 100.0
        var out = "# rollmon-trace 1\n# tool: ball\n# radius_mm: 30\n# rate_hz: 100\nt,ax,ay,az,gx,gy,gz,force,foot\n"
        var pending = presses.sorted { $0.tS < $1.tS }[...]
        for i in 0..<Int((durationS * rateHz).rounded()) {
            let t = Double(i) / rateHz
            let onBall = contact.contains { $0.contains(t) }
            var foot = ""
            while let p = pending.first, p.tS <= t + 1e-9 { foot = p.foot; pending.removeFirst() }
            let gx = onBall ? 3 * sin(2 * Double.pi * t / 1.5) : 0
            out += String(format: "%.2f,0,0,9.81,%.4f,0,0,%d,", t, gx, onBall ? 120 : 0) + foot + "\n"
        }
        return out
    }

    /// One timeline: where the foot was on the ball, when the button was pressed, and the segments the rule gives.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var durationS: Double
        var contact: [Range<Double>]
        var presses: [(tS: Double, foot: String)]
        var feet: [String], startS: [Double], endS: [Double]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Right foot 0–20 s, lifted for 1.5 s, button pressed at 20.7 s, left foot down at 21.5 s.
        Case(name: "marker changed during a short gap: a new segment", durationS: 40, contact: [0..<20, 21.5..<40],
             presses: [(0, "R"), (20.7, "L")], feet: ["right", "left"], startS: [0, 21.5], endS: [19.99, 39.99]),
        Case(name: "short gap without a marker change: one segment", durationS: 40, contact: [0..<20, 21.5..<40],
             presses: [(0, "R")], feet: ["right"], startS: [0], endS: [39.99]),
        // A gap of 3 s or more splits on its own; the marker names the new segment, the old keeps its own.
        Case(name: "marker changed during a long gap", durationS: 40, contact: [0..<20, 24..<40],
             presses: [(0, "R"), (21, "L")], feet: ["right", "left"], startS: [0, 24], endS: [19.99, 39.99]),
        // A bout shorter than the 5 s relabel window is named by the marker in effect at its end (v1 §2), not by the
        // press that came during the gap after it.
        Case(name: "a short bout keeps the marker at its end", durationS: 30, contact: [0..<4, 5..<30],
             presses: [(0, "R"), (4.5, "L")], feet: ["right", "left"], startS: [0, 5], endS: [3.99, 29.99]),
        // L → R → L while the foot is off: the marker in effect when contact resumes is the one before the gap, so
        // the same foot went back down and the bout goes on.
        Case(name: "pressed twice in a short gap: the marker when contact resumes counts", durationS: 40,
             contact: [0..<20, 21.5..<40], presses: [(0, "L"), (20.4, "R"), (20.9, "L")],
             feet: ["left"], startS: [0], endS: [39.99]),
        // Quick switch to R, then, 2 s after the foot went down, a late press of L: within the new segment's first
        // 5 s, so it relabels that segment instead of starting a third.
        Case(name: "the new segment has its own relabel window", durationS: 40, contact: [0..<20, 21.5..<40],
             presses: [(0, "L"), (20.7, "R"), (23.5, "L")], feet: ["left", "left"], startS: [0, 21.5],
             endS: [19.99, 39.99]),
    ]

    @Test(arguments: cases)
    func segmentsOfATimeline(_ c: Case) throws {
        let dir = TempDir()
        let r = try rollmon(["replay", dir.write("t.csv", Self.trace(durationS: c.durationS, contact: c.contact,
                                                                      presses: c.presses)), "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let segments = try SummaryJSON.decode(Data(r.stdout.utf8)).segments
        #expect(segments.map(\.foot) == c.feet)
        #expect(segments.map(\.startS) == c.startS)
        #expect(segments.map(\.endS) == c.endS)
    }
}
