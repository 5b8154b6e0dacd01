/// A chart ready for the page: its title, its text alternative (what a screen reader or a reader without the
/// picture gets) and the SVG.
public struct Figure: Sendable, Equatable {
    public var id: String
    public var title: String
    public var textAlternative: String
    public var svg: SVGElement

    /// `<figure>` with a heading, the SVG (labelled by its own `<title>` and `<desc>`) and the text as caption.
    public func html() -> String {
        "<figure id=\"\(id)\"><h3>\(SVGElement.escape(title))</h3>" + svg.render()
            + "<figcaption>\(SVGElement.escape(textAlternative))</figcaption></figure>"
    }
}

/// The frame every chart shares: a viewBox that scales to the screen width, a plot area inside margins for the
/// axes, axis lines with ticks and labels that carry units.
public struct ChartFrame: Sendable {
    public var width = 560.0
    public var height = 260.0
    public var left = 62.0, right = 14.0, top = 24.0, bottom = 50.0

    public init(width: Double = 560, height: Double = 260) { self.width = width; self.height = height }

    public var plotLeft: Double { left }
    public var plotRight: Double { width - right }
    public var plotTop: Double { top }
    public var plotBottom: Double { height - bottom }

    public func xScale(_ lo: Double, _ hi: Double) -> LinearScale { LinearScale(domain: (lo, hi), range: (plotLeft, plotRight)) }
    public func yScale(_ lo: Double, _ hi: Double) -> LinearScale { LinearScale(domain: (lo, hi), range: (plotBottom, plotTop)) }

    /// The `<svg>`: `<title>` and `<desc>` first (its accessible name and description), then the content.
    public func svg(id: String, title: String, description: String, content: [SVGElement]) -> SVGElement {
        SVGElement("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(svgNumber(width)) \(svgNumber(height))"),
                           ("role", "img"), ("aria-labelledby", "\(id)-t \(id)-d"), ("class", "chart")],
                   children: [SVGElement("title", [("id", "\(id)-t")], text: title),
                              SVGElement("desc", [("id", "\(id)-d")], text: description)] + content)
    }

    /// The x axis along the bottom: line, ticks at `ticks` (or labelled categories), and the axis title with unit.
    public func xAxis(_ scale: LinearScale, ticks: [(Double, String)], label: String) -> [SVGElement] {
        var out = [line(plotLeft, plotBottom, plotRight, plotBottom, cls: "axis")]
        for (v, text) in ticks {
            let x = scale(v)
            out.append(line(x, plotBottom, x, plotBottom + 4, cls: "tick"))
            out.append(self.label(text, x: x, y: plotBottom + 18, anchor: "middle", cls: "tick-label"))
        }
        out.append(self.label(label, x: (plotLeft + plotRight) / 2, y: height - 8, anchor: "middle", cls: "axis-label"))
        return out
    }

    /// The y axis on the left, with light grid lines across the plot.
    public func yAxis(_ scale: LinearScale, ticks: [(Double, String)], label: String) -> [SVGElement] {
        var out = [line(plotLeft, plotTop, plotLeft, plotBottom, cls: "axis")]
        for (v, text) in ticks {
            let y = scale(v)
            out.append(line(plotLeft, y, plotRight, y, cls: "grid"))
            out.append(self.label(text, x: plotLeft - 6, y: y + 4, anchor: "end", cls: "tick-label"))
        }
        let cy = (plotTop + plotBottom) / 2
        out.append(SVGElement("text", [("x", "16"), ("y", svgNumber(cy)), ("text-anchor", "middle"), ("class", "axis-label"),
                                       ("transform", "rotate(-90 16 \(svgNumber(cy)))")], text: label))
        return out
    }

    public func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cls: String) -> SVGElement {
        SVGElement("line", [("x1", svgNumber(x1)), ("y1", svgNumber(y1)), ("x2", svgNumber(x2)), ("y2", svgNumber(y2)), ("class", cls)])
    }

    public func rect(x: Double, y: Double, width: Double, height: Double, cls: String, tooltip: String? = nil) -> SVGElement {
        SVGElement("rect", [("x", svgNumber(x)), ("y", svgNumber(y)), ("width", svgNumber(max(0, width))),
                            ("height", svgNumber(max(0, height))), ("class", cls)],
                   children: tooltip.map { [SVGElement("title", text: $0)] } ?? [])
    }

    public func label(_ text: String, x: Double, y: Double, anchor: String, cls: String) -> SVGElement {
        SVGElement("text", [("x", svgNumber(x)), ("y", svgNumber(y)), ("text-anchor", anchor), ("class", cls)], text: text)
    }

    /// A legend row at the top right: (class, words).
    public func legend(_ items: [(String, String)]) -> [SVGElement] {
        var out: [SVGElement] = []
        var x = plotRight
        for (cls, text) in items.reversed() {
            let w = Double(text.count) * 7.4 + 22
            x -= w
            out.append(rect(x: x, y: 3, width: 12, height: 12, cls: "legend \(cls)"))
            out.append(label(text, x: x + 16, y: 14, anchor: "start", cls: "legend-label"))
        }
        return out
    }
}

/// m:ss for axis labels and texts.
func clock(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    let s = total % 60
    return "\(total / 60):" + (s < 10 ? "0" : "") + "\(s)"
}

/// Shortest text of a tick value.
func tickText(_ v: Double) -> String {
    v == v.rounded() ? String(Int(v)) : svgNumber(v)
}
