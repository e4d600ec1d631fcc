//! Core events → window events. Deliveries that arrive together are sent as one
//! batch, so a burst costs the webview one message, not thousands.

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

pub fn forward(app: AppHandle, mut events: broadcast::Receiver<CoreEvent>) {
    tauri::async_runtime::spawn(async move {
        let mut answers_shown = None;
        loop {
            let first = match events.recv().await {
                Ok(event) => event,
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let _ = app.emit(TIMELINE_RESET, ());
                    continue;
                }
                Err(broadcast::error::RecvError::Closed) => break,
            };
            let mut stored: Vec<DeliverySummary> = Vec::new();
            let mut reset = false;
            let mut removed = None;
            let mut next = Some(first);
            while let Some(event) = next.take() {
                match event {
                    CoreEvent::DeliveryStored(summary) => stored.push(summary),
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
                    CoreEvent::Pruned(ids) => removed = Some(ids),
                }
                if stored.len() >= MAX_BATCH || removed.is_some() {
                    break;
                }
                next = match events.try_recv() {
                    Ok(event) => Some(event),
                    Err(TryRecvError::Lagged(_)) => {
                        reset = true;
                        None
                    }
                    Err(_) => None,
                };
            }
            if reset {
                let _ = app.emit(TIMELINE_RESET, ());
            } else if !stored.is_empty() {
                let _ = app.emit(DELIVERIES_STORED, &stored);
            }
            if let Some(ids) = removed {
                let _ = app.emit(DELIVERIES_REMOVED, &ids);
            }
            if !stored.is_empty() {
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
