import Testing
@testable import RollHistory

@Suite("Days, streaks and adherence (interface v2 §5), pure")
struct DayRulesTests {
    static let d0 = LocalDay(iso: "2026-12-01")!

    func met(_ day: LocalDay) -> SessionContribution {
        SessionContribution(day: day, rightS: 130, leftS: 125, calvesS: 0, severeEvents: 0, bursts: 0, tenderHolds: 0)
    }

    @Test func civilDatesRoundTripAndWeekdays() {
        #expect(LocalDay(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(LocalDay(iso: "2026-12-05")!.description == "2026-12-05")
        #expect(LocalDay(iso: "2024-02-29") != nil)
        #expect(LocalDay(iso: "2026-02-29") == nil)
        #expect(LocalDay(iso: "2026-13-01") == nil)
        #expect(LocalDay(iso: "2026-12-05")!.weekday == 5)   // a Saturday
        #expect(LocalDay(iso: "2026-11-30")!.weekday == 0)   // a Monday
        #expect(LocalDay(iso: "2026-12-31")!.adding(days: 1).description == "2027-01-01")
    }

    @Test func aSessionAtHalfPastOneCountsForTheDayBefore() {
        // 2026-12-05T01:30 local at UTC+1 is 00:30 UTC.
        let t = Double(LocalDay(iso: "2026-12-05")!.dayNumber) * 86_400 + 30 * 60
        #expect(DayStart.default.day(unixSeconds: t, utcOffsetSeconds: 3600).description == "2026-12-04")
        #expect(DayStart(minutesAfterMidnight: 0).day(unixSeconds: t, utcOffsetSeconds: 3600).description == "2026-12-05")
        // 04:00 local belongs to its own date.
        #expect(DayStart.default.day(unixSeconds: t + 2.5 * 3600, utcOffsetSeconds: 3600).description == "2026-12-05")
        #expect(DayStart("04:00") == .default)
        #expect(DayStart("4:00") == nil)
        #expect(DayStart("24:00") == nil)
    }

    @Test func aDayIsMetOnlyWhenEachFootHasTwoMinutes() {
        #expect(DayRules.isMet(rightS: 120, leftS: 120))
        #expect(!DayRules.isMet(rightS: 300, leftS: 119.9))
        let rows = DayRules.rows([
            SessionContribution(day: Self.d0, rightS: 80, leftS: 0, calvesS: 0, severeEvents: 1, bursts: 2, tenderHolds: 1),
            SessionContribution(day: Self.d0, rightS: 50, leftS: 121, calvesS: 60, severeEvents: 0, bursts: 1, tenderHolds: 0),
        ], pauses: [])
        let r = rows[Self.d0]!
        #expect(r.sessions == 2 && r.rightS == 130 && r.leftS == 121 && r.calvesS == 60 && r.met)
        #expect(r.severeEvents == 1 && r.bursts == 3 && r.tenderHolds == 1)
    }

    @Test func aPausedWeekNeitherBreaksNorExtendsAStreak() {
        // Met on days 0–2, paused 3–9, met 10–11; today = day 12, not met yet.
        let days = [0, 1, 2, 10, 11].map { met(Self.d0.adding(days: $0)) }
        let pause = PauseSpan(from: Self.d0.adding(days: 3), to: Self.d0.adding(days: 9))
        let today = Self.d0.adding(days: 12)
        let s = HistoryStanding(today: today, windowDays: 30, dayStart: .default, contributions: days, pauses: [pause])
        #expect(s.streakDays == 5)
        #expect(s.bestStreakDays == 5)
        // 7 days ending day 12: days 6–12; paused 6–9 (4), met 10, 11 → 2 / 3.
        #expect(abs(s.adherence7d - 2.0 / 3.0) < 1e-12)
        // Without the pause the streak would have broken.
        let unpaused = HistoryStanding(today: today, windowDays: 30, dayStart: .default, contributions: days, pauses: [])
        #expect(unpaused.streakDays == 2)
        #expect(unpaused.bestStreakDays == 3)
        #expect(s.days.count == 30 && s.days.first?.date == today)
        #expect(s.days.filter(\.paused).count == 7)
    }

    @Test func aMissedDayBreaksTheStreakAndTodayCountsOnceMet() {
        let days = [0, 1, 3, 4].map { met(Self.d0.adding(days: $0)) }
        let s = HistoryStanding(today: Self.d0.adding(days: 4), windowDays: 7, dayStart: .default, contributions: days, pauses: [])
        #expect(s.streakDays == 2)
        #expect(s.bestStreakDays == 2)
        let later = HistoryStanding(today: Self.d0.adding(days: 6), windowDays: 7, dayStart: .default, contributions: days, pauses: [])
        #expect(later.streakDays == 0)   // yesterday (day 5) missed
        #expect(DayRules.adherence(days: 7, today: Self.d0.adding(days: 6), rows: DayRules.rows(days, pauses: []), pauses: []) == 4.0 / 7.0)
    }

    @Test func everyDayPausedGivesZeroAdherenceNotADivisionByZero() {
        let p = PauseSpan(from: Self.d0, to: Self.d0.adding(days: 10))
        let s = HistoryStanding(today: Self.d0.adding(days: 6), windowDays: 7, dayStart: .default, contributions: [], pauses: [p])
        #expect(s.adherence7d == 0 && s.streakDays == 0)
        #expect(s.days.allSatisfy { $0.mark == .paused })
    }
}

@Suite("SHA-256 against FIPS 180-4 examples")
struct SHA256Tests {
    func hash(_ s: String) -> String {
        var h = SHA256()
        h.update(Array(s.utf8))
        return SHA256.hex(h.finalize())
    }

    @Test func knownVectors() {
        #expect(hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var h = SHA256()
        for _ in 0..<1000 { h.update(Array(repeating: UInt8(ascii: "a"), count: 1000)) }
        #expect(SHA256.hex(h.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
