import Foundation
import GRDB

/// The user's running shoes in the history database (schema `v3-shoes`): pairs, and the km logged for each.
extension HistoryStore {
    public enum ShoeAddResult: Equatable, Sendable {
        case added(ShoePair)
        /// A pair in use already has this name (compared without case).
        case nameTaken(String)
    }

    /// Adds a pair in use. Names are checked by `ShoeName.check` first.
    public func addShoe(name: String, limitM: Int) throws(HistoryError) -> ShoeAddResult {
        try run {
            try db.write { db -> ShoeAddResult in
                if let taken = try String.fetchOne(db, sql: "SELECT name FROM shoe WHERE name = ? COLLATE NOCASE AND retired_at IS NULL",
                                                   arguments: [name]) {
                    return .nameTaken(taken)
                }
                try db.execute(sql: "INSERT INTO shoe (name, limit_m, added_at) VALUES (?, ?, ?)",
                               arguments: [name, limitM, Self.now()])
                return .added(try Self.pairs(db, where: "s.id = ?", [db.lastInsertedRowID])[0])
            }
        }
    }

    /// Logs `distanceM` run in the pair `id`; returns the pair as it is now.
    @discardableResult
    public func logShoeRun(shoeID id: Int64, distanceM: Int) throws(HistoryError) -> ShoePair {
        try run {
            try db.write { db in
                try db.execute(sql: "INSERT INTO shoe_run (shoe_id, distance_m, logged_at) VALUES (?, ?, ?)",
                               arguments: [id, distanceM, Self.now()])
                return try Self.pairs(db, where: "s.id = ?", [id])[0]
            }
        }
    }

    /// Takes a pair out of use; its runs are kept.
    public func retireShoe(id: Int64) throws(HistoryError) {
        try run {
            try db.write { db in
                try db.execute(sql: "UPDATE shoe SET retired_at = ? WHERE id = ?", arguments: [Self.now(), id])
            }
        }
    }

    /// The pairs in use, in the order they were added.
    public func shoesInUse() throws(HistoryError) -> [ShoePair] {
        try run { try db.read { db in try Self.pairs(db, where: "s.retired_at IS NULL", []) } }
    }

    private static func pairs(_ db: Database, where condition: String, _ arguments: StatementArguments) throws -> [ShoePair] {
        try Row.fetchAll(db, sql: """
            SELECT s.id, s.name, s.limit_m, s.added_at, coalesce(t.total_m, 0), coalesce(t.runs, 0), t.last_id, r.logged_at
            FROM shoe s
            LEFT JOIN (SELECT shoe_id, sum(distance_m) AS total_m, count(*) AS runs, max(id) AS last_id
                       FROM shoe_run GROUP BY shoe_id) t ON t.shoe_id = s.id
            LEFT JOIN shoe_run r ON r.id = t.last_id
            WHERE \(condition) ORDER BY s.id
            """, arguments: arguments).map { r in
            ShoePair(id: r[0], name: r[1], limitM: r[2], distanceM: r[4], runs: r[5], lastRunID: r[6], lastWorn: r[7], added: r[3])
        }
    }

    private static func now() -> String { ISOTime.format(unixSeconds: Date().timeIntervalSince1970) }
}
