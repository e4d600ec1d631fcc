//! Figure 3: the store holding N deliveries (100,000 by default). Timeline and
//! event pages and searches through the Inspector beside plain SQL on the same
//! file, and a full re-verification after the secret changes.

use std::future::Future;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use hookscope_core::signing::SigningConfig;
use hookscope_core::store::TimelineFilter;
use hookscope_core::verify::VerifySettings;
use hookscope_core::StoreError;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, Params};
use serde::Serialize;

use crate::harness::Harness;
use crate::latency::LatencySummary;
use crate::load::{LoadReport, Plan};
use crate::payload::{secret, ROTATED_SECRET};
use crate::servers::Hookscope;

const PAGE: u32 = 100;

/// The columns a timeline row shows, read raw: what any page must fetch at least.
const PLAIN_NEWEST: &str = "SELECT id, received_at, remote_addr, method, path, size, status, message_id, \
     dedup_key, attempt, verification FROM deliveries ORDER BY rowid DESC LIMIT 100";
const PLAIN_DEEP: &str = "SELECT id, received_at, remote_addr, method, path, size, status, message_id, \
     dedup_key, attempt, verification FROM deliveries WHERE rowid < ?1 ORDER BY rowid DESC LIMIT 100";
/// Grouping by dedup key without anything else: the least an events page must do.
const PLAIN_GROUPS: &str = "SELECT dedup_key, max(rowid) AS latest, count(*) FROM deliveries \
     GROUP BY dedup_key ORDER BY latest DESC LIMIT 100";
/// Search without an index: every body scanned for the text, newest first.
const PLAIN_SEARCH: &str = "SELECT d.id FROM deliveries d JOIN payloads p ON p.seq = d.seq \
     WHERE instr(CAST(p.body AS TEXT), ?1) > 0 ORDER BY d.seq DESC LIMIT 100";
/// A word in every delivery's body: a search whose first page is full at once.
const COMMON_WORD: &str = "verification.completed";
/// How long the index may take to catch up with the fill before the phase fails.
const INDEX_PATIENCE: Duration = Duration::from_secs(600);

#[derive(Debug, Serialize)]
pub struct StoreScale {
    /// The fill, posted through the listener (closed loop).
    pub fill: LoadReport,
    pub stored: u64,
    pub repeats: usize,
    pub page_newest: LatencySummary,
    pub page_newest_plain: LatencySummary,
    pub page_deep: LatencySummary,
    pub page_deep_plain: LatencySummary,
    pub groups: LatencySummary,
    pub groups_plain: LatencySummary,
    /// Seconds from the end of the fill until every delivery was in the search index.
    pub index_lag_s: f64,
    /// Searching one delivery's `verification_id` (one match).
    pub search_rare: LatencySummary,
    /// The same text found by scanning every body (no index).
    pub search_rare_plain: LatencySummary,
    /// Searching a word every delivery holds: the first page of 100.
    pub search_common: LatencySummary,
    /// The search index's pages on disk, and the bodies it covers.
    pub index_bytes: u64,
    pub body_bytes: u64,
    pub reverify_s: f64,
    pub reverify_per_second: f64,
    /// Deliveries whose verdict is `mismatch` after re-verification: all of them, if it did its work.
    pub reverified_to_mismatch: u64,
}

