import Foundation
import RollAnalysis

/// The truth file's JSON: `SessionSummary` as it encodes itself (interface v1's snake_case keys, `peak_force_n: null`
/// without a force sensor), at full precision with sorted keys, so a seed always gives the same bytes.
enum TruthJSON {
    static func encode(_ summary: SessionSummary) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var data = try encoder.encode(summary)
        data.append(0x0A)
        return data
    }
}
