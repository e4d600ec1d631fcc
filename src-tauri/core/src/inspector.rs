//! [`Inspector`]: the core wired together; what each front end holds.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use tokio::sync::broadcast;

use crate::capture::{self, CaptureState, DEFAULT_BODY_LIMIT};
use crate::clock::Clock;
use crate::delivery::Delivery;
use crate::events::{CoreEvent, EventBus};
use crate::id::IdMinter;
use crate::listener::{ListenError, Listener};
use crate::respond::Answers;
use crate::signing::{Signing, SigningConfig};
use crate::store::{Page, Store, StoreError};

/// The database file name inside a data directory.
pub const DB_FILE: &str = "hookscope.sqlite";

/// The per-user data directory: `$XDG_DATA_HOME/hookscope` (or the platform's equivalent).
pub fn default_data_dir() -> PathBuf {
    match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir).join("hookscope"),
        None => match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
            Some(home) => PathBuf::from(home).join(".local/share/hookscope"),
            None => PathBuf::from(".hookscope"),
        },
    }
}

pub struct InspectorConfig {
    pub db_path: PathBuf,
    pub clock: Clock,
    /// The largest body captured; larger ones are answered 413 and recorded as refused.
    pub body_limit: usize,
    /// Seeds delivery ids (tests); `None` uses the OS's entropy.
    pub id_seed: Option<u64>,
    /// The secrets and verification settings to start with.
    pub signing: SigningConfig,
}

impl InspectorConfig {
    pub fn new(db_path: impl Into<PathBuf>) -> Self {
        InspectorConfig {
            db_path: db_path.into(),
            clock: Clock::system(),
            body_limit: DEFAULT_BODY_LIMIT,
            id_seed: None,
            signing: SigningConfig::default(),
        }
    }
}

pub struct Inspector {
    store: Store,
    events: EventBus,
    clock: Clock,
    body_limit: usize,
    signing: Signing,
    answers: Answers,
}

impl Inspector {
    pub fn open(config: InspectorConfig) -> Result<Inspector, StoreError> {
        let events = EventBus::new();
        let ids = config.id_seed.map_or_else(IdMinter::new, IdMinter::seeded);
        let store = Store::open_with_ids(&config.db_path, events.clone(), ids)?;
        Ok(Inspector {
            store,
            events,
            clock: config.clock,
            body_limit: config.body_limit,
            signing: Signing::new(config.signing),
            answers: Answers::default(),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn db_path(&self) -> &Path {
        self.store.path()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.events.subscribe()
    }

    /// Starts capturing on `addr`.
    pub async fn listen(&self, addr: SocketAddr) -> Result<Listener, ListenError> {
        let state = CaptureState {
            store: self.store.clone(),
            clock: self.clock.clone(),
            body_limit: self.body_limit,
            signing: self.signing.clone(),
            answers: self.answers.clone(),
        };
        Listener::bind(addr, capture::router(state)).await
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The secrets and settings deliveries are verified against from now on.
    pub fn signing(&self) -> &Signing {
        &self.signing
    }

    /// How the listener answers senders.
    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    pub async fn page(&self, before: Option<String>, limit: u32) -> Result<Page, StoreError> {
        self.store.page(before, limit).await
    }

    pub async fn delivery(&self, id: &str) -> Result<Option<Delivery>, StoreError> {
        self.store.get(id).await
    }
}
