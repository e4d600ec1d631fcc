//! Reads under a [`TimelineFilter`]: timeline pages, how many new deliveries
//! match, every matching delivery for `hookscope list`, and the event types seen.
//!
//! A page of search results is read in arrival order (`seq`) with the index
//! driving: FTS5 hands out candidates newest first and stops once the page is
//! full, so a word found in every delivery costs no more than a rare one. The
//! deliveries not indexed yet (the last few milliseconds', or older ones while
//! a store upgraded from an earlier version is being indexed) are read beside
//! them and checked on their text, so a search never misses anything.

use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};

use super::filter::{text_sql, Bindings, TimelineFilter};
use super::queries::{delivery, paged, summary, ListOrder, Page, DELIVERY_COLUMNS, SUMMARY_COLUMNS};
use super::StoreError;
use crate::delivery::{Delivery, DeliverySummary};
use crate::search::SearchQuery;

/// The most new deliveries counted: beyond that the count says "at least".
pub const COUNT_CAP: u32 = 1000;

/// A page of the timeline, newest first, strictly older than `before`.
pub(super) fn page(
    conn: &Connection,
    before: Option<&str>,
    limit: u32,
    filter: &TimelineFilter,
) -> Result<Page, StoreError> {
    let limit = limit.clamp(1, 1000);
    let query = filter.search_query();
    if !query.is_empty() {
        return search_page(conn, &query, filter, before, limit);
    }
    // Keyset pagination on the id (which sorts by arrival): each page costs the
    // same however deep the user has scrolled.
    let (condition, values) = filter.page_sql("d.id", before, limit);
    let sql =
        format!("SELECT {SUMMARY_COLUMNS}, d.size FROM deliveries d WHERE {condition} ORDER BY d.id DESC LIMIT ?1");
    let items = conn.prepare_cached(&sql)?.query_map(params_from_iter(values), summary)?.collect::<Result<_, _>>()?;
    Ok(paged(items, limit as usize))
}

/// Which half of the store a search reads: what the index has, or what it does not have yet.
#[derive(Clone, Copy)]
enum Half {
    Indexed,
    Pending,
}

fn search_page(
    conn: &Connection,
    query: &SearchQuery,
    filter: &TimelineFilter,
    before: Option<&str>,
    limit: u32,
) -> Result<Page, StoreError> {
    // One snapshot for both halves: a delivery indexed between the two reads
    // would otherwise be in neither.
    let snapshot = conn.unchecked_transaction()?;
    let below = match before {
        Some(id) => match seq_below(&snapshot, id)? {
            Some(seq) => Some(seq),
            None => return Ok(Page { items: Vec::new(), next_before: None }),
        },
        None => None,
    };
    let mut rows = half(&snapshot, Half::Indexed, query, filter, below, limit + 1)?;
    rows.extend(half(&snapshot, Half::Pending, query, filter, below, limit + 1)?);
    rows.sort_by_key(|(seq, _)| std::cmp::Reverse(*seq));
    rows.dedup_by_key(|(seq, _)| *seq);
    Ok(paged(rows.into_iter().map(|(_, s)| s).collect(), limit as usize))
}

