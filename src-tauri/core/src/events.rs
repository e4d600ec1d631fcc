//! Domain events, published only after the change they announce is committed.
//! Each front end subscribes and maps them to its own output.

use serde::Serialize;
use tokio::sync::broadcast;
use ts_rs::TS;

use crate::delivery::DeliverySummary;
use crate::reverify::ReverifyProgress;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoreEvent {
    /// A delivery was committed to the store.
    DeliveryStored(DeliverySummary),
    /// Stored verdicts were recomputed after the secrets changed (a step, or the end).
    Reverified(ReverifyProgress),
    /// Storing started failing (senders get 503) or works again.
    Storage(StorageHealth),
    /// A replay was sent and recorded.
    Replayed(crate::replays::ReplayRecord),
    /// A batch of an import was committed (or the import finished).
    Imported(crate::import::ImportProgress),
    /// These deliveries (oldest first) were removed to keep the store within its cap.
    Pruned(Vec<String>),
}

/// Whether deliveries can be stored right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StorageHealth {
    pub ok: bool,
    /// What is wrong, in words ("the disk is full"), while not ok.
    pub problem: Option<String>,
}

/// A broadcast of [`CoreEvent`]s. A subscriber that falls more than the
/// capacity behind gets `RecvError::Lagged` and should reload from the store.
#[derive(Clone)]
pub struct EventBus(broadcast::Sender<CoreEvent>);

const CAPACITY: usize = 4096;

impl EventBus {
    pub fn new() -> Self {
        EventBus(broadcast::channel(CAPACITY).0)
    }

    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.0.subscribe()
    }

    pub(crate) fn publish(&self, event: CoreEvent) {
        // No subscriber is not an error: the CLI's `list` has none.
        let _ = self.0.send(event);
    }
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new()
    }
}
