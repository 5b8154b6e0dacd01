import Foundation
import GRDB
import Testing
import TestSupport

/// `rollmon shoes` through the built executable: km per pair, the rotation, the warnings near and past the limit,
/// bad input, and what `history` and `report` show. The expected distances are the sums of what each test logs.
@Suite("rollmon shoes, end to end")
struct ShoesCLITests {
    let dir = TempDir()
    var data: String { dir.path("data") }

    @discardableResult
    func shoes(_ args: [String], expect status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let r = try rollmon(["shoes"] + args + ["--data-dir", data])
        #expect(r.status == status, "\(args): \(r.stdout) \(r.stderr)", sourceLocation: sourceLocation)
        return r
    }

    /// `shoes --json`, parsed: (wear_next, pairs by name).
    func list() throws -> (next: String?, pairs: [String: [String: Any]]) {
        let r = try shoes(["--json"])
        let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let pairs = (o["pairs"] as! [[String: Any]]).map { ($0["name"] as! String, $0) }
        return (o["wear_next"] as? String, Dictionary(uniqueKeysWithValues: pairs))
    }

    /// A one-line refusal with exit 64.
    func expectRefused(_ args: [String], _ words: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try shoes(args, expect: 64, sourceLocation: sourceLocation)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(words), "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func twoPairsRotateAndTheKmAddUpExactly() throws {
        try shoes(["add", "Pegasus"])
        try shoes(["add", "Kinvara", "--limit-km", "600"])
        // Neither worn yet: the default pair is not guessed.
        try expectRefused(["log", "10"], "Pegasus and Kinvara are equally due")
        #expect(try list().next == nil)
        // Names match without regard to case.
        let first = try shoes(["log", "10", "--pair", "pegasus"])
        #expect(first.stdout.contains("logged 10.0 km on Pegasus: 10.0 of 650.0 km (2 %)"), "\(first.stdout)")
        #expect(first.stdout.contains("Wear Kinvara next."), "\(first.stdout)")
        // Without --pair the run goes to the pair to wear next, which then alternates.
        try shoes(["log", "12.5"])
        #expect(try list().next == "Pegasus")
        try shoes(["log", "7.3"])
        #expect(try list().next == "Kinvara")
        // Ten entries of 0.1 km are exactly 1 km (whole metres are stored, not binary fractions of a km).
        for _ in 0..<10 { try shoes(["log", "0.1", "--pair", "Kinvara"]) }
        let (next, pairs) = try list()
        #expect(next == "Pegasus")
        #expect(pairs["Pegasus"]?["km"] as? Double == 17.3 && pairs["Pegasus"]?["runs"] as? Int == 2)
        #expect(pairs["Kinvara"]?["km"] as? Double == 13.5 && pairs["Kinvara"]?["runs"] as? Int == 11)
        #expect(pairs["Kinvara"]?["limit_km"] as? Double == 600.0 && pairs["Kinvara"]?["remaining_km"] as? Double == 586.5)
        #expect(pairs["Pegasus"]?["limit_km"] as? Double == 650.0)   // the default limit
        #expect(pairs["Pegasus"]?["used"] as? Double == 0.027 && pairs["Pegasus"]?["state"] as? String == "ok")
        let text = try shoes([]).stdout
        #expect(text.contains("Wear Pegasus next (rotation: the pair worn least recently, then the one with fewer km)."), "\(text)")
        #expect(text.contains("  Kinvara     13.5     600.0    2 %"), "\(text)")
    }

