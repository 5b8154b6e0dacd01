import RollAnalysis
import RollCore
import RollHistory

/// The charts of one session.
public enum SessionCharts {
    /// Force over time, with the severe limit as a line and each burst (▲) and severe moment (●) marked.
    public static func force(_ s: SessionSeries) -> Figure {
        let f = ChartFrame()
        let id = "force"
        let title = "Force over time"
        guard s.hasForce, !s.force.isEmpty else {
            return Figure(id: id, title: title, textAlternative: "This session has no force readings (no force sensor).",
                          svg: f.svg(id: id, title: title, description: "No force readings.",
                                     content: [f.label("no force sensor in this session", x: f.width / 2, y: f.height / 2, anchor: "middle", cls: "empty")]))
        }
        let t0 = s.firstS
        let duration = max(s.summary.durationS, s.force.last!.tS - t0, 1)
        let top = LinearScale.niceMax(max(s.severeLimitN * 1.1, s.force.map(\.maxN).max() ?? 0))
        let x = f.xScale(t0, t0 + duration), y = f.yScale(0, top)
        var content = f.yAxis(y, ticks: y.ticks(5).map { ($0, tickText($0)) }, label: "force (N)")
        let elapsed = LinearScale(domain: (0, duration), range: (0, 1))
        content += f.xAxis(x, ticks: elapsed.timeTicks(6).map { (t0 + $0, clock($0)) }, label: "session time (m:ss)")
        func at(_ t: Double) -> String { clock(t - t0) }
        // A force outage (the sensor stopped answering) is a gap in the line, shaded and said, not a straight line
        // drawn across it as if the force had moved steadily from the last reading to the next.
        let gaps = s.summary.outages.filter { $0.sensor == .force }.map { (fromS: $0.fromS, toS: $0.toS ?? t0 + duration) }
        for g in gaps {
            content.append(f.rect(x: x(g.fromS), y: f.plotTop, width: x(g.toS) - x(g.fromS), height: f.plotBottom - f.plotTop,
                                  cls: "outage", tooltip: "no force readings \(at(g.fromS))–\(at(g.toS))"))
        }
        var runs: [[(tS: Double, maxN: Double)]] = [[]]
        for p in s.force {
            if let prev = runs[runs.count - 1].last, gaps.contains(where: { $0.fromS >= prev.tS && $0.fromS < p.tS }) { runs.append([]) }
            runs[runs.count - 1].append(p)
        }
        for run in runs where !run.isEmpty {
            let points = run.map { "\(svgNumber(x($0.tS))),\(svgNumber(y(max(0, $0.maxN))))" }.joined(separator: " ")
            content.append(SVGElement("polyline", [("points", points), ("class", "force")]))
        }
        content.append(f.line(f.plotLeft, y(s.severeLimitN), f.plotRight, y(s.severeLimitN), cls: "limit"))
        content.append(f.label("limit \(Int(s.severeLimitN.rounded())) N", x: f.plotRight - 4, y: y(s.severeLimitN) - 5, anchor: "end", cls: "limit-label"))
        func forceAt(_ t: Double) -> Double {
            s.force.last { $0.tS <= t }?.maxN ?? 0
        }
        for t in s.burstTimesS {
            let px = x(t), py = y(min(top, forceAt(t))) - 8
            content.append(SVGElement("path", [("d", "M\(svgNumber(px - 5)),\(svgNumber(py - 4))h10l-5,8z"), ("class", "mark burst")],
                                      children: [SVGElement("title", text: "burst at \(at(t))")]))
        }
        for t in s.severeTimesS {
            content.append(SVGElement("circle", [("cx", svgNumber(x(t))), ("cy", svgNumber(y(min(top, s.severeLimitN)))), ("r", "5"), ("class", "mark severe")],
                                      children: [SVGElement("title", text: "severe pressure at \(at(t))")]))
        }
        content += f.legend([("force", "force"), ("limit", "severe limit"), ("burst", "burst"), ("severe", "severe")]
                            + (gaps.isEmpty ? [] : [("outage", "no data")]))
        let peak = s.summary.segments.compactMap(\.peakForceN).max() ?? 0
        let altStart = "Force over \(clock(duration)): peak \(Int(peak.rounded())) N against a limit of \(Int(s.severeLimitN.rounded())) N; "
            + "\(counted(s.severeTimesS.count, "severe moment", "severe moments"))\(s.severeTimesS.isEmpty ? "" : " at " + s.severeTimesS.map(at).joined(separator: ", ")); "
            + "\(counted(s.burstTimesS.count, "burst", "bursts"))\(s.burstTimesS.isEmpty ? "" : " at " + s.burstTimesS.map(at).joined(separator: ", "))"
        let gapWords: [String] = gaps.map { "\(at($0.fromS))–\(at($0.toS))" }
        let outageText = gaps.isEmpty ? "" : "; no force readings " + gapWords.joined(separator: ", ") + " (sensor outage)"
        let alt = altStart + outageText + "."
        return Figure(id: id, title: title, textAlternative: alt, svg: f.svg(id: id, title: title, description: alt, content: content))
    }

