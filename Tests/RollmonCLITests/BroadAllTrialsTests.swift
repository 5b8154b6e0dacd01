import Foundation
import Testing

/// Every available BROAD trial (30 of 39; Laidig, Caruso, Cereatti, Seel, Data 6(7) 2021, CC BY 4.0) through the
/// built `rollmon replay TRACE --orientation-csv q.csv --json`, against VQF's own figure for that trial.
///
/// The trials are too big for the repository (~6 MB each with their references): convert them once with
/// `scripts/broad_excerpts.py --all MAT_DIR DIR` (MAT_DIR: `data_mat/` of github.com/dlaidig/broad) and point
/// `ROLLMON_BROAD_ALL` at DIR. Without it the full-table test is skipped with that reason. The VQF figures and how
/// they were measured: `Fixtures/imu-traces/broad/vqf-6d-all-trials.csv`.
@Suite("All BROAD trials through rollmon replay")
struct BroadAllTrialsTests {
    static let directory = ProcessInfo.processInfo.environment["ROLLMON_BROAD_ALL"].map { URL(fileURLWithPath: $0) }
    static let tableURL = packageRoot.appendingPathComponent("Fixtures/imu-traces/broad/vqf-6d-all-trials.csv")

    /// `trial,vqf_inclination_rmse_deg` rows of the committed table (`#` lines are its provenance).
    static func vqfTable() throws -> [(name: String, vqfDeg: Double)] {
        let lines = try String(contentsOf: tableURL, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }
        try #require(lines.first == "trial,vqf_inclination_rmse_deg", "unexpected header in \(tableURL.path)")
        return try lines.dropFirst().map { line in
            let cells = line.split(separator: ",")
            let value = try #require(cells.count == 2 ? Double(cells[1]) : nil, "bad row '\(line)'")
            return (String(cells[0]), value)
        }
    }

    /// Bars: each trial's inclination RMSE no more than 5 % above VQF's (issue 9's bar for the five shared trials,
    /// applied to every trial), and nothing a well-behaved, unclipped, gap-free 6D recording should not have: no
    /// alert, no outage, no warning but the one every recording without a force column carries.
    @Test(.enabled(if: directory != nil,
                   "ROLLMON_BROAD_ALL is not set (the converted BROAD trials, see scripts/broad_excerpts.py --all): skipped"))
    func everyTrialWithinFivePercentOfVQF() throws {
        let dir = try #require(Self.directory)
        var rmses: [Double] = [], vqfs: [Double] = []
        for (name, vqf) in try Self.vqfTable() {
            let trace = dir.appendingPathComponent(name + ".csv").path
            guard FileManager.default.fileExists(atPath: trace) else {
                Issue.record("\(name).csv is missing from \(dir.path)")
                continue
            }
            let (rmse, run) = try BroadReplayTests.replay(dir, name, extraArguments: ["--json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let alerts = json["alerts"] as? [Any] ?? [], outages = json["outages"] as? [Any] ?? []
            let unexpected = (json["warnings"] as? [String] ?? []).filter { !$0.hasPrefix("no force sensor") }
            print(String(format: "BROAD %@: rollmon %.3f° VQF %.4f° (%+.1f %%)", name, rmse, vqf, 100 * (rmse / vqf - 1)))
            #expect(rmse <= 1.05 * vqf, "\(name): \(rmse)° is more than 5 % above VQF's \(vqf)°")
            #expect(alerts.isEmpty && outages.isEmpty && unexpected.isEmpty,
                    "\(name): alerts \(alerts), outages \(outages), warnings \(unexpected)")
            rmses.append(rmse); vqfs.append(vqf)
        }
        guard !rmses.isEmpty else { return }
        print(String(format: "BROAD all %d trials: mean rollmon %.3f°, VQF %.3f°", rmses.count,
                     rmses.reduce(0, +) / Double(rmses.count), vqfs.reduce(0, +) / Double(vqfs.count)))
    }

    /// The committed table agrees with the shared README's figures for its five trials (rounded to 0.01°), so a
    /// table measured with other settings or a different scoring cannot slip in. Runs everywhere.
    @Test func tableReproducesTheSharedFigures() throws {
        let table = Dictionary(uniqueKeysWithValues: try Self.vqfTable().map { ($0.name, $0.vqfDeg) })
        #expect(table.count >= 30, "\(table.count) trials in the table")
        for (name, readme) in BroadReplayTests.trials {
            let measured = try #require(table[name], "\(name) is not in the table")
            #expect(abs(measured - readme) <= 0.005, "\(name): table \(measured)° vs shared README \(readme)°")
        }
    }
}
