//! Deliveries imported from an exported log, written by the one writer in
//! batches: a batch is committed whole or not at all.

use rusqlite::{Connection, TransactionBehavior};

use super::{Store, StoreError};
use crate::events::CoreEvent;
use crate::import::ImportedDelivery;
use crate::replays::{self, NewReplay};

/// How many of a batch were added, and how many were already stored (same id).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Inserted {
    pub added: u64,
    pub skipped: u64,
}

impl Store {
    /// Inserts `rows`, marked as imported from `file`, keeping their ids; a delivery
    /// whose id is already stored is skipped, so importing a file twice adds nothing.
    /// `announce` makes the events published once the batch is committed.
    pub(crate) async fn insert_imported(
        &self,
        rows: Vec<ImportedDelivery>,
        file: String,
        announce: impl FnOnce(Inserted) -> Vec<CoreEvent> + Send + 'static,
    ) -> Result<Inserted, StoreError> {
        self.write(move |conn| {
            let inserted = insert(conn, &rows, &file)?;
            Ok((inserted, announce(inserted)))
        })
        .await
    }
}

fn insert(conn: &mut Connection, rows: &[ImportedDelivery], file: &str) -> Result<Inserted, StoreError> {
    // IMMEDIATE, as capture's batches: the write lock first, so another program's
    // commit between the existence checks and the inserts cannot fail the batch.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut inserted = Inserted::default();
    let mut deliveries = super::writer::Inserter::new(&tx);
    for row in rows {
        let d = &row.delivery;
        if tx.prepare_cached("SELECT 1 FROM deliveries WHERE id = ?1")?.exists([&d.id])? {
            inserted.skipped += 1;
            continue;
        }
        let derived = super::writer::Derived::of(&d.captured)?;
        deliveries.insert(&d.id, &d.captured, &derived, &d.answer, &d.grouping, Some(file))?;
        // Records list newest first; inserted oldest first, their new ids keep the order.
        for replay in row.replays.iter().rev() {
            replays::insert(
                &tx,
                NewReplay {
                    delivery_id: d.id.clone(),
                    at_ms: replay.at_ms,
                    target: replay.target.clone(),
                    mode: replay.mode,
                    outcome: replay.outcome.clone(),
                    forwarded: replay.forwarded,
                },
            )?;
        }
        inserted.added += 1;
    }
    deliveries.finish()?;
    tx.commit()?;
    Ok(inserted)
}
