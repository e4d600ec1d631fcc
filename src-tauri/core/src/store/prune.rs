//! Retention on the writer: after each write it reads the running totals (one
//! row of `store_usage`, kept by triggers), and once the unpinned deliveries are
//! over the cap it removes the oldest of them — with their payloads and replays — a
//! small step at a time, one step between the writer's other jobs, so capture
//! never waits behind a long delete.
//!
//! Space: a removed delivery's pages go to SQLite's free list and are reused by
//! the next ones, so a store at its cap stops growing instead of shrinking. No
//! incremental vacuum: it needs `auto_vacuum = INCREMENTAL`, which an existing
//! database only gets through a full `VACUUM` — a rewrite of the whole file that
//! holds the write lock (and needs its size again in free space) for as long as it
//! takes, which capture cannot afford.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::{Store, StoreError};
use crate::events::CoreEvent;
use crate::retention::{Retention, RetentionView, Usage};

/// Where the cap is saved, as JSON.
pub(crate) const SETTINGS_KEY: &str = "retention.settings";
/// The most deliveries one step removes…
const STEP_ROWS: i64 = 200;
/// …and the most body bytes (at least one delivery goes, whatever its size).
const STEP_BYTES: u64 = 32 << 20;

/// The cap in force, shared by the store's handles and its writer.
pub(super) struct Cap {
    max_deliveries: AtomicU64,
    max_body_bytes: AtomicU64,
}

impl Cap {
    /// The saved cap, or the defaults.
    pub(super) fn load(conn: &Connection) -> Result<Arc<Cap>, StoreError> {
        let saved = super::queries::setting(conn, SETTINGS_KEY)?;
        let retention = saved.and_then(|json| serde_json::from_str::<Retention>(&json).ok()).unwrap_or_default();
        let cap = Cap { max_deliveries: AtomicU64::new(0), max_body_bytes: AtomicU64::new(0) };
        cap.set(retention);
        Ok(Arc::new(cap))
    }

    pub(super) fn get(&self) -> Retention {
        Retention {
            max_deliveries: self.max_deliveries.load(Ordering::Relaxed),
            max_body_bytes: self.max_body_bytes.load(Ordering::Relaxed),
        }
    }

    fn set(&self, retention: Retention) {
        self.max_deliveries.store(retention.max_deliveries, Ordering::Relaxed);
        self.max_body_bytes.store(retention.max_body_bytes, Ordering::Relaxed);
    }
}

/// The writer's side: whether a prune is under way, and its steps.
pub(super) struct Pruner {
    cap: Arc<Cap>,
    pending: bool,
}

impl Pruner {
    pub(super) fn new(cap: Arc<Cap>) -> Pruner {
        Pruner { cap, pending: false }
    }

    /// True while old deliveries are waiting to be removed.
    pub(super) fn pending(&self) -> bool {
        self.pending
    }

    /// After a write: starts pruning if the store went over the cap.
    pub(super) fn check(&mut self, conn: &Connection) {
        if self.pending {
            return;
        }
        match usage(conn) {
            Ok(usage) => self.pending = self.cap.get().is_over(usage.deliveries, usage.body_bytes),
            Err(error) => tracing::debug!(error = %crate::capture::error_chain(&error), "retention check skipped"),
        }
    }

    /// Removes one step of the oldest unpinned deliveries, returning the event to
    /// publish (after the commit). Pruning stops when the store is back under the
    /// cap (1% under, see [`Retention::targets`]) or only pinned deliveries are left.
    pub(super) fn step(&mut self, conn: &mut Connection) -> Option<CoreEvent> {
        match remove_oldest(conn, self.cap.get()) {
            Ok((removed, done)) => {
                self.pending = !done;
                (!removed.is_empty()).then_some(CoreEvent::Pruned(removed))
            }
            Err(error) => {
                // Tried again after the next write (a storage fault is reported by capture).
                tracing::warn!(error = %crate::capture::error_chain(&error), "removing old deliveries failed");
                self.pending = false;
                None
            }
        }
    }
}

