//! Replays as the store keeps them: what was sent where, how, and what came back.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::replay::{ReplayMode, ReplayOutcome};
use crate::store::StoreError;

/// One replay of a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReplayRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub delivery_id: String,
    #[ts(type = "number")]
    pub at_ms: i64,
    pub target: String,
    pub mode: ReplayMode,
    pub outcome: ReplayOutcome,
    /// Sent by forward mode as the delivery arrived, rather than by hand.
    #[serde(default)]
    pub forwarded: bool,
}

/// Where and how replays go, remembered in settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReplaySettings {
    /// The developer's handler, e.g. `http://localhost:3000/webhooks/self`. Only ever
    /// set by the developer, never taken from a payload.
    pub target: Option<String>,
    /// How long to wait for the handler's answer.
    #[ts(type = "number")]
    pub timeout_seconds: u64,
}

impl Default for ReplaySettings {
    fn default() -> Self {
        ReplaySettings { target: None, timeout_seconds: crate::replay::DEFAULT_TIMEOUT.as_secs() }
    }
}

pub(crate) const SETTINGS_KEY: &str = "replay.settings";

fn encode<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(StoreError::Encode)
}

/// A replay about to be recorded.
pub(crate) struct NewReplay {
    pub delivery_id: String,
    pub at_ms: i64,
    pub target: String,
    pub mode: ReplayMode,
    pub outcome: ReplayOutcome,
    pub forwarded: bool,
}

/// Inserts a replay; returns it with its id. Runs on the write connection.
pub(crate) fn insert(conn: &Connection, new: NewReplay) -> Result<ReplayRecord, StoreError> {
    conn.prepare_cached(
        "INSERT INTO replays (delivery_id, at, target, mode, outcome, forwarded) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute((
        &new.delivery_id,
        new.at_ms,
        &new.target,
        encode(&new.mode)?,
        encode(&new.outcome)?,
        new.forwarded,
    ))?;
    Ok(ReplayRecord {
        id: conn.last_insert_rowid(),
        delivery_id: new.delivery_id,
        at_ms: new.at_ms,
        target: new.target,
        mode: new.mode,
        outcome: new.outcome,
        forwarded: new.forwarded,
    })
}

/// How many times the developer's service answered 2xx to replays or forwards of
/// the event with `dedup_key`: more than one means it processed the event twice.
pub(crate) fn local_successes(conn: &Connection, dedup_key: &str) -> Result<u32, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.outcome FROM replays r JOIN deliveries d ON d.id = r.delivery_id WHERE d.dedup_key = ?1",
    )?;
    let outcomes = stmt.query_map([dedup_key], |r| r.get::<_, String>(0))?;
    let mut count = 0;
    for outcome in outcomes {
        let outcome: ReplayOutcome = serde_json::from_str(&outcome?).map_err(StoreError::Encode)?;
        if let crate::replay::ReplayResult::Answered(response) = outcome.result {
            count += u32::from((200..300).contains(&response.status));
        }
    }
    Ok(count)
}

/// The replays of one delivery, newest first.
pub(crate) fn of(conn: &Connection, delivery_id: &str) -> Result<Vec<ReplayRecord>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, delivery_id, at, target, mode, outcome, forwarded FROM replays
         WHERE delivery_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([delivery_id], |row| {
        Ok((
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?),
            (row.get::<_, String>(4)?, row.get::<_, String>(5)?, row.get(6)?),
        ))
    })?;
    let mut records = Vec::new();
    for row in rows {
        let ((id, delivery_id, at_ms, target), (mode, outcome, forwarded)) = row?;
        records.push(ReplayRecord {
            id,
            delivery_id,
            at_ms,
            target,
            mode: serde_json::from_str(&mode).map_err(StoreError::Encode)?,
            outcome: serde_json::from_str(&outcome).map_err(StoreError::Encode)?,
            forwarded,
        });
    }
    Ok(records)
}
