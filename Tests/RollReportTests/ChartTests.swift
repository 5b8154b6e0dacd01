import RollAnalysis
import RollCore
import RollHistory
import Testing
@testable import RollReport

@Suite("SVG builder")
struct SVGBuilderTests {
    @Test func escapesTextAndAttributes() {
        let e = SVGElement("text", [("class", "a\"b<")], text: "5 < 6 & \"x\"")
        #expect(e.render() == "<text class=\"a&quot;b&lt;\">5 &lt; 6 &amp; &quot;x&quot;</text>")
        #expect(SVGElement("g", children: [SVGElement("rect", [("x", "1")])]).render() == "<g><rect x=\"1\"/></g>")
    }

    @Test func numbersAreShortAndFinite() {
        #expect(svgNumber(3) == "3")
        #expect(svgNumber(2.345) == "2.35" || svgNumber(2.345) == "2.34")
        #expect(svgNumber(-0.001) == "0")
        #expect(svgNumber(.nan) == "0")
    }

    @Test func scalesMapAndTickRoundly() {
        let s = LinearScale(domain: (0, 250), range: (100, 0))
        #expect(s(0) == 100 && s(250) == 0 && s(125) == 50)
        #expect(s.ticks(5) == [0, 50, 100, 150, 200, 250])
        #expect(LinearScale.niceMax(212) == 250)
        #expect(LinearScale(domain: (0, 261), range: (0, 1)).timeTicks(6) == [0, 60, 120, 180, 240])
    }
}

/// Elements drawn for data: the legend's swatches share the data's classes (for their colour) and are left out.
func plotted(_ fig: Figure, _ name: String, class cls: String) -> [SVGElement] {
    fig.svg.all(name, class: cls).filter { $0.attribute("class")?.contains("legend") != true }
}

@Suite("Report charts against known data")
struct ReportChartTests {
    /// A session with chosen numbers: 3 bursts, 2 severe moments, strokes in known bins, 2 placed holds.
    static func series() -> SessionSeries {
        let seg = SegmentSummary(foot: "right", startS: 0, endS: 150, activeS: 150, distanceM: 10, strokes: 9,
                                 fullLengthStrokes: 4, medianStrokeM: 0.1, peakForceN: 280, bursts: 3, severeEvents: 2,
                                 tenderHolds: 3, verdict: .ok)
        let seg2 = SegmentSummary(foot: "left", startS: 160, endS: 260, activeS: 95, distanceM: 6, strokes: 0,
                                  fullLengthStrokes: 0, medianStrokeM: 0, peakForceN: 120, bursts: 0, severeEvents: 0,
                                  tenderHolds: 0, verdict: .under)
        let alerts = [Alert(tS: 10, .burst(riseN: 70)), Alert(tS: 20, .burst(riseN: 70)),
                      Alert(tS: 30, .severePressure(forceN: 280, limitN: 250)), Alert(tS: 40, .burst(riseN: 70)),
                      Alert(tS: 50, .severePressure(forceN: 280, limitN: 250)), Alert(tS: 60, .footTimeMet(minS: 120, maxS: 180))]
        var bins = [Int](repeating: 0, count: SessionSeries.maxStrokeCM + 1)
        bins[5] = 3; bins[8] = 2; bins[13] = 4
        return SessionSeries(name: "s.csv", started: "2026-12-05T07:30:00Z",
                             summary: SessionSummary(durationS: 260, samples: 26000, segments: [seg, seg2], alerts: alerts),
                             severeLimitN: 250, fullLengthM: 0.12, target: .feet,
                             force: (0..<260).map { (Double($0), Double($0 % 100) * 3) }, hasForce: true,
                             strokeBinsCM: bins, timeAlongFootS: [10, 20, 0, 30, 0, 0, 5, 0, 0, 40],
                             holds: [TenderHold(segment: 0, tS: 25, positionAlongFoot: 0.3),
                                     TenderHold(segment: 0, tS: 70, positionAlongFoot: nil),
                                     TenderHold(segment: 0, tS: 90, positionAlongFoot: 0.85)])
    }

    @Test func forceChartMarksEveryBurstAndSevereMomentAndTheLimit() {
        let fig = SessionCharts.force(Self.series())
        #expect(plotted(fig, "path", class: "burst").count == 3)
        #expect(plotted(fig, "circle", class: "severe").count == 2)
        #expect(plotted(fig, "line", class: "limit").count == 1)
        #expect(plotted(fig, "polyline", class: "force").first?.attribute("points")?.split(separator: " ").count == 260)
        #expect(fig.textAlternative.contains("peak 280 N") && fig.textAlternative.contains("2 severe"))
    }

