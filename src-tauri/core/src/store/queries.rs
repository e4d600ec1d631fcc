//! Read queries. Each takes a connection, so they run on any read connection.

use bytes::Bytes;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};
use serde::Serialize;
use ts_rs::TS;

use super::StoreError;
use crate::delivery::{decode_headers, Answer, Captured, Delivery, DeliverySummary, Rejection};
use crate::group::{compare_gap, Classification, GapVerdict, Relation};
use crate::outcome::OutcomeKind;
use crate::verify::Verification;

/// One page of the timeline, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Page {
    pub items: Vec<DeliverySummary>,
    /// Pass as `before` to fetch the next (older) page; `null` at the end.
    pub next_before: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOrder {
    OldestFirst,
    NewestFirst,
}

/// A delivery's row in `deliveries` joined with its payload, in the order [`delivery`] reads it.
pub(super) const DELIVERY_COLUMNS: &str = "d.id, d.received_at, d.remote_addr, d.method, d.path, d.declared_size, \
     d.rejection, d.status, d.message_id, d.dedup_key, d.attempt, d.duplicate_of, d.relation, d.verification, \
     d.answer_delay_ms, d.answer_scripted, d.answer_held, p.headers, p.body, d.imported_from, d.pinned";

/// The same columns with an empty body, for lists that need no payload.
pub(super) const SUMMARY_COLUMNS: &str = "d.id, d.received_at, d.remote_addr, d.method, d.path, d.declared_size, \
     d.rejection, d.status, d.message_id, d.dedup_key, d.attempt, d.duplicate_of, d.relation, d.verification, \
     d.answer_delay_ms, d.answer_scripted, d.answer_held, NULL, NULL, d.imported_from, d.pinned";

fn decode_json<T: serde::de::DeserializeOwned>(index: usize, text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e)))
}

/// Reads a row of [`DELIVERY_COLUMNS`] (or [`SUMMARY_COLUMNS`], whose size is then taken from `size`).
pub(super) fn delivery(row: &Row<'_>) -> rusqlite::Result<Delivery> {
    let rejection: Option<String> = row.get(6)?;
    let relation: String = row.get(12)?;
    let verification: Option<String> = row.get(13)?;
    let headers: Option<Vec<u8>> = row.get(17)?;
    let body: Option<Vec<u8>> = row.get(18)?;
    Ok(Delivery {
        id: row.get(0)?,
        captured: Captured {
            received_at_ms: row.get(1)?,
            remote_addr: row.get(2)?,
            method: row.get(3)?,
            path: row.get(4)?,
            declared_size: row.get::<_, Option<i64>>(5)?.map(|s| s as u64),
            rejection: rejection.as_deref().and_then(Rejection::from_code),
            message_id: row.get(8)?,
            dedup_key: row.get::<_, Option<String>>(9)?.unwrap_or_default(),
            verification: verification.map(|v| decode_json::<Verification>(13, &v)).transpose()?,
            headers: headers.as_deref().map(decode_headers).unwrap_or_default(),
            body: body.map(Bytes::from).unwrap_or_default(),
        },
        answer: Answer {
            status: row.get(7)?,
            delay_ms: row.get::<_, i64>(14)? as u64,
            scripted: row.get(15)?,
            held: row.get(16)?,
        },
        grouping: Classification {
            attempt: row.get(10)?,
            duplicate_of: row.get(11)?,
            relation: decode_json::<Relation>(12, &relation)?,
        },
        imported_from: row.get(19)?,
        pinned: row.get(20)?,
    })
}

pub(super) fn summary(row: &Row<'_>) -> rusqlite::Result<DeliverySummary> {
    let size: i64 = row.get(21)?;
    let mut summary = delivery(row)?.summary();
    summary.size = size as u64;
    Ok(summary)
}

pub use super::filter::TimelineFilter;

pub(super) use super::filtered::page;