    /// Stroke lengths in 1 cm bins, with the full-length mark (0.8 × fascia).
    public static func strokes(_ s: SessionSeries) -> Figure {
        let f = ChartFrame()
        let id = "strokes", title = "Stroke lengths"
        let fullCM = s.fullLengthM * 100
        let lastUsed = s.strokeBinsCM.lastIndex { $0 > 0 } ?? 0
        let binsShown = max(Int(fullCM.rounded(.up)) + 4, lastUsed + 1)
        let topCount = LinearScale.niceMax(Double(s.strokeBinsCM.max() ?? 0), ticks: 4)
        let x = f.xScale(0, Double(binsShown)), y = f.yScale(0, topCount)
        var content = f.yAxis(y, ticks: y.ticks(4).map { ($0, tickText($0)) }, label: "strokes")
        content += f.xAxis(x, ticks: x.ticks(8).map { ($0, tickText($0)) }, label: "stroke length (cm)")
        for (cm, n) in s.strokeBinsCM.enumerated() where n > 0 && cm < binsShown {
            content.append(f.rect(x: x(Double(cm)) + 1, y: y(Double(n)), width: x(1) - x(0) - 2, height: y(0) - y(Double(n)),
                                  cls: Double(cm) >= fullCM ? "bar full" : "bar short", tooltip: "\(cm)–\(cm + 1) cm: \(n)"))
        }
        content.append(f.line(x(fullCM), f.plotTop, x(fullCM), f.plotBottom, cls: "full-length"))
        content.append(f.label("full length \(svgNumber(fullCM)) cm", x: x(fullCM) + 4, y: f.plotTop + 12, anchor: "start", cls: "limit-label"))
        let total = s.summary.segments.reduce(0) { $0 + $1.strokes }
        let full = s.summary.segments.reduce(0) { $0 + $1.fullLengthStrokes }
        let alt = "\(total) strokes, \(full) of them full-length (at least \(svgNumber(fullCM)) cm)"
            + (total > 0 ? "; most common length \(s.strokeBinsCM.firstIndex(of: s.strokeBinsCM.max()!)!)–\(s.strokeBinsCM.firstIndex(of: s.strokeBinsCM.max()!)! + 1) cm." : ".")
        return Figure(id: id, title: title, textAlternative: alt, svg: f.svg(id: id, title: title, description: alt, content: content))
    }

