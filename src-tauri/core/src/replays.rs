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

/// Inserts a replay; returns it with its id. Runs on the write connection.
pub(crate) fn insert(
    conn: &Connection,
    delivery_id: &str,
    at_ms: i64,
    target: &str,
    mode: ReplayMode,
    outcome: ReplayOutcome,
) -> Result<ReplayRecord, StoreError> {
    conn.prepare_cached("INSERT INTO replays (delivery_id, at, target, mode, outcome) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute((delivery_id, at_ms, target, encode(&mode)?, encode(&outcome)?))?;
    Ok(ReplayRecord {
        id: conn.last_insert_rowid(),
        delivery_id: delivery_id.to_owned(),
        at_ms,
        target: target.to_owned(),
        mode,
        outcome,
    })
}

/// The replays of one delivery, newest first.
pub(crate) fn of(conn: &Connection, delivery_id: &str) -> Result<Vec<ReplayRecord>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, delivery_id, at, target, mode, outcome FROM replays WHERE delivery_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([delivery_id], |row| {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get::<_, String>(4)?, row.get::<_, String>(5)?))
    })?;
    let mut records = Vec::new();
    for row in rows {
        let (id, delivery_id, at_ms, target, mode, outcome) = row?;
        records.push(ReplayRecord {
            id,
            delivery_id,
            at_ms,
            target,
            mode: serde_json::from_str(&mode).map_err(StoreError::Encode)?,
            outcome: serde_json::from_str(&outcome).map_err(StoreError::Encode)?,
        });
    }
    Ok(records)
}