pub fn run(h: &Harness) -> anyhow::Result<StoreScale> {
    let mut hookscope = Hookscope::start(&h.servers, &h.temp_root)?;
    let fill = h.drive(hookscope.addr()?, Plan::Count { total: h.settings.deliveries }, 0x3001)?;
    // Reads are timed on an idle store: nothing is capturing any more.
    hookscope.listener = None;
    let inspector = &hookscope.inspector;
    let stored = h.servers.block_on(inspector.store().count())?;
    anyhow::ensure!(stored > u64::from(PAGE), "only {stored} deliveries were stored; too few to page through");

    let plain = open_plain(&hookscope.db_path())?;
    // The middle of the timeline: as deep as keyset paging ever needs to reach, on average.
    let (deep_id, deep_rowid): (String, i64) = plain.query_row(
        "SELECT id, rowid FROM deliveries ORDER BY rowid LIMIT 1 OFFSET ?1",
        [i64::try_from(stored / 2)?],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let repeats = h.settings.read_repeats;
    let filter = TimelineFilter::default;

    let (page_newest, page) = h.servers.block_on(timed(repeats, || inspector.page(None, PAGE, filter())))?;
    anyhow::ensure!(page.items.len() == PAGE as usize, "the newest page had {} rows", page.items.len());
    let (page_deep, page) =
        h.servers.block_on(timed(repeats, || inspector.page(Some(deep_id.clone()), PAGE, filter())))?;
    anyhow::ensure!(page.items.len() == PAGE as usize, "the deep page had {} rows", page.items.len());
    let (groups, page) = h.servers.block_on(timed(repeats, || inspector.groups(None, PAGE, filter())))?;
    anyhow::ensure!(page.items.len() == PAGE as usize, "the groups page had {} rows", page.items.len());

    // Searches are timed once the writer has indexed the fill (it does so when idle).
    let index_lag = wait_for_index(&plain)?;
    let rare: String = plain.query_row(
        "SELECT json_extract(CAST(p.body AS TEXT), '$.verification_id') FROM deliveries d
         JOIN payloads p ON p.seq = d.seq WHERE d.id = ?1",
        [&deep_id],
        |row| row.get(0),
    )?;
    let searching = |text: &str| TimelineFilter { search: text.to_owned(), ..TimelineFilter::default() };
    let (search_rare, page) = h.servers.block_on(timed(repeats, || inspector.page(None, PAGE, searching(&rare))))?;
    anyhow::ensure!(page.items.len() == 1, "searching {rare} found {} deliveries, not 1", page.items.len());
    let (search_common, page) =
        h.servers.block_on(timed(repeats, || inspector.page(None, PAGE, searching(COMMON_WORD))))?;
    anyhow::ensure!(page.items.len() == PAGE as usize, "the common search's page had {} rows", page.items.len());
    let search_rare_plain = timed_plain(&plain, repeats, PLAIN_SEARCH, [rare.as_str()])?;
    let index_bytes: i64 =
        plain.query_row("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_index%'", [], |row| row.get(0))?;
    let body_bytes: i64 = plain.query_row("SELECT sum(size) FROM deliveries", [], |row| row.get(0))?;

    let page_newest_plain = timed_plain(&plain, repeats, PLAIN_NEWEST, [])?;
    let page_deep_plain = timed_plain(&plain, repeats, PLAIN_DEEP, [deep_rowid])?;
    let groups_plain = timed_plain(&plain, repeats, PLAIN_GROUPS, [])?;

    // Replacing the only secret turns every verdict into a mismatch, the slowest
    // verdict to reach (the mistake diagnosis runs for each delivery).
    let rotated = SigningConfig { secrets: vec![secret(ROTATED_SECRET)?], settings: VerifySettings::default() };
    let started = Instant::now();
    h.servers
        .block_on(async { inspector.set_signing(rotated).await })
        .context("re-verification panicked")?
        .context("re-verification failed")?;
    let reverify = started.elapsed();
    let reverified_to_mismatch: i64 =
        plain.query_row("SELECT count(*) FROM deliveries WHERE verification_status = 'mismatch'", [], |row| {
            row.get(0)
        })?;

    Ok(StoreScale {
        fill,
        stored,
        repeats,
        page_newest,
        page_newest_plain,
        page_deep,
        page_deep_plain,
        groups,
        groups_plain,
        index_lag_s: index_lag.as_secs_f64(),
        search_rare,
        search_rare_plain,
        search_common,
        index_bytes: u64::try_from(index_bytes)?,
        body_bytes: u64::try_from(body_bytes)?,
        reverify_s: reverify.as_secs_f64(),
        reverify_per_second: stored as f64 / reverify.as_secs_f64().max(f64::MIN_POSITIVE),
        reverified_to_mismatch: u64::try_from(reverified_to_mismatch)?,
    })
}

/// Waits until no delivery waits to be indexed; returns how long that took.
fn wait_for_index(plain: &Connection) -> anyhow::Result<Duration> {
    let started = Instant::now();
    loop {
        let waiting: i64 = plain.query_row("SELECT count(*) FROM search_pending", [], |row| row.get(0))?;
        if waiting == 0 {
            return Ok(started.elapsed());
        }
        anyhow::ensure!(
            started.elapsed() < INDEX_PATIENCE,
            "{waiting} deliveries still unindexed after {INDEX_PATIENCE:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A connection of our own on the store's file, as any SQLite client would open it.
fn open_plain(path: &Path) -> anyhow::Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .with_context(|| format!("cannot open {}", path.display()))?;
    conn.execute_batch("PRAGMA query_only = ON;")?;
    Ok(conn)
}

/// Times `repeats` calls after one untimed call (which opens the read connection
/// and prepares the statement, as the first page of a session would).
async fn timed<T, F, Fut>(repeats: usize, mut call: F) -> anyhow::Result<(LatencySummary, T)>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, StoreError>>,
{
    let mut last = call().await?;
    let mut took = Vec::with_capacity(repeats);
    for _ in 0..repeats {
        let started = Instant::now();
        last = call().await?;
        took.push(started.elapsed());
    }
    Ok((LatencySummary::from_durations(&took), last))
}

/// As [`timed`], for a plain query whose every column is read into memory.
fn timed_plain<P: Params + Copy>(
    conn: &Connection,
    repeats: usize,
    sql: &str,
    params: P,
) -> anyhow::Result<LatencySummary> {
    let mut took: Vec<Duration> = Vec::with_capacity(repeats);
    for round in 0..=repeats {
        let started = Instant::now();
        let mut stmt = conn.prepare_cached(sql)?;
        let columns = stmt.column_count();
        let rows = stmt
            .query_map(params, |row| (0..columns).map(|i| row.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>())?
            .collect::<Result<Vec<_>, _>>()?;
        std::hint::black_box(rows);
        if round > 0 {
            took.push(started.elapsed());
        }
    }
    Ok(LatencySummary::from_durations(&took))
}
