//! Core events → window events. Deliveries that arrive together are sent as one
//! batch, so a burst costs the webview one message, not thousands.

use hookscope_core::{CoreEvent, DeliverySummary};
use tauri::{AppHandle, Emitter};
use tokio::sync::broadcast::{self, error::TryRecvError};

pub const DELIVERIES_STORED: &str = "deliveries-stored";
pub const LISTENER_CHANGED: &str = "listener-changed";
/// Sent when the window missed events and should reload its first page.
pub const TIMELINE_RESET: &str = "timeline-reset";

const MAX_BATCH: usize = 500;

pub fn forward(app: AppHandle, mut events: broadcast::Receiver<CoreEvent>) {
    tauri::async_runtime::spawn(async move {
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
            let mut next = Some(first);
            while let Some(event) = next.take() {
                match event {
                    CoreEvent::DeliveryStored(summary) => stored.push(summary),
                }
                if stored.len() >= MAX_BATCH {
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
        }
    });
}
