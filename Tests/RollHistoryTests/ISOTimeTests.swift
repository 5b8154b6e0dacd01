import RollHistory
import Testing

/// `started` times: RFC 3339's shape, strictly; Foundation's own parser once took a five-digit year, +25:00 and
/// 30 February.
@Suite("ISO-8601 start times")
struct ISOTimeTests {
    @Test(arguments: ["2026-12-05T07:30:00Z", "2026-12-05T07:30:00.250Z", "2026-12-05T09:30:00+02:00",
                      "2024-02-29T23:59:59-05:30", "2026-12-05T07:30:00"])
    func validTimesParse(_ text: String) {
        #expect(ISOTime.parse(text) != nil, "\(text)")
    }

    @Test func offsetsAndFractionsMeanTheSameInstant() {
        #expect(ISOTime.parse("2026-12-05T09:30:00+02:00") == ISOTime.parse("2026-12-05T07:30:00Z"))
        #expect(ISOTime.parse("2026-12-05T07:30:00Z") == 1_796_455_800)
    }

    @Test(arguments: ["99999-01-01T00:00:00Z", "2026-12-01T07:30:00+25:00", "2026-02-30T07:00:00Z", "2025-02-29T07:00:00Z",
                      "2026-13-01T07:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T07:60:00Z", "2026-12-01T07:30:00.Z",
                      "2026-12-01T07:30:00Zjunk", "2026-12-01", "1e300", "", "2026-12-01T07:30:00+0200"])
    func malformedTimesDoNot(_ text: String) {
        #expect(ISOTime.parse(text) == nil, "\(text)")
    }
}
