//! Core events → window events. Stored deliveries go in batches, at most ten a
//! second, so a burst or a steady stream costs the webview a few messages, not
//! one per delivery; a batch carries the newest rows only (see [`StoredRows`]).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use hookscope_core::{CoreEvent, DeliverySummary};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::broadcast::{self, error::TryRecvError};
use ts_rs::TS;

use crate::state::AppState;

pub const DELIVERIES_STORED: &str = "deliveries-stored";
pub const LISTENER_CHANGED: &str = "listener-changed";
pub const REVERIFY_PROGRESS: &str = "reverify-progress";
pub const ANSWERS_CHANGED: &str = "answers-changed";
pub const STORAGE_HEALTH: &str = "storage-health";
pub const REPLAY_RECORDED: &str = "replay-recorded";
pub const TUNNEL_CHANGED: &str = "tunnel-changed";
pub const IMPORT_PROGRESS: &str = "import-progress";
/// Sent when the window missed events and should reload its first page.
pub const TIMELINE_RESET: &str = "timeline-reset";
/// Deliveries removed by retention: their ids, oldest first.
pub const DELIVERIES_REMOVED: &str = "deliveries-removed";

/// Rows one batch carries at most: a page of the timeline. Older rows of a burst
/// would only be parsed and pushed out of the window's live list again; it starts
/// over from the newest and pages the rest in from the store as it scrolls
/// (`ui/src/timeline/timeline.svelte.ts`). In `make bench`, the window's growth
/// at 100,000 deliveries went from +136 MB to +81 and +101 MB (two runs).
const MAX_ROWS: usize = 100;
/// At most one batch of rows per this long: a steady stream (say 10,000 a second)
/// costs the webview ten messages (and ten list updates) a second, not one per
/// commit. The first rows after a quiet spell go at once.
const ROWS_EVERY: Duration = Duration::from_millis(100);

pub fn forward(app: AppHandle, mut events: broadcast::Receiver<CoreEvent>) {
    tauri::async_runtime::spawn(async move {
        let mut answers_shown = None;
        let mut rows_sent = Instant::now() - ROWS_EVERY;
        loop {
            let first = match events.recv().await {
                Ok(event) => event,
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let _ = app.emit(TIMELINE_RESET, ());
                    continue;
                }
                Err(broadcast::error::RecvError::Closed) => break,
            };
            let mut batch = Batch::default();
            let mut next = Some(first);
            while let Some(event) = next.take() {
                if batch.add(event, &app) {
                    break;
                }
                // Under a steady stream the queue is never empty: the batch ends on time.
                if !batch.stored.is_empty() && Instant::now() >= rows_sent + ROWS_EVERY {
                    break;
                }
                next = match events.try_recv() {
                    Ok(event) => Some(event),
                    Err(TryRecvError::Lagged(_)) => {
                        batch.reset = true;
                        None
                    }
                    Err(TryRecvError::Closed) => None,
                    // Caught up: rows wait for their turn, collecting what comes meanwhile.
                    Err(TryRecvError::Empty) if batch.stored.is_empty() => None,
                    Err(TryRecvError::Empty) => {
                        match tokio::time::timeout_at((rows_sent + ROWS_EVERY).into(), events.recv()).await {
                            Ok(Ok(event)) => Some(event),
                            Ok(Err(broadcast::error::RecvError::Lagged(_))) => {
                                batch.reset = true;
                                None
                            }
                            Ok(Err(broadcast::error::RecvError::Closed)) | Err(_) => None,
                        }
                    }
                };
            }
            let rows = batch.stored.take();
            if batch.reset {
                let _ = app.emit(TIMELINE_RESET, ());
            } else if let Some(rows) = &rows {
                let _ = app.emit(DELIVERIES_STORED, rows);
            }
            if let Some(ids) = &batch.removed {
                let _ = app.emit(DELIVERIES_REMOVED, ids);
            }
            if rows.is_some() {
                rows_sent = Instant::now();
                // "Fail the next N" counts down as deliveries are answered.
                let view = crate::answers::view(app.state::<AppState>().inspector.answers());
                if answers_shown.as_ref() != Some(&view) {
                    let _ = app.emit(ANSWERS_CHANGED, &view);
                    answers_shown = Some(view);
                }
            }
        }
    });
}