/// The running totals, pinned deliveries apart.
fn usage(conn: &Connection) -> Result<Usage, StoreError> {
    let row = conn
        .prepare_cached("SELECT deliveries, body_bytes, pinned, pinned_body_bytes FROM store_usage WHERE id = 1")?
        .query_row([], |r| {
            let n = |i| r.get::<_, i64>(i).map(|v| v.max(0) as u64);
            Ok((n(0)?, n(1)?, n(2)?, n(3)?))
        })
        .optional()?;
    let (all, all_bytes, pinned, pinned_body_bytes) = row.unwrap_or_default();
    Ok(Usage {
        deliveries: all.saturating_sub(pinned),
        body_bytes: all_bytes.saturating_sub(pinned_body_bytes),
        pinned,
        pinned_body_bytes,
    })
}

/// One step, in one transaction: the removed ids, and whether pruning is done.
fn remove_oldest(conn: &mut Connection, cap: Retention) -> Result<(Vec<String>, bool), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Usage { mut deliveries, body_bytes: mut bytes, .. } = usage(&tx)?;
    let (keep_deliveries, keep_bytes) = cap.targets();
    let under = |deliveries: u64, bytes: u64| deliveries <= keep_deliveries && bytes <= keep_bytes;
    let candidates: Vec<(i64, String, u64)> = tx
        .prepare_cached("SELECT seq, id, size FROM deliveries WHERE pinned = 0 ORDER BY id LIMIT ?1")?
        .query_map([STEP_ROWS], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)?.max(0) as u64)))?
        .collect::<Result<_, _>>()?;
    let mut removed = Vec::new();
    let mut step_bytes = 0;
    for (seq, id, size) in &candidates {
        if under(deliveries, bytes) || (!removed.is_empty() && step_bytes + size > STEP_BYTES) {
            break;
        }
        // Payloads go with their delivery (ON DELETE CASCADE); replays refer to it by id.
        tx.prepare_cached("DELETE FROM replays WHERE delivery_id = ?1")?.execute([id])?;
        tx.prepare_cached("DELETE FROM deliveries WHERE seq = ?1")?.execute([seq])?;
        deliveries -= 1;
        bytes = bytes.saturating_sub(*size);
        step_bytes += size;
        removed.push(id.clone());
    }
    tx.commit()?;
    let none_left = removed.len() == candidates.len() && candidates.len() < STEP_ROWS as usize;
    let done = under(deliveries, bytes) || none_left;
    Ok((removed, done))
}

impl Store {
    /// The cap in force.
    pub fn retention(&self) -> Retention {
        self.inner.cap.get()
    }

    /// Saves a new cap; the writer starts pruning at once if the store is over it.
    pub async fn set_retention(&self, retention: Retention) -> Result<(), StoreError> {
        let cap = self.inner.cap.clone();
        self.write(move |conn| {
            let json = serde_json::to_string(&retention).map_err(StoreError::Encode)?;
            super::put_setting(conn, SETTINGS_KEY, &json)?;
            cap.set(retention);
            Ok(((), Vec::new()))
        })
        .await
    }

    /// How full the store is.
    pub async fn usage(&self) -> Result<Usage, StoreError> {
        self.read(usage).await
    }

    /// The cap and the usage together, as the settings show them.
    pub async fn retention_view(&self) -> Result<RetentionView, StoreError> {
        Ok(RetentionView { retention: self.retention(), usage: self.usage().await? })
    }

    /// Pins (kept whatever the cap) or unpins a delivery; false when there is no such delivery.
    pub async fn set_pinned(&self, id: &str, pinned: bool) -> Result<bool, StoreError> {
        let id = id.to_owned();
        self.write(move |conn| {
            let changed = conn.execute("UPDATE deliveries SET pinned = ?2 WHERE id = ?1", (&id, pinned))?;
            Ok((changed > 0, Vec::new()))
        })
        .await
    }
}