    @Test func strokeHistogramHasOneBarPerUsedBinAndTheFullLengthMark() {
        let fig = SessionCharts.strokes(Self.series())
        #expect(plotted(fig, "rect", class: "bar").count == 3)
        #expect(plotted(fig, "rect", class: "full").count == 1)   // only the 13 cm bin reaches 12 cm
        #expect(plotted(fig, "line", class: "full-length").count == 1)
    }

    @Test func alongFootHasABarPerZoneWithTimeAndAMarkPerPlacedHold() {
        let fig = SessionCharts.alongFoot(Self.series())
        #expect(plotted(fig, "rect", class: "bar").count == 5)
        #expect(plotted(fig, "path", class: "hold").count == 2)
        #expect(fig.textAlternative.contains("30 %") && fig.textAlternative.contains("85 %"))
    }

    @Test func footTimeShowsEachFootAgainstTheBand() {
        let fig = SessionCharts.footTime(Self.series())
        #expect(plotted(fig, "rect", class: "bar").count == 2)
        #expect(plotted(fig, "rect", class: "band").count == 1)
        #expect(fig.textAlternative == "right 2:30 (within 2–3 min), left 1:35 (under 2 min).")
    }

    static func standing() -> HistoryStanding {
        let d0 = LocalDay(iso: "2026-12-01")!
        let c = { (k: Int, r: Double, l: Double) in
            SessionContribution(day: d0.adding(days: k), rightS: r, leftS: l, calvesS: 0, severeEvents: 0, bursts: 0, tenderHolds: 1)
        }
        return HistoryStanding(today: d0.adding(days: 13), windowDays: 14, dayStart: .default,
                               contributions: [c(0, 130, 125), c(1, 130, 0), c(5, 200, 200), c(13, 121, 122)],
                               pauses: [PauseSpan(from: d0.adding(days: 7), to: d0.adding(days: 9))])
    }

    @Test func calendarHasOneSquarePerDayInItsState() {
        let fig = DayCharts.calendar(Self.standing())
        #expect(plotted(fig, "rect", class: "day").count == 14)
        #expect(plotted(fig, "rect", class: "met").count == 3)
        #expect(plotted(fig, "rect", class: "paused").count == 3)
        #expect(plotted(fig, "rect", class: "partly").count == 1)
        #expect(fig.textAlternative.hasPrefix("14 days to 2026-12-14: 3 met, 1 partly, 7 missed, 3 paused."))
    }

    @Test func minutesPerDayHasABarPerFootWithTime() {
        let fig = DayCharts.minutesPerDay(Self.standing())
        #expect(plotted(fig, "rect", class: "right").count == 4)   // 4 days with right-foot time
        #expect(plotted(fig, "rect", class: "left").count == 3)
    }

    @Test func tenderSpotsPlotsEveryPlacedHoldOnItsDay() {
        let st = Self.standing()
        let fig = DayCharts.tenderSpots(st, holds: [DayHolds(day: st.today, positions: [0.2, 0.6]),
                                                    DayHolds(day: st.today.adding(days: -30), positions: [0.5])])
        #expect(plotted(fig, "circle", class: "hold").count == 2)   // the day outside the window is not drawn
    }

    @Test func thePageIsSelfContainedAndEveryChartHasTitleAxesAndText() {
        let html = ReportPage.render(.init(session: Self.series(), standing: Self.standing(), holds: [], generated: "now"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        let figs = ReportPage.figures(.init(session: Self.series(), standing: Self.standing(), holds: [], generated: "now"))
        #expect(figs.count == 7)
        for f in figs {
            #expect(!f.title.isEmpty && !f.textAlternative.isEmpty)
            #expect(f.svg.all("title").first?.text == f.title)
            #expect(f.svg.all("desc").count == 1)
            #expect(html.contains("id=\"\(f.id)\""))
            if f.id != "calendar" { #expect(!f.svg.all("text", class: "axis-label").isEmpty, "\(f.id)") }
        }
        #expect(DayCSV.render(Self.standing()).split(separator: "\n").count == 15)
        #expect(DayCSV.render(Self.standing()).hasPrefix(DayCSV.header + "\n2026-12-14,1,121.0,122.0,0.0,true,false,0,0,1\n"))
    }

    @Test func forceDecimationKeepsPeaksInBoundedMemory() {
        var b = ForceBuckets(maxPoints: 100)
        for i in 0..<100_000 { b.add(tS: Double(i) * 0.001, forceN: i == 54_321 ? 999 : 10) }
        #expect(b.points.count <= 100)
        #expect(b.points.map(\.maxN).max() == 999)
    }
}
