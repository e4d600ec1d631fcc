//! Core events → window events. Stored deliveries go in batches, at most ten a
//! second, so a burst or a steady stream costs the webview a few messages, not
//! one per delivery.

use std::time::{Duration, Instant};

use hookscope_core::{CoreEvent, DeliverySummary};
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::broadcast::{self, error::TryRecvError};

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

const MAX_BATCH: usize = 500;
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
            if batch.reset {
                let _ = app.emit(TIMELINE_RESET, ());
            } else if !batch.stored.is_empty() {
                let _ = app.emit(DELIVERIES_STORED, &batch.stored);
            }
            if let Some(ids) = &batch.removed {
                let _ = app.emit(DELIVERIES_REMOVED, ids);
            }
            if !batch.stored.is_empty() {
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
    stored: Vec<DeliverySummary>,
    reset: bool,
    removed: Option<Vec<String>>,
}

impl Batch {
    /// Takes in `event`; true when the batch must go now (full, or ended by a removal).
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
        self.stored.len() >= MAX_BATCH || self.removed.is_some()
    }
}
