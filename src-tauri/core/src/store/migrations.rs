//! Versioned schema migrations, tracked in SQLite's `user_version`.
//!
//! Each entry moves the schema from version N to N+1 and is applied in its own
//! transaction. Entries are never edited once released: add a new one instead.

use rusqlite::Connection;

use super::StoreError;

const MIGRATIONS: &[&str] = &[
    // 1: deliveries, their payloads kept apart so timeline pages never touch body pages.
    "CREATE TABLE deliveries (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        received_at INTEGER NOT NULL,
        remote_addr TEXT,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        declared_size INTEGER,
        rejection TEXT,
        status INTEGER NOT NULL
    );
    CREATE TABLE payloads (
        seq INTEGER PRIMARY KEY REFERENCES deliveries(seq) ON DELETE CASCADE,
        headers BLOB NOT NULL,
        body BLOB NOT NULL
    );
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );",
    // 2: signature verdicts, grouping of retries and duplicates, and how Hookscope answered.
    "ALTER TABLE deliveries ADD COLUMN message_id TEXT;
    ALTER TABLE deliveries ADD COLUMN dedup_key TEXT;
    ALTER TABLE deliveries ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE deliveries ADD COLUMN duplicate_of TEXT;
    ALTER TABLE deliveries ADD COLUMN relation TEXT NOT NULL DEFAULT '{\"kind\":\"original\"}';
    ALTER TABLE deliveries ADD COLUMN verification_status TEXT;
    ALTER TABLE deliveries ADD COLUMN verification TEXT;
    ALTER TABLE deliveries ADD COLUMN answer_delay_ms INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE deliveries ADD COLUMN answer_scripted INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE deliveries ADD COLUMN answer_held INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX deliveries_by_message ON deliveries(message_id, id) WHERE message_id IS NOT NULL;
    CREATE INDEX deliveries_by_dedup_key ON deliveries(dedup_key, id);
    CREATE INDEX deliveries_by_verification ON deliveries(verification_status, id);",
    // 3: replays of deliveries to the developer's own service, with the answers they got.
    "CREATE TABLE replays (
        id INTEGER PRIMARY KEY,
        delivery_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        target TEXT NOT NULL,
        mode TEXT NOT NULL,
        outcome TEXT NOT NULL
    );
    CREATE INDEX replays_by_delivery ON replays(delivery_id, id);",
    // 4: the tunnel's continuity log, and replays made by forward mode.
    "CREATE TABLE tunnel_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        state TEXT NOT NULL,
        url TEXT
    );
    ALTER TABLE replays ADD COLUMN forwarded INTEGER NOT NULL DEFAULT 0;",
    // 5: deliveries brought in from an exported log (the file's name), and pins that
    // keep a delivery through retention.
    "ALTER TABLE deliveries ADD COLUMN imported_from TEXT;
    ALTER TABLE deliveries ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX deliveries_pinned ON deliveries(seq) WHERE pinned = 1;",
    // 6: running totals for retention (all deliveries, and the pinned ones), kept by
    // triggers, so the writer checks the cap by reading one row after each commit
    // instead of summing every delivery.
    "CREATE TABLE store_usage (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        deliveries INTEGER NOT NULL,
        body_bytes INTEGER NOT NULL,
        pinned INTEGER NOT NULL,
        pinned_body_bytes INTEGER NOT NULL
    );
    INSERT INTO store_usage (id, deliveries, body_bytes, pinned, pinned_body_bytes)
        SELECT 1, count(*), coalesce(sum(size), 0), coalesce(sum(pinned), 0), coalesce(sum(pinned * size), 0)
        FROM deliveries;
    CREATE TRIGGER store_usage_insert AFTER INSERT ON deliveries BEGIN
        UPDATE store_usage SET deliveries = deliveries + 1, body_bytes = body_bytes + NEW.size,
            pinned = pinned + NEW.pinned, pinned_body_bytes = pinned_body_bytes + NEW.pinned * NEW.size
        WHERE id = 1;
    END;
    CREATE TRIGGER store_usage_delete AFTER DELETE ON deliveries BEGIN
        UPDATE store_usage SET deliveries = deliveries - 1, body_bytes = body_bytes - OLD.size,
            pinned = pinned - OLD.pinned, pinned_body_bytes = pinned_body_bytes - OLD.pinned * OLD.size
        WHERE id = 1;
    END;
    CREATE TRIGGER store_usage_update AFTER UPDATE OF size, pinned ON deliveries BEGIN
        UPDATE store_usage SET body_bytes = body_bytes - OLD.size + NEW.size,
            pinned = pinned - OLD.pinned + NEW.pinned,
            pinned_body_bytes = pinned_body_bytes - OLD.pinned * OLD.size + NEW.pinned * NEW.size
        WHERE id = 1;
    END;",
    // 7: search. The JSON body's `type` (filled here for the stored rows as the
    // writer fills it for new ones: a top-level string, in bodies up to 1 MiB); the
    // full-text index (see `search_index`) and the queue of deliveries it has yet to
    // take in, which starts as every stored one; and triggers keeping both in step.
    "ALTER TABLE deliveries ADD COLUMN event_type TEXT;
    UPDATE deliveries SET event_type = (
        SELECT json_extract(CAST(p.body AS TEXT), '$.type') FROM payloads p
        WHERE p.seq = deliveries.seq AND length(p.body) <= 1048576 AND json_valid(CAST(p.body AS TEXT))
          AND json_type(CAST(p.body AS TEXT), '$.type') = 'text');
    CREATE INDEX deliveries_by_event_type ON deliveries(event_type, id) WHERE event_type IS NOT NULL;
    CREATE VIRTUAL TABLE search_index USING fts5(
        path, headers, body, content='', contentless_delete=1, detail=none, tokenize='trigram');
    CREATE TABLE search_pending (seq INTEGER PRIMARY KEY);
    INSERT INTO search_pending (seq) SELECT seq FROM deliveries;
    CREATE TRIGGER deliveries_queue_for_search AFTER INSERT ON deliveries BEGIN
        INSERT INTO search_pending (seq) VALUES (NEW.seq);
    END;
    CREATE TRIGGER deliveries_leave_search AFTER DELETE ON deliveries BEGIN
        DELETE FROM search_index WHERE rowid = OLD.seq;
        DELETE FROM search_pending WHERE seq = OLD.seq;
    END;",
    // 8: the insert triggers of 6 and 7 go: a trigger makes every insert a statement
    // writing several tables, which SQLite journals on its own (a statement journal)
    // in case it fails halfway. The one place that inserts deliveries
    // (`writer::Inserter`) now queues each for search and adds the batch to the
    // usage totals itself.
    "DROP TRIGGER store_usage_insert;
    DROP TRIGGER deliveries_queue_for_search;",
];

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