/// What one message to the window carries: stored rows, or a reset in their
/// place, then removed ids. Other events go out as they come.
#[derive(Default)]
struct Batch {
    stored: NewestRows,
    reset: bool,
    removed: Option<Vec<String>>,
}

/// A `deliveries-stored` message: the newest deliveries stored since the last one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StoredRows {
    /// The newest of them, at most a page, oldest first.
    pub rows: Vec<DeliverySummary>,
    /// Stored before `rows` and not sent: the window pages them in, or counts them.
    pub skipped: u32,
    /// The oldest delivery stored since the last message (sent or skipped).
    pub first_id: String,
}

/// Collects a batch's rows, keeping the newest [`MAX_ROWS`].
#[derive(Debug, Default)]
struct NewestRows {
    rows: VecDeque<DeliverySummary>,
    skipped: u32,
    first_id: Option<String>,
}

impl NewestRows {
    fn push(&mut self, row: DeliverySummary) {
        self.first_id.get_or_insert_with(|| row.id.clone());
        if self.rows.len() == MAX_ROWS {
            self.rows.pop_front();
            self.skipped += 1;
        }
        self.rows.push_back(row);
    }

    fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The message to send, if any row came; leaves the collection empty.
    fn take(&mut self) -> Option<StoredRows> {
        let first_id = self.first_id.take()?;
        let rows = std::mem::take(&mut self.rows).into();
        Some(StoredRows { rows, skipped: std::mem::take(&mut self.skipped), first_id })
    }
}

impl Batch {
    /// Takes in `event`; true when the batch must go now (ended by a removal).
    fn add(&mut self, event: CoreEvent, app: &AppHandle) -> bool {
        match event {
            CoreEvent::DeliveryStored(summary) => self.stored.push(summary),
            CoreEvent::Reverified(progress) => {
                let _ = app.emit(REVERIFY_PROGRESS, &progress);
            }
            CoreEvent::Storage(health) => {
                let _ = app.emit(STORAGE_HEALTH, &health);
            }
            CoreEvent::Replayed(record) => {
                let _ = app.emit(REPLAY_RECORDED, &record);
            }
            CoreEvent::Imported(progress) => {
                let _ = app.emit(IMPORT_PROGRESS, &progress);
            }
            // Ends the batch: the rows stored before it are sent first, then removed.
            CoreEvent::Pruned(ids) => self.removed = Some(ids),
        }
        self.removed.is_some()
    }
}

#[cfg(test)]
mod tests {
    use hookscope_core::group::Relation;

    use super::*;

    fn row(n: usize) -> DeliverySummary {
        DeliverySummary {
            id: format!("d{n:04}"),
            received_at_ms: n as i64,
            method: "POST".into(),
            path: "/".into(),
            size: 0,
            status: 200,
            rejection: None,
            verification: None,
            message_id: None,
            attempt: 1,
            duplicate_of: None,
            relation: Relation::Original,
            outcome: String::new(),
            imported_from: None,
            pinned: false,
        }
    }

    fn ids(rows: &StoredRows) -> Vec<String> {
        rows.rows.iter().map(|r| r.id.clone()).collect()
    }

    #[test]
    fn a_batch_within_a_page_carries_every_row() {
        let mut collected = NewestRows::default();
        (0..3).for_each(|n| collected.push(row(n)));
        let sent = collected.take().unwrap();
        assert_eq!(ids(&sent), ["d0000", "d0001", "d0002"]);
        assert_eq!((sent.skipped, sent.first_id.as_str()), (0, "d0000"));
    }

    #[test]
    fn a_burst_sends_its_newest_page_and_counts_the_rest() {
        let mut collected = NewestRows::default();
        (0..MAX_ROWS + 250).for_each(|n| collected.push(row(n)));
        let sent = collected.take().unwrap();
        assert_eq!(sent.rows.len(), MAX_ROWS);
        assert_eq!(sent.rows.first().unwrap().id, "d0250");
        assert_eq!(sent.rows.last().unwrap().id, format!("d{:04}", MAX_ROWS + 249));
        assert_eq!((sent.skipped, sent.first_id.as_str()), (250, "d0000"));
        // Taken: the next batch starts empty.
        assert!(collected.is_empty());
        assert_eq!(collected.take(), None);
        collected.push(row(9000));
        assert_eq!(collected.take().unwrap().skipped, 0);
    }
}