/// One event: every delivery sharing a dedup key (retries, duplicates, replays).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GroupSummary {
    pub dedup_key: String,
    /// The first delivery of the event.
    pub first_id: String,
    /// The latest delivery of the event.
    pub latest: DeliverySummary,
    /// How many deliveries the event had.
    pub deliveries: u32,
    /// How many distinct sender messages carried it (more than one: duplicate events).
    pub messages: u32,
    /// The highest attempt number seen.
    pub max_attempt: u32,
}

/// A page of events, newest (by latest delivery) first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GroupPage {
    pub items: Vec<GroupSummary>,
    /// Pass as `before` for the next page; `null` at the end.
    pub next_before: Option<String>,
}

pub(super) fn groups(
    conn: &Connection,
    before: Option<&str>,
    limit: u32,
    filter: &TimelineFilter,
) -> Result<GroupPage, StoreError> {
    let limit = limit.clamp(1, 1000);
    let (condition, values) = filter.page_sql("d.id", before, limit);
    // Walks deliveries newest first and keeps each event's latest one, so a page
    // reads about as many rows as it lists; the event's totals come from the
    // dedup-key index. (Grouping the whole store first took most of a second at
    // 100,000.) `IS` rather than `=`: rows without a key form one event, as GROUP BY
    // made them.
    let of_event = |what: &str| format!("(SELECT {what} FROM deliveries x WHERE x.dedup_key IS d.dedup_key)");
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, d.size, d.dedup_key, {}, {}, {}, {}
         FROM deliveries d
         WHERE {condition}
           AND NOT EXISTS (SELECT 1 FROM deliveries n WHERE n.dedup_key IS d.dedup_key AND n.id > d.id)
         ORDER BY d.id DESC LIMIT ?1",
        of_event("min(x.id)"),
        of_event("count(*)"),
        of_event("count(DISTINCT x.message_id)"),
        of_event("max(x.attempt)"),
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut items = stmt
        .query_map(params_from_iter(values), |row| {
            Ok(GroupSummary {
                latest: summary(row)?,
                dedup_key: row.get::<_, Option<String>>(22)?.unwrap_or_default(),
                first_id: row.get(23)?,
                deliveries: row.get(24)?,
                messages: row.get::<_, u32>(25)?.max(1),
                max_attempt: row.get(26)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let more = items.len() > limit as usize;
    items.truncate(limit as usize);
    let next_before = if more { items.last().map(|g| g.latest.id.clone()) } else { None };
    Ok(GroupPage { items, next_before })
}

/// One delivery of an event, with the wait since the message's previous attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChainEntry {
    pub delivery: DeliverySummary,
    /// Milliseconds since the previous attempt of the same message.
    #[ts(type = "number | null")]
    pub gap_ms: Option<i64>,
    /// That wait next to the sender's schedule.
    pub gap: Option<GapVerdict>,
}

/// Every delivery of one event, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GroupChain {
    pub dedup_key: String,
    pub entries: Vec<ChainEntry>,
    /// When the sender's next attempt is due, while the event is still failing.
    #[ts(type = "number | null")]
    pub next_attempt_at_ms: Option<i64>,
    /// The developer's service answered 2xx to more than one replay or forward of this event.
    pub processed_twice: bool,
}

pub(super) fn chain(conn: &Connection, dedup_key: &str) -> Result<GroupChain, StoreError> {
    let sql = format!("SELECT {SUMMARY_COLUMNS}, d.size FROM deliveries d WHERE d.dedup_key = ?1 ORDER BY d.id");
    let rows =
        conn.prepare_cached(&sql)?.query_map([dedup_key], delivery_and_summary)?.collect::<Result<Vec<_>, _>>()?;
    let mut entries: Vec<ChainEntry> = Vec::with_capacity(rows.len());
    let mut last_seen: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    for (delivery, summary) in &rows {
        let previous = delivery.captured.message_id.as_ref().and_then(|m| last_seen.get(m)).copied();
        let gap_ms = match delivery.grouping.relation {
            Relation::Retry { .. } => previous.map(|p| delivery.captured.received_at_ms - p),
            _ => None,
        };
        let gap = gap_ms.and_then(|g| compare_gap(delivery.grouping.attempt, g));
        if let Some(message) = &delivery.captured.message_id {
            last_seen.insert(message.clone(), delivery.captured.received_at_ms);
        }
        entries.push(ChainEntry { delivery: summary.clone(), gap_ms, gap });
    }
    let next_attempt_at_ms = rows.last().and_then(|(d, _)| {
        let outcome = d.answer.sender_outcome(d.grouping.attempt, d.captured.received_at_ms);
        (outcome.kind == OutcomeKind::WillRetry).then_some(outcome.next_attempt_at_ms).flatten()
    });
    let processed_twice = crate::replays::local_successes(conn, dedup_key)? > 1;
    Ok(GroupChain { dedup_key: dedup_key.to_owned(), entries, next_attempt_at_ms, processed_twice })
}

fn delivery_and_summary(row: &Row<'_>) -> rusqlite::Result<(Delivery, DeliverySummary)> {
    Ok((delivery(row)?, summary(row)?))
}

/// What re-verification needs of a delivery.
pub(crate) struct SignedInput {
    pub id: String,
    pub received_at_ms: i64,
    pub path: String,
    pub headers: crate::delivery::Headers,
    pub body: Bytes,
}

/// The next `limit` captured (not refused) deliveries after `after`, oldest first:
/// the imported ones when `imported`, else those captured here.
pub(super) fn signed_inputs(
    conn: &Connection,
    after: Option<&str>,
    limit: u32,
    imported: bool,
) -> Result<Vec<SignedInput>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.received_at, d.path, p.headers, p.body FROM deliveries d JOIN payloads p ON p.seq = d.seq
         WHERE d.rejection IS NULL AND (d.imported_from IS NOT NULL) = ?3 AND (?1 IS NULL OR d.id > ?1)
         ORDER BY d.id LIMIT ?2",
    )?;
    let rows = stmt.query_map((after, limit, imported), |row| {
        let headers: Vec<u8> = row.get(3)?;
        let body: Vec<u8> = row.get(4)?;
        Ok(SignedInput {
            id: row.get(0)?,
            received_at_ms: row.get(1)?,
            path: row.get(2)?,
            headers: decode_headers(&headers),
            body: Bytes::from(body),
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub(super) fn count_signed(conn: &Connection, imported: bool) -> Result<u64, StoreError> {
    let sql = "SELECT count(*) FROM deliveries WHERE rejection IS NULL AND (imported_from IS NOT NULL) = ?1";
    Ok(conn.query_row(sql, [imported], |r| r.get::<_, i64>(0))? as u64)
}

pub(super) fn paged(mut items: Vec<DeliverySummary>, limit: usize) -> Page {
    let more = items.len() > limit;
    items.truncate(limit);
    let next_before = if more { items.last().map(|s| s.id.clone()) } else { None };
    Page { items, next_before }
}

pub(super) fn get(conn: &Connection, id: &str) -> Result<Option<Delivery>, StoreError> {
    let sql = format!("SELECT {DELIVERY_COLUMNS} FROM deliveries d JOIN payloads p ON p.seq = d.seq WHERE d.id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], delivery).optional()?)
}

pub(super) fn for_each<E: From<StoreError>>(
    conn: &Connection,
    order: ListOrder,
    mut each: impl FnMut(Delivery) -> Result<(), E>,
) -> Result<(), E> {
    let direction = match order {
        ListOrder::OldestFirst => "ASC",
        ListOrder::NewestFirst => "DESC",
    };
    let sql = format!(
        "SELECT {DELIVERY_COLUMNS} FROM deliveries d JOIN payloads p ON p.seq = d.seq ORDER BY d.id {direction}"
    );
    let mut stmt = conn.prepare(&sql).map_err(StoreError::from)?;
    let mut rows = stmt.query([]).map_err(StoreError::from)?;
    while let Some(row) = rows.next().map_err(StoreError::from)? {
        each(delivery(row).map_err(StoreError::from)?)?;
    }
    Ok(())
}

pub(super) fn count(conn: &Connection) -> Result<u64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM deliveries", [], |r| r.get::<_, i64>(0))? as u64)
}

pub(super) fn setting(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?)
}