/// Brings the database to [`LATEST`]; a database already there is left as is.
pub fn migrate(conn: &mut Connection) -> Result<u32, StoreError> {
    let found: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > LATEST {
        return Err(StoreError::SchemaTooNew { found, known: LATEST });
    }
    if found < LATEST {
        // A migration's bulk statements journal every page they change, a whole table
        // at worst: in a file, not in the writer's memory (see `WriterFile::open`).
        let temp_store: i64 = conn.pragma_query_value(None, "temp_store", |row| row.get(0))?;
        conn.pragma_update(None, "temp_store", "FILE")?;
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            apply(conn, index, sql)?;
        }
        conn.pragma_update(None, "temp_store", temp_store)?;
    }
    Ok(found)
}

/// Applies migration `index` (moving to version `index + 1`) in one transaction.
fn apply(conn: &mut Connection, index: usize, sql: &str) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    tx.execute_batch(sql)?;
    tx.pragma_update(None, "user_version", index as i64 + 1)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
pub(crate) fn migrate_to(conn: &mut Connection, version: u32) -> Result<(), StoreError> {
    let found: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().take(version as usize).skip(found as usize) {
        apply(conn, index, sql)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(conn: &Connection) -> u32 {
        conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
    }

    #[test]
    fn applies_on_an_empty_database_and_validates() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("a.sqlite")).unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), 0);
        assert_eq!(version(&conn), LATEST);
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok");
        let fk: Vec<String> = conn
            .prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(fk.is_empty());
    }

    #[test]
    fn is_a_no_op_on_a_current_database_and_keeps_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn).unwrap();
        conn.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')", []).unwrap();
        drop(conn);
        let mut conn = Connection::open(&path).unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), LATEST);
        let v: String = conn.query_row("SELECT value FROM settings WHERE key='k'", [], |r| r.get(0)).unwrap();
        assert_eq!(v, "v");
    }

    #[test]
    fn upgrades_every_older_version_to_latest() {
        for start in 0..LATEST {
            let dir = tempfile::tempdir().unwrap();
            let mut conn = Connection::open(dir.path().join("a.sqlite")).unwrap();
            migrate_to(&mut conn, start).unwrap();
            assert_eq!(migrate(&mut conn).unwrap(), start);
            assert_eq!(version(&conn), LATEST);
        }
    }

    #[test]
    fn usage_totals_count_rows_stored_before_the_upgrade_and_follow_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("a.sqlite")).unwrap();
        migrate_to(&mut conn, 5).unwrap();
        // From 8 on, inserts are counted by the writer (see its tests), not by a trigger.
        let insert =
            "INSERT INTO deliveries (id, received_at, method, path, size, status) VALUES (?1, 0, 'POST', '/', ?2, 200)";
        conn.execute(insert, ("A", 10)).unwrap();
        conn.execute(insert, ("B", 32)).unwrap();
        conn.execute("UPDATE deliveries SET pinned = 1 WHERE id = 'B'", []).unwrap();
        migrate_to(&mut conn, 7).unwrap();
        let totals = |conn: &Connection| -> [i64; 4] {
            let sql = "SELECT deliveries, body_bytes, pinned, pinned_body_bytes FROM store_usage";
            conn.query_row(sql, [], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?])).unwrap()
        };
        assert_eq!(totals(&conn), [2, 42, 1, 32]);
        conn.execute(insert, ("C", 100)).unwrap();
        assert_eq!(totals(&conn), [3, 142, 1, 32]);
        conn.execute("UPDATE deliveries SET pinned = 1 WHERE id = 'C'", []).unwrap();
        conn.execute("UPDATE deliveries SET pinned = 0 WHERE id = 'B'", []).unwrap();
        assert_eq!(totals(&conn), [3, 142, 1, 100]);
        conn.execute("DELETE FROM deliveries WHERE id = 'A'", []).unwrap();
        conn.execute("UPDATE deliveries SET size = 2 WHERE id = 'B'", []).unwrap();
        conn.execute("UPDATE deliveries SET size = 50 WHERE id = 'C'", []).unwrap();
        assert_eq!(totals(&conn), [2, 52, 1, 50]);
        conn.execute("DELETE FROM deliveries WHERE id = 'C'", []).unwrap();
        assert_eq!(totals(&conn), [1, 2, 0, 0]);
        migrate(&mut conn).unwrap();
        conn.execute("DELETE FROM deliveries WHERE id = 'B'", []).unwrap();
        assert_eq!(totals(&conn), [0, 0, 0, 0], "deletes are still counted by a trigger");
    }

    #[test]
    fn refuses_a_database_from_a_newer_build() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("a.sqlite")).unwrap();
        conn.pragma_update(None, "user_version", LATEST + 1).unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(matches!(err, StoreError::SchemaTooNew { .. }), "{err}");
    }
}