    /// Time in each tenth of the foot, heel → ball, with the tender holds marked where they were.
    public static func alongFoot(_ s: SessionSeries) -> Figure {
        let f = ChartFrame()
        let id = "along-foot", title = "Where along the foot (heel → ball)"
        let n = s.timeAlongFootS.count
        let topS = LinearScale.niceMax(s.timeAlongFootS.max() ?? 0, ticks: 4)
        let x = f.xScale(0, 1), y = f.yScale(0, topS)
        var content = f.yAxis(y, ticks: y.ticks(4).map { ($0, tickText($0)) }, label: "time (s)")
        content += f.xAxis(x, ticks: [(0, "heel"), (0.25, "25 %"), (0.5, "50 %"), (0.75, "75 %"), (1, "ball")],
                           label: "position along the foot (fraction, heel 0 → ball of foot 1)")
        for (i, t) in s.timeAlongFootS.enumerated() where t > 0 {
            let x0 = x(Double(i) / Double(n)), x1 = x(Double(i + 1) / Double(n))
            content.append(f.rect(x: x0 + 1, y: y(t), width: x1 - x0 - 2, height: y(0) - y(t), cls: "bar",
                                  tooltip: "\(i * 10)–\((i + 1) * 10) %: \(svgNumber(t)) s"))
        }
        let placed = s.holds.compactMap(\.positionAlongFoot)
        for p in placed {
            content.append(SVGElement("path", [("d", "M\(svgNumber(x(p))),\(svgNumber(f.plotBottom - 2))l-6,-12h12z"), ("class", "mark hold")],
                                      children: [SVGElement("title", text: "tender hold at \(Int((p * 100).rounded())) % of the foot")]))
        }
        content += f.legend([("bar", "time"), ("hold", "tender hold")])
        let total = s.timeAlongFootS.reduce(0, +)
        var alt = total > 0
            ? "Contact time along the foot by tenths from heel to ball: " + s.timeAlongFootS.map { "\(Int($0.rounded())) s" }.joined(separator: ", ") + ". "
            : "No position along the foot was measured (no strokes to find the foot's axis). "
        alt += counted(s.holds.count, "tender hold", "tender holds")
        alt += placed.isEmpty ? "." : " at " + placed.map { "\(Int(($0 * 100).rounded())) %" }.joined(separator: ", ") + " of the way from heel to ball."
        return Figure(id: id, title: title, textAlternative: alt, svg: f.svg(id: id, title: title, description: alt, content: content))
    }

    /// Time per foot (and calves) against the 2–3 minute band.
    public static func footTime(_ s: SessionSeries) -> Figure {
        let f = ChartFrame(height: 200)
        let id = "foot-time", title = "Time per foot against 2–3 min"
        var rows: [(String, Double)] = s.target == .calves
            ? [("calves", s.summary.segments.reduce(0) { $0 + $1.activeS })]
            : [("right", s.activeS(.right)), ("left", s.activeS(.left))]
        let unknown = s.summary.segments.filter { $0.foot == "unknown" }.reduce(0) { $0 + $1.activeS }
        if unknown > 0 { rows.append(("unknown", unknown)) }
        let top = LinearScale.niceMax(max(240, rows.map(\.1).max() ?? 0), ticks: 4)
        let x = f.xScale(0, top)
        var content = f.xAxis(x, ticks: x.timeTicks(4).map { ($0, clock($0)) }, label: "time on the foot (m:ss)")
        content.insert(f.rect(x: x(120), y: f.plotTop, width: x(180) - x(120), height: f.plotBottom - f.plotTop, cls: "band",
                              tooltip: "guideline 2–3 min"), at: 0)
        let rowH = (f.plotBottom - f.plotTop) / Double(max(rows.count, 1))
        for (i, (name, t)) in rows.enumerated() {
            let y0 = f.plotTop + Double(i) * rowH
            content.append(f.rect(x: f.plotLeft, y: y0 + rowH * 0.2, width: x(t) - f.plotLeft, height: rowH * 0.6,
                                  cls: "bar \(name)", tooltip: "\(name): \(clock(t))"))
            content.append(f.label(name, x: f.plotLeft - 6, y: y0 + rowH / 2 + 4, anchor: "end", cls: "tick-label"))
            content.append(f.label(clock(t), x: x(t) + 4, y: y0 + rowH / 2 + 4, anchor: "start", cls: "value-label"))
        }
        content += f.legend([("band", "2–3 min guideline")])
        let alt = rows.map { "\($0.0) \(clock($0.1))" + ($0.1 < 120 ? " (under 2 min)" : $0.1 > 180 ? " (over 3 min)" : " (within 2–3 min)") }
            .joined(separator: ", ") + "."
        return Figure(id: id, title: title, textAlternative: alt, svg: f.svg(id: id, title: title, description: alt, content: content))
    }
}
