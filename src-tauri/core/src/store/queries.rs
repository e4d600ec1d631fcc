//! Read queries. Each takes a connection, so they run on any read connection.

use bytes::Bytes;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;
use ts_rs::TS;

use super::StoreError;
use crate::delivery::{decode_headers, Answer, Captured, Delivery, DeliverySummary, Rejection};
use crate::group::{Classification, Relation};
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
const DELIVERY_COLUMNS: &str = "d.id, d.received_at, d.remote_addr, d.method, d.path, d.declared_size, \
     d.rejection, d.status, d.message_id, d.dedup_key, d.attempt, d.duplicate_of, d.relation, d.verification, \
     d.answer_delay_ms, d.answer_scripted, d.answer_held, p.headers, p.body";

/// The same columns with an empty body, for lists that need no payload.
const SUMMARY_COLUMNS: &str = "d.id, d.received_at, d.remote_addr, d.method, d.path, d.declared_size, \
     d.rejection, d.status, d.message_id, d.dedup_key, d.attempt, d.duplicate_of, d.relation, d.verification, \
     d.answer_delay_ms, d.answer_scripted, d.answer_held, NULL, NULL";

fn decode_json<T: serde::de::DeserializeOwned>(index: usize, text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e)))
}

/// Reads a row of [`DELIVERY_COLUMNS`] (or [`SUMMARY_COLUMNS`], whose size is then taken from `size`).
fn delivery(row: &Row<'_>) -> rusqlite::Result<Delivery> {
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
    })
}

fn summary(row: &Row<'_>) -> rusqlite::Result<DeliverySummary> {
    let size: i64 = row.get(19)?;
    let mut summary = delivery(row)?.summary();
    summary.size = size as u64;
    Ok(summary)
}

pub(super) fn page(conn: &Connection, before: Option<&str>, limit: u32) -> Result<Page, StoreError> {
    let limit = limit.clamp(1, 1000);
    // Keyset pagination on the id (which sorts by arrival): each page costs the
    // same however deep the user has scrolled.
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, d.size FROM deliveries d WHERE ?1 IS NULL OR d.id < ?1 ORDER BY d.id DESC LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt.query_map((before, limit + 1), summary)?.collect::<Result<Vec<_>, _>>()?;
    Ok(paged(items, limit as usize))
}

fn paged(mut items: Vec<DeliverySummary>, limit: usize) -> Page {
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