/// Up to `limit` matching summaries of one half, newest first, with their `seq`.
fn half(
    conn: &Connection,
    half: Half,
    query: &SearchQuery,
    filter: &TimelineFilter,
    below: Option<i64>,
    limit: u32,
) -> Result<Vec<(i64, DeliverySummary)>, StoreError> {
    let mut b = Bindings::default();
    // CROSS JOIN keeps this order: candidates first, newest first, so reading
    // stops as soon as the page is full.
    let (from, key, mut conditions) = match half {
        Half::Indexed => (
            "search_index CROSS JOIN deliveries d ON d.seq = search_index.rowid",
            "search_index.rowid",
            vec![format!("search_index MATCH {}", b.bind(query.index_expression()))],
        ),
        Half::Pending => ("search_pending q CROSS JOIN deliveries d ON d.seq = q.seq", "q.seq", Vec::new()),
    };
    if let Some(below) = below {
        conditions.push(format!("{key} < {}", b.bind(below)));
    }
    conditions.push(filter.row_sql(&mut b));
    conditions.push(text_sql(query, &mut b));
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, d.size, d.seq FROM {from} CROSS JOIN payloads p ON p.seq = d.seq
         WHERE {} ORDER BY {key} DESC LIMIT {}",
        conditions.join(" AND "),
        b.bind(i64::from(limit))
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(b.into_values()), |row| Ok((last_column(row)?, summary(row)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The `seq` a page older than delivery `id` starts below. A cursor deleted
/// since (retention) stands for the newer rows that remain: the page starts
/// below the oldest of them.
fn seq_below(conn: &Connection, id: &str) -> Result<Option<i64>, StoreError> {
    let sql =
        "SELECT coalesce((SELECT seq FROM deliveries WHERE id = ?1), (SELECT min(seq) FROM deliveries WHERE id > ?1))";
    Ok(conn.prepare_cached(sql)?.query_row([id], |r| r.get(0))?)
}

fn last_column(row: &Row<'_>) -> rusqlite::Result<i64> {
    row.get(row.as_ref().column_count() - 1)
}

/// How many deliveries stored from delivery `from` on (itself included) match
/// `filter`, up to [`COUNT_CAP`]. Checked on the rows themselves, index or not:
/// only the deliveries since `from` are read.
fn count_since(conn: &Connection, from: &str, filter: &TimelineFilter) -> Result<u32, StoreError> {
    let Some(start) = conn
        .prepare_cached("SELECT seq FROM deliveries WHERE id = ?1")?
        .query_row([from], |r| r.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(0);
    };
    let mut b = Bindings::default();
    let mut conditions = vec![format!("d.seq >= {}", b.bind(start)), filter.row_sql(&mut b)];
    let query = filter.search_query();
    let payloads = if query.is_empty() {
        ""
    } else {
        conditions.push(text_sql(&query, &mut b));
        "JOIN payloads p ON p.seq = d.seq"
    };
    let sql = format!(
        "SELECT count(*) FROM (SELECT 1 FROM deliveries d {payloads} WHERE {} LIMIT {COUNT_CAP})",
        conditions.join(" AND ")
    );
    Ok(conn.prepare_cached(&sql)?.query_row(params_from_iter(b.into_values()), |r| r.get(0))?)
}

/// Calls `each` with every delivery matching `filter`, in `order` of arrival (by id).
fn for_each<E: From<StoreError>>(
    conn: &Connection,
    filter: &TimelineFilter,
    order: ListOrder,
    mut each: impl FnMut(Delivery) -> Result<(), E>,
) -> Result<(), E> {
    let direction = match order {
        ListOrder::OldestFirst => "ASC",
        ListOrder::NewestFirst => "DESC",
    };
    let mut b = Bindings::default();
    let condition = filter.condition(&mut b);
    let sql = format!(
        "SELECT {DELIVERY_COLUMNS} FROM deliveries d JOIN payloads p ON p.seq = d.seq WHERE {condition}
         ORDER BY d.id {direction}"
    );
    let mut stmt = conn.prepare(&sql).map_err(StoreError::from)?;
    let mut rows = stmt.query(params_from_iter(b.into_values())).map_err(StoreError::from)?;
    while let Some(row) = rows.next().map_err(StoreError::from)? {
        each(delivery(row).map_err(StoreError::from)?)?;
    }
    Ok(())
}

/// The event types of stored deliveries, in alphabetical order (at most `limit`).
fn event_types(conn: &Connection, limit: u32) -> Result<Vec<String>, StoreError> {
    let sql = "SELECT DISTINCT event_type FROM deliveries WHERE event_type IS NOT NULL ORDER BY event_type LIMIT ?1";
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([limit], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl super::Store {
    /// How many deliveries stored from delivery `from` on (itself included) match
    /// `filter`, up to [`COUNT_CAP`]: the new arrivals a filtered timeline holds back.
    pub async fn count_since(&self, from: &str, filter: TimelineFilter) -> Result<u32, StoreError> {
        let from = from.to_owned();
        self.read(move |conn| count_since(conn, &from, &filter)).await
    }

    /// Calls `each` with every delivery matching `filter`, in `order`, one at a time.
    pub fn for_each_matching_blocking<E: From<StoreError>>(
        &self,
        filter: &TimelineFilter,
        order: ListOrder,
        each: impl FnMut(Delivery) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut outcome = Ok(());
        self.read_blocking(|conn| {
            outcome = for_each(conn, filter, order, each);
            Ok(())
        })?;
        outcome
    }

    /// The event types seen in stored deliveries, alphabetically (at most 200).
    pub async fn event_types(&self) -> Result<Vec<String>, StoreError> {
        self.read(|conn| event_types(conn, 200)).await
    }
}
