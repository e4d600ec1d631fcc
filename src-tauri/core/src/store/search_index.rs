//! Keeping the search index up to date, on the writer thread.
//!
//! Indexing a delivery costs far more than storing it, so it stays off the path
//! that answers senders: every new delivery's `seq` is queued in `search_pending`
//! as it is inserted (`writer::Inserter`, for capture and import), and the writer indexes
//! the queue in small steps whenever it has nothing else to do. Searches read the
//! queued deliveries directly, so they never miss one; the index only makes them
//! fast. A trigger takes a deleted delivery out of the index and the queue.
//!
//! The index (`search_index`) is an FTS5 table with the trigram tokenizer over
//! each delivery's path, headers and the first 256 KiB of its body. It keeps no
//! copy of the text and no positions (`content=''`, `detail=none`): it says which
//! deliveries hold all the trigrams of a term, and the store confirms the term on
//! the delivery itself. That keeps it about a third of the size of the bodies.

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;
use crate::search::{body_text, headers_text, INDEXED_BODY_BYTES};

/// Deliveries indexed per step, at most, once the writer has been idle a while.
/// A step holds the writer: small steps keep a delivery arriving meanwhile from
/// waiting long.
pub(super) const QUIET_STEP: u32 = 16;
/// Deliveries indexed per step while deliveries keep coming (a step now and then,
/// short enough not to show in the senders' answer times).
pub(super) const BUSY_STEP: u32 = 4;
/// Text indexed per step, at most (a step indexes at least one delivery).
const STEP_BYTES: usize = 64 * 1024;

/// What one step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Step {
    /// Deliveries taken off the queue (indexed, or gone since they were queued).
    pub indexed: u32,
    /// More deliveries wait to be indexed.
    pub more: bool,
}

/// Indexes the oldest waiting deliveries, at most `rows` of them, in one transaction.
pub(super) fn step(conn: &mut Connection, rows: u32) -> Result<Step, StoreError> {
    // Most of the time nothing waits: find that out without taking the write lock.
    if !waiting(conn)? {
        return Ok(Step { indexed: 0, more: false });
    }
    // IMMEDIATE: another program's writer (the CLI beside the app) cannot slip a
    // commit in between this step's reads and writes.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut indexed = 0;
    {
        let mut waiting = tx.prepare_cached(&format!(
            "SELECT q.seq, d.path, p.headers, substr(p.body, 1, {INDEXED_BODY_BYTES}) FROM search_pending q
             LEFT JOIN deliveries d ON d.seq = q.seq LEFT JOIN payloads p ON p.seq = q.seq ORDER BY q.seq LIMIT ?1"
        ))?;
        let mut add =
            tx.prepare_cached("INSERT INTO search_index (rowid, path, headers, body) VALUES (?1, ?2, ?3, ?4)")?;
        let mut done = tx.prepare_cached("DELETE FROM search_pending WHERE seq = ?1")?;
        let mut rows = waiting.query([rows])?;
        let mut bytes = 0;
        while let Some(row) = rows.next()? {
            let seq: i64 = row.get(0)?;
            done.execute([seq])?;
            indexed += 1;
            // A queued delivery without its row or payload has nothing to index.
            let (Some(path), Some(headers), Some(body)) = (
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<Vec<u8>>>(2)?,
                row.get::<_, Option<Vec<u8>>>(3)?,
            ) else {
                continue;
            };
            add.execute((seq, &path, headers_text(&headers), body_text(&body)))?;
            bytes += path.len() + headers.len() + body.len();
            if bytes >= STEP_BYTES {
                break;
            }
        }
    }
    let more = waiting(&tx)?;
    tx.commit()?;
    Ok(Step { indexed, more })
}

/// Whether any delivery waits to be indexed.
fn waiting(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM search_pending)")?.query_row([], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use crate::events::EventBus;
    use crate::id::IdMinter;
    use crate::store::{migrations, Store, TimelineFilter};

    /// A store as version 5 left it: two deliveries, one a Self event.
    fn version_5_store(path: &std::path::Path) {
        let mut conn = Connection::open(path).unwrap();
        migrations::migrate_to(&mut conn, 5).unwrap();
        let bodies: [(&str, &[u8]); 2] = [
            ("/webhooks/self", br#"{"type":"verification.completed","verification_id":"ver_0042"}"#),
            ("/legacy", b"\xfe\xffold-binary-MARKER"),
        ];
        for (seq, (path, body)) in bodies.iter().enumerate() {
            conn.execute(
                "INSERT INTO deliveries (seq, id, received_at, method, path, size, status, dedup_key)
                 VALUES (?1, ?2, 1000, 'POST', ?3, ?4, 200, ?2)",
                (seq as i64 + 1, format!("01OLD{seq:021}"), path, body.len() as i64),
            )
            .unwrap();
            conn.execute(
                "INSERT INTO payloads (seq, headers, body) VALUES (?1, CAST('x-old: kept-header' AS BLOB), ?2)",
                (seq as i64 + 1, body),
            )
            .unwrap();
        }
    }

    async fn paths(store: &Store, search: &str) -> Vec<String> {
        let filter = TimelineFilter { search: search.into(), ..Default::default() };
        store.page(None, 10, filter).await.unwrap().items.into_iter().map(|s| s.path).collect()
    }

    #[tokio::test]
    async fn an_upgraded_store_is_searchable_and_indexed_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        version_5_store(&path);
        let store = Store::open_with_ids(&path, EventBus::new(), IdMinter::seeded(1)).unwrap();

        // Searchable at once, indexed or not yet.
        assert_eq!(paths(&store, "ver_0042").await, ["/webhooks/self"]);
        assert_eq!(paths(&store, "binary-marker").await, ["/legacy"]);
        assert_eq!(paths(&store, "kept-header").await, ["/legacy", "/webhooks/self"]);
        // The event type was read from the stored body.
        let typed = TimelineFilter { event_types: vec!["verification.completed".into()], ..Default::default() };
        let page = store.page(None, 10, typed).await.unwrap();
        assert_eq!(page.items.iter().map(|s| s.path.as_str()).collect::<Vec<_>>(), ["/webhooks/self"]);

        // The writer indexes them when idle; then the index finds them.
        let conn = Connection::open(&path).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while conn.query_row("SELECT count(*) FROM search_pending", [], |r| r.get::<_, i64>(0)).unwrap() > 0 {
            assert!(std::time::Instant::now() < deadline, "the old deliveries were never indexed");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let candidates: i64 = conn
            .query_row("SELECT count(*) FROM search_index WHERE search_index MATCH '\"ver\" AND \"042\"'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(candidates, 1);
        assert_eq!(paths(&store, "ver_0042").await, ["/webhooks/self"]);
        assert_eq!(paths(&store, "binary-marker").await, ["/legacy"]);
    }
}
