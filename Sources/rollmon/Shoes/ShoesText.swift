import RollHistory
import RollSummary

/// `rollmon shoes` and the "Shoes:" line of `rollmon history`, in words.
enum ShoesText {
    static func render(_ s: ShoeStanding) -> String {
        guard !s.pairs.isEmpty else { return "No shoes yet: add a pair with rollmon shoes add NAME [--limit-km 650]." }
        var lines = ["rollmon shoes: \(s.pairs.count) pair\(s.pairs.count == 1 ? "" : "s") in use", ""]
        lines += table(s)
        lines.append("")
        if let next = s.wearNextText(capitalized: true) {
            let why: String
            switch s.wearNext {
            case .tie: why = ": say which with rollmon shoes log KM --pair NAME"
            default: why = s.pairs.count > 1 ? " (rotation: the pair worn least recently, then the one with fewer km)" : ""
            }
            lines.append(next + why + ".")
        }
        return lines.joined(separator: "\n")
    }

    /// "412.0 of 650.0 km (63 %)"
    static func usage(_ p: ShoeStatus) -> String {
        "\(ShoeDistance.kmText(p.pair.distanceM)) of \(ShoeDistance.kmText(p.pair.limitM)) km (\(percent(p)))"
    }

    static func percent(_ p: ShoeStatus) -> String { HistoryText.percent(p.usedFraction) }

    /// The table of pairs: name, km, limit, % used, and what a worn pair asks for.
    static func table(_ s: ShoeStanding) -> [String] {
        let nameWidth = max(4, s.pairs.map(\.pair.name.count).max() ?? 0)
        var lines = ["  " + HistoryText.pad("pair", nameWidth) + "       km     limit   used"]
        for p in s.pairs {
            var row = "  " + HistoryText.pad(p.pair.name, nameWidth) + "  "
                + HistoryText.pad(ShoeDistance.kmText(p.pair.distanceM), 7, left: true) + "  "
                + HistoryText.pad(ShoeDistance.kmText(p.pair.limitM), 8, left: true) + "  "
                + HistoryText.pad(percent(p), 5, left: true)
            if let advice = p.advice { row += "  " + advice }
            lines.append(row)
        }
        return lines
    }

    /// The history's short section: "Shoes: wear Kinvara next" over the table; nil without pairs (the history
    /// then looks as it always did).
    static func historySection(_ s: ShoeStanding) -> String? {
        guard let next = s.wearNextText() else { return nil }
        return (["Shoes: " + next] + table(s)).joined(separator: "\n")
    }
}

/// The `shoes` object (`rollmon shoes --json`, and the `shoes` key of `history --json`; an extension, interface §5a).
enum ShoesJSON {
    static func render(_ s: ShoeStanding) -> String {
        let next: String
        switch s.wearNext {
        case let .pair(name): next = SummaryJSON.str(name)
        default: next = "null"
        }
        return "{\"wear_next\": \(next), \"pairs\": [" + s.pairs.map(pair).joined(separator: ", ") + "]}"
    }

    static func pair(_ p: ShoeStatus) -> String {
        "{\"name\": \(SummaryJSON.str(p.pair.name)), \"km\": \(ShoeDistance.kmText(p.pair.distanceM)), "
            + "\"limit_km\": \(ShoeDistance.kmText(p.pair.limitM)), \"used\": \(HistoryJSON.rounded(p.usedFraction, 3)), "
            + "\"remaining_km\": \(ShoeDistance.kmText(p.remainingM)), \"state\": \"\(p.state.rawValue)\", "
            + "\"runs\": \(p.pair.runs), \"last_worn\": \(p.pair.lastWorn.map(SummaryJSON.str) ?? "null")}"
    }
}
