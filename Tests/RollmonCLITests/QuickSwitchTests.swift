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

    static func segments(_ trace: String) throws -> [(foot: String, startS: Double, endS: Double)] {
        let dir = TempDir()
        let r = try rollmon(["replay", dir.write("t.csv", trace), "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try SummaryJSON.decode(Data(r.stdout.utf8)).segments.map { ($0.foot, $0.startS, $0.endS) }
    }

    @Test func markerChangedDuringAShortGapStartsANewSegment() throws {
        // Right foot 0–20 s, lifted for 1.5 s, button pressed at 20.7 s, left foot down at 21.5 s.
        let s = try Self.segments(Self.trace(durationS: 40, contact: [0..<20, 21.5..<40],
                                             presses: [(0, "R"), (20.7, "L")]))
        #expect(s.count == 2)
        #expect(s.map(\.foot) == ["right", "left"])
        #expect(s.map(\.startS) == [0, 21.5])
        #expect(s.map(\.endS) == [19.99, 39.99])
    }

    @Test func shortGapWithoutAMarkerChangeStaysOneSegment() throws {
        let s = try Self.segments(Self.trace(durationS: 40, contact: [0..<20, 21.5..<40], presses: [(0, "R")]))
        #expect(s.map(\.foot) == ["right"])
        #expect(s.map(\.startS) == [0])
        #expect(s.map(\.endS) == [39.99])
    }

    @Test func markerChangedDuringALongGap() throws {
        // A gap of 3 s or more splits on its own; the marker names the new segment, the old keeps its own.
        let s = try Self.segments(Self.trace(durationS: 40, contact: [0..<20, 24..<40],
                                             presses: [(0, "R"), (21, "L")]))
        #expect(s.map(\.foot) == ["right", "left"])
        #expect(s.map(\.startS) == [0, 24])
        #expect(s.map(\.endS) == [19.99, 39.99])
    }

    @Test func shortSegmentKeepsTheMarkerAtItsEnd() throws {
        // A bout shorter than the 5 s relabel window is named by the marker in effect at its end (v1 §2), not by
        // the press that came during the gap after it.
        let s = try Self.segments(Self.trace(durationS: 30, contact: [0..<4, 5..<30],
                                             presses: [(0, "R"), (4.5, "L")]))
        #expect(s.map(\.foot) == ["right", "left"])
        #expect(s.map(\.startS) == [0, 5])
        #expect(s.map(\.endS) == [3.99, 29.99])
    }

    @Test func pressedTwiceDuringAShortGapCountsTheMarkerWhenContactResumes() throws {
        // L → R → L while the foot is off: the marker in effect when contact resumes is the one before the gap,
        // so the same foot went back down and the bout goes on.
        let s = try Self.segments(Self.trace(durationS: 40, contact: [0..<20, 21.5..<40],
                                             presses: [(0, "L"), (20.4, "R"), (20.9, "L")]))
        #expect(s.map(\.foot) == ["left"])
        #expect(s.map(\.startS) == [0])
        #expect(s.map(\.endS) == [39.99])
    }

    @Test func theNewSegmentHasItsOwnRelabelWindow() throws {
        // Quick switch to L, then, 2 s after the foot went down, a late press of R: within the new segment's first
        // 5 s, so it relabels that segment instead of starting a third.
        let s = try Self.segments(Self.trace(durationS: 40, contact: [0..<20, 21.5..<40],
                                             presses: [(0, "L"), (20.7, "R"), (23.5, "L")]))
        #expect(s.map(\.foot) == ["left", "left"])
        #expect(s.map(\.startS) == [0, 21.5])
    }
}
