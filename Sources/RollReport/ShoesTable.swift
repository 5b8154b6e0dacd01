import RollHistory

/// The report's shoes section: each pair in use with its km against its limit (a bar of the share used, green,
/// amber near the limit, red past it), what a worn pair asks for, and the pair to wear next. A table, so that it
/// reads without the bars too.
enum ShoesTable {
    /// Added to the page's style sheet only when the page has the section.
    static let css = """
        table.shoes{width:100%;border-collapse:collapse;background:#fff;border:1px solid #e1e5eb;border-radius:8px}
        table.shoes th,table.shoes td{padding:6px 8px;text-align:left;border-bottom:1px solid #eef0f3}
        table.shoes td.num,table.shoes th.num{text-align:right;font-variant-numeric:tabular-nums}
        .used{display:block;height:8px;background:#e6e9ee;border-radius:4px;min-width:60px}
        .used span{display:block;height:8px;border-radius:4px;background:#2e7d32}
        tr.near_limit .used span{background:#f2a900}tr.replace .used span{background:#c62828}
        tr.near_limit .advice{color:#8a5a00}tr.replace .advice{color:#c62828;font-weight:600}
        """

    static func html(_ s: ShoeStanding) -> String {
        var out = "<section id=\"shoes\"><h2>Shoes</h2>"
        if let next = s.wearNextText(capitalized: true) {
            out += "<p class=\"sub\">\(SVGElement.escape(next)) · replace a pair after 500–800 km; rotate two pairs</p>"
        }
        out += "<table class=\"shoes\"><thead><tr><th>pair</th><th class=\"num\">km</th><th class=\"num\">limit km</th><th>used</th></tr></thead><tbody>"
        for p in s.pairs {
            let percent = Int((p.usedFraction * 100).rounded())
            let bar = min(100, max(0, percent))
            out += "<tr class=\"\(p.state.rawValue)\"><td>\(SVGElement.escape(p.pair.name))</td>"
                + "<td class=\"num\">\(ShoeDistance.kmText(p.pair.distanceM))</td><td class=\"num\">\(ShoeDistance.kmText(p.pair.limitM))</td>"
                + "<td><span class=\"used\" role=\"img\" aria-label=\"\(percent) % of the limit used\"><span style=\"width:\(bar)%\"></span></span>\(percent) %</td></tr>"
            if let advice = p.advice {
                out += "<tr class=\"\(p.state.rawValue)\"><td colspan=\"4\" class=\"advice\">\(SVGElement.escape(p.pair.name)): \(SVGElement.escape(advice))</td></tr>"
            }
        }
        return out + "</tbody></table></section>"
    }
}
