import Foundation
import GRDB
import Testing
@testable import RollHistory

@Suite("History store settings")
struct StoreSettingsTests {
    @Test func walFullSynchronousAndForeignKeys() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollmon-store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try History(directory: DataDirectory(root: dir)).store
        let (mode, sync, fk) = try store.db.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"),
             try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(mode == "wal")
        #expect(sync == 2)   // FULL
        #expect(fk == 1)
        #expect(try store.db.read { try HistorySchema.migrator.hasCompletedMigrations($0) })
    }

    @Test func dataDirectoryPrecedence() {
        #expect(DataDirectory.resolve(flag: "/f", environment: ["ROLLMON_DATA_DIR": "/e", "XDG_DATA_HOME": "/x", "HOME": "/h"]).root == "/f")
        #expect(DataDirectory.resolve(flag: nil, environment: ["ROLLMON_DATA_DIR": "/e", "XDG_DATA_HOME": "/x", "HOME": "/h"]).root == "/e")
        #expect(DataDirectory.resolve(flag: nil, environment: ["ROLLMON_DATA_DIR": "", "XDG_DATA_HOME": "/x", "HOME": "/h"]).root == "/x/rollmon")
        #expect(DataDirectory.resolve(flag: nil, environment: ["HOME": "/h"]).root == "/h/.local/share/rollmon")
        let d = DataDirectory(root: "/d")
        #expect(d.database == "/d/history.sqlite" && d.sessions == "/d/sessions")
        #expect(d.storedPath(for: "/d/sessions/a.csv") == "sessions/a.csv")
        #expect(d.storedPath(for: "/elsewhere/a.csv") == "/elsewhere/a.csv")
        #expect(d.file(forStored: "sessions/a.csv") == "/d/sessions/a.csv")
    }
}
