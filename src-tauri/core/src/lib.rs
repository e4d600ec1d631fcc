//! Hookscope's core: capture, storage and inspection of webhook deliveries.
//!
//! Knows nothing of any UI toolkit; the desktop app and the `hookscope` CLI are
//! thin front ends over [`Inspector`].

pub mod capture;
pub mod clock;
pub mod delivery;
pub mod events;
pub mod export;
pub mod exporting;
pub mod forward;
pub mod group;
pub mod id;
pub mod import;
pub mod importing;
pub mod inspector;
pub mod listener;
pub mod outcome;
pub mod received;
pub mod replay;
pub mod replaying;
pub mod replays;
pub mod respond;
pub mod retention;
pub mod reverify;
pub mod search;
pub mod signing;
pub mod store;
pub mod test_event;
pub mod tunnel;
pub mod tunnel_log;
pub mod vault;
pub mod verify;

pub use clock::Clock;
pub use delivery::{Delivery, DeliveryJson, DeliverySummary};
pub use events::CoreEvent;
pub use inspector::{default_data_dir, Inspector, InspectorConfig, DB_FILE};
pub use listener::{ListenError, Listener};
pub use store::{Store, StoreError};

/// This build's version, as recorded in exports and shown by the front ends.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