    @Test func warnsFromNinetyPercentOrFiftyKmLeftAndSaysReplacePastTheLimit() throws {
        try shoes(["add", "Long", "--limit-km", "800"])
        try shoes(["add", "Short", "--limit-km", "300"])
        // 719.9 of 800: 89.99 %, 80.1 km left: fine. 0.1 more: 90 %.
        #expect(try shoes(["log", "719.9", "--pair", "Long"]).stdout.contains("719.9 of 800.0 km (90 %)\n"))
        #expect(try list().pairs["Long"]?["state"] as? String == "ok")
        let near = try shoes(["log", "0.1", "--pair", "Long"]).stdout
        #expect(near.contains("720.0 of 800.0 km (90 %) — nearly worn out: 80.0 km left, get the next pair"), "\(near)")
        // 249.9 of 300: 83 % and 50.1 km left: fine; at 50 km left it is near although only 83 % is used.
        try shoes(["log", "249.9", "--pair", "Short"])
        #expect(try list().pairs["Short"]?["state"] as? String == "ok")
        try shoes(["log", "0.1", "--pair", "Short"])
        #expect(try list().pairs["Short"]?["state"] as? String == "near_limit")
        // Reaching the limit: replace. Long was worn least recently, but a pair past its limit is not chosen.
        try shoes(["log", "80", "--pair", "Long"])
        let (next, pairs) = try list()
        #expect(pairs["Long"]?["state"] as? String == "replace" && pairs["Long"]?["remaining_km"] as? Double == 0.0)
        #expect(next == "Short")
        let text = try shoes([]).stdout
        #expect(text.contains("Long     800.0     800.0  100 %  past its 800.0 km limit: replace it"), "\(text)")
        #expect(text.contains("Short    250.0     300.0   83 %  nearly worn out: 50.0 km left, get the next pair"), "\(text)")
        // With every pair past its limit there is still an answer (the one worn least recently).
        try shoes(["log", "50", "--pair", "Short"])
        #expect(try list().next == "Long")
    }

    @Test func badDistancesAndNamesAreOneLineAndExit64AndStoreNothing() throws {
        try expectRefused(["log", "5"], "no pair in use yet: add one with rollmon shoes add NAME")
        try shoes(["add", "Pegasus"])
        for (km, words) in [("-3", "must be more than 0"), ("0", "must be more than 0"), ("nan", "is not a number of km"),
                            ("inf", "is not a number of km"), ("abc", "is not a number of km"), ("1001", "at most 1000 km in one entry"),
                            ("1e9", "at most 1000 km in one entry"), ("0.0004", "less than a metre")] {
            try expectRefused(["log", km], words)
        }
        try expectRefused(["log", "5", "6"], "give one distance in km")
        try expectRefused(["log", "5", "--pair", "Nope"], "no pair in use is called 'Nope' (in use: Pegasus)")
        try expectRefused(["add", "PEGASUS"], "a pair named 'Pegasus' is already in use")
        try expectRefused(["add", ""], "a pair needs a name")
        try expectRefused(["add", String(repeating: "x", count: 41)], "longer than 40 characters")
        try expectRefused(["add", "a\tb"], "control character")
        try expectRefused(["add", " padded"], "starts or ends with a space")
        try expectRefused(["add", "X", "--limit-km", "50"], "outside 100–2000 km")
        try expectRefused(["add", "X", "--limit-km", "2001"], "outside 100–2000 km")
        let (next, pairs) = try list()
        #expect(pairs.count == 1 && pairs["Pegasus"]?["runs"] as? Int == 0 && next == "Pegasus")
        // The only pair is the default; 1000 km in one entry is allowed.
        #expect(try shoes(["log", "1000"]).stdout.contains("logged 1000.0 km on Pegasus"))
    }

    @Test func aRetiredPairLeavesTheListKeepsItsRunsAndFreesItsName() throws {
        try shoes(["add", "Pegasus"])
        try shoes(["add", "Kinvara"])
        try shoes(["log", "600", "--pair", "Pegasus"])
        #expect(try shoes(["retire", "pegasus"]).stdout == "retired Pegasus after 600.0 km\n")
        #expect(try list().pairs.keys.sorted() == ["Kinvara"])
        try expectRefused(["log", "5", "--pair", "Pegasus"], "no pair in use is called 'Pegasus'")
        try shoes(["add", "Pegasus"])
        let pairs = try list().pairs
        #expect(pairs["Pegasus"]?["km"] as? Double == 0.0)
        let db = try DatabaseQueue(path: data + "/history.sqlite")
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT sum(distance_m) FROM shoe_run") } == 600_000)
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM shoe") } == 3)
    }

