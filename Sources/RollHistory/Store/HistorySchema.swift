import GRDB

/// The history database's schema, one named migration per version. Never edit a migration that has shipped: add the
/// next one. A file whose `grdb_migrations` names a migration unknown here was written by a newer rollmon and is
/// refused (`HistoryError.newerSchema`).
///
/// After `v2` migration names say what they add (`v3-shoes`, `routine-steps`), so that migrations written on
/// different branches cannot take the same name; each adds tables beside the earlier ones.
enum HistorySchema {
    static let migrator: DatabaseMigrator = {
        var m = DatabaseMigrator()
        m.registerMigration("v1", migrate: v1)
        m.registerMigration("v2", migrate: v2)
        m.registerMigration("v3-shoes", migrate: v3Shoes)
        m.registerMigration("routine-steps", migrate: routineSteps)
        return m
    }()

    /// v1: sessions with their summary figures and per-foot sums, their segments, alerts and tender holds; pauses.
    static func v1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE session (
                id INTEGER PRIMARY KEY,
                content_hash TEXT NOT NULL UNIQUE,      -- SHA-256 of the recording's bytes
                recording TEXT NOT NULL,                -- relative to the data directory, or absolute
                started TEXT NOT NULL,                  -- as written in the trace (ISO-8601)
                started_unix_s REAL NOT NULL,
                tool TEXT NOT NULL,                     -- ball | roller
                target TEXT NOT NULL,                   -- feet | calves
                duration_s REAL NOT NULL,
                samples INTEGER NOT NULL,
                right_s REAL NOT NULL,
                left_s REAL NOT NULL,
                calves_s REAL NOT NULL,
                severe_events INTEGER NOT NULL,
                bursts INTEGER NOT NULL,
                tender_holds INTEGER NOT NULL,
                warnings TEXT NOT NULL,                 -- one per line
                recovered INTEGER NOT NULL DEFAULT 0,   -- found in sessions/ without a row (its process died)
                indexed_at TEXT NOT NULL
            );
            CREATE INDEX session_by_start ON session(started_unix_s);
            CREATE INDEX session_by_recording ON session(recording);
            CREATE TABLE segment (
                session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                foot TEXT NOT NULL,
                start_s REAL NOT NULL, end_s REAL NOT NULL, active_s REAL NOT NULL, distance_m REAL NOT NULL,
                strokes INTEGER NOT NULL, full_length_strokes INTEGER NOT NULL, median_stroke_m REAL NOT NULL,
                peak_force_n REAL,
                bursts INTEGER NOT NULL, severe_events INTEGER NOT NULL, tender_holds INTEGER NOT NULL,
                verdict TEXT NOT NULL,
                PRIMARY KEY (session_id, ordinal)
            );
            CREATE TABLE alert (
                session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                t_s REAL NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL,
                PRIMARY KEY (session_id, ordinal)
            );
            CREATE TABLE tender_hold (
                session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                segment INTEGER NOT NULL,
                t_s REAL NOT NULL,
                position_along_foot REAL,               -- 0 heel … 1 ball of the foot; NULL before any stroke
                PRIMARY KEY (session_id, ordinal)
            );
            CREATE TABLE pause (
                id INTEGER PRIMARY KEY,
                from_day TEXT NOT NULL, to_day TEXT NOT NULL,   -- YYYY-MM-DD, inclusive
                reason TEXT,
                created_at TEXT NOT NULL
            );
            """)
    }

    /// v2: where along the foot each segment's time went (ten zones, heel first), for the report. Rows written by
    /// v1 do not have it: they are marked for re-indexing, and the next opening replays their recordings (the
    /// source of truth) to fill it in.
    static func v2(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE segment_zone (
                session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                segment INTEGER NOT NULL,
                zone INTEGER NOT NULL,                  -- 0 = heel tenth … 9 = ball-of-foot tenth
                time_s REAL NOT NULL,
                PRIMARY KEY (session_id, segment, zone)
            );
            ALTER TABLE session ADD COLUMN needs_reindex INTEGER NOT NULL DEFAULT 0;
            UPDATE session SET needs_reindex = 1;
            """)
    }

    /// v3-shoes: the user's running shoes (`rollmon shoes`), entries of the user's own like pauses: no recording
    /// holds them, so nothing here is ever deleted (a pair is retired, its runs kept). Distances in whole metres.
    /// An older database simply gains the two empty tables.
    static func v3Shoes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE shoe (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                limit_m INTEGER NOT NULL CHECK (limit_m > 0),   -- replace the pair after this distance
                added_at TEXT NOT NULL,                         -- ISO-8601
                retired_at TEXT                                 -- NULL while the pair is in use
            );
            -- A name names one pair in use; a retired pair's name may be given to its successor.
            CREATE UNIQUE INDEX shoe_in_use_by_name ON shoe(name COLLATE NOCASE) WHERE retired_at IS NULL;
            CREATE TABLE shoe_run (
                id INTEGER PRIMARY KEY,                         -- grows with every entry: orders "last worn"
                shoe_id INTEGER NOT NULL REFERENCES shoe(id),
                distance_m INTEGER NOT NULL CHECK (distance_m > 0),
                logged_at TEXT NOT NULL                         -- ISO-8601
            );
            CREATE INDEX shoe_run_by_shoe ON shoe_run(shoe_id);
            """)
    }

    /// routine-steps: the guided routines (interface §7) with every step, measured or timed. A routine is the user's
    /// own entry (its timed steps are in no recording); a measured step names the recording that holds its samples.
    static func routineSteps(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE routine_run (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,                     -- post_run | pre_run
                started TEXT NOT NULL,                  -- ISO-8601, as the routine's result says
                started_unix_s REAL NOT NULL,
                quit INTEGER NOT NULL,                  -- ended by the user before its last step
                UNIQUE (kind, started)
            );
            CREATE INDEX routine_by_start ON routine_run(started_unix_s);
            CREATE TABLE routine_step (
                routine_id INTEGER NOT NULL REFERENCES routine_run(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,               -- plan order
                step_id TEXT NOT NULL,                  -- right_foot, calf_stretch_left, ...
                name TEXT NOT NULL,
                mode TEXT NOT NULL,                     -- measured | timed | counted
                target_s REAL NOT NULL,
                done_s REAL NOT NULL,
                status TEXT NOT NULL,                   -- done | partial | skipped
                recording TEXT,                         -- measured steps: the session's recording (as session.recording)
                PRIMARY KEY (routine_id, ordinal)
            );
            """)
    }
}