    @Test func historyAndReportShowTheShoesAndLookAsBeforeWithout() throws {
        let t = SyntheticTrace(started: "2026-12-05T07:00:00Z", segments: [("R", 125), ("L", 125)]).write(to: dir.path("a.csv"))
        #expect(try rollmon(["history", "add", "--data-dir", data, t]).status == 0)
        let window = ["--data-dir", data, "--today", "2026-12-05", "--days", "3"]
        let plain = try rollmon(["history"] + window)
        #expect(!plain.stdout.contains("Shoes"))
        // `shoes` is there without pairs; only the guided routines' list (§5b, empty here) follows it.
        #expect(try rollmon(["history", "--json"] + window).stdout.hasSuffix("], \"shoes\": {\"wear_next\": null, \"pairs\": []}, \"routines\": []}\n"))
        #expect(try rollmon(["report", "--out", dir.path("before.html")] + window).status == 0)
        let before = try String(contentsOfFile: dir.path("before.html"), encoding: .utf8)
        #expect(!before.contains("id=\"shoes\"") && !before.contains("table.shoes"))   // nor its style sheet

        try shoes(["add", "Pegasus"])
        try shoes(["add", "Old <pair>", "--limit-km", "500"])
        try shoes(["log", "620", "--pair", "Pegasus"])
        try shoes(["log", "480", "--pair", "old <PAIR>"])
        let text = try rollmon(["history"] + window).stdout
        #expect(text.contains("""

            Shoes: wear Pegasus next
              pair             km     limit   used
              Pegasus       620.0     650.0   95 %  nearly worn out: 30.0 km left, get the next pair
              Old <pair>    480.0     500.0   96 %  nearly worn out: 20.0 km left, get the next pair

            Today: done:
            """), "\(text)")
        let json = try HistoryJSONView(try rollmon(["history", "--json"] + window).stdout)
        let shoesObject = json.object["shoes"] as! [String: Any]
        #expect(shoesObject["wear_next"] as? String == "Pegasus")
        #expect((shoesObject["pairs"] as! [[String: Any]]).map { $0["km"] as? Double } == [620.0, 480.0])
        #expect(json.days.count == 3 && json.day("2026-12-05")["met"] as? Bool == true)

        #expect(try rollmon(["report", "--out", dir.path("r.html")] + window).status == 0)
        let html = try String(contentsOfFile: dir.path("r.html"), encoding: .utf8)
        #expect(html.contains("<section id=\"shoes\"><h2>Shoes</h2><p class=\"sub\">Wear Pegasus next"), "\(html)")
        #expect(html.contains("<td>Old &lt;pair&gt;</td><td class=\"num\">480.0</td><td class=\"num\">500.0</td>"))
        #expect(html.components(separatedBy: "<tr class=\"near_limit\">").count - 1 == 4)   // a row and an advice row each
        #expect(!html.contains("<script") && html.contains("table.shoes{"))
    }

    /// The committed v1 data directory migrates through v2 to v3-shoes: its sessions and pause are kept and it
    /// takes shoes. A v2 file (this rollmon's, with the shoes migration taken back out) gains the tables too.
    @Test func olderDatabasesMigrateForwardAndKeepTheirSessions() throws {
        try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("Fixtures/history-v1").path, toPath: data)
        try shoes(["add", "Pegasus"])
        try shoes(["log", "8.4"])
        let db = try DatabaseQueue(path: data + "/history.sqlite")
        #expect(try db.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") } == ["v1", "v2", "v3-shoes", "routine-steps"])
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM session") } == 2)
        let h = try HistoryJSONView(try rollmon(["history", "--json", "--data-dir", data, "--today", "2026-11-25", "--days", "6"]).stdout)
        #expect(h.day("2026-11-20")["met"] as? Bool == true && h.day("2026-11-23")["paused"] as? Bool == true)
        #expect(((h.object["shoes"] as! [String: Any])["pairs"] as! [[String: Any]]).first?["km"] as? Double == 8.4)

        let v2 = dir.path("v2")
        let t = SyntheticTrace(started: "2026-12-05T07:00:00Z", segments: [("R", 125), ("L", 125)]).write(to: dir.path("a.csv"))
        #expect(try rollmon(["history", "add", "--data-dir", v2, t]).status == 0)
        let old = try DatabaseQueue(path: v2 + "/history.sqlite")
        try old.write { db in
            try db.execute(sql: "DROP TABLE shoe_run; DROP TABLE shoe; DELETE FROM grdb_migrations WHERE identifier = 'v3-shoes'")
        }
        try old.close()
        let r = try rollmon(["shoes", "add", "Kinvara", "--data-dir", v2])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try rollmon(["history", "--json", "--data-dir", v2, "--today", "2026-12-05", "--days", "1"]).stdout
            .contains("\"met\": true"))
        #expect(try rollmon(["shoes", "--json", "--data-dir", v2]).stdout.contains("\"name\": \"Kinvara\""))
    }
}
