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
use crate::reverify::{self, Runs};
use crate::signing::{Signing, SigningConfig};
use crate::store::{GroupChain, GroupPage, Page, Store, StoreError, TimelineFilter};
use crate::verify::{self, SignatureDetail, Verification};

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
    reverify_runs: Runs,
    forwarding: crate::forward::Forwarding,
}

/// Everything the Signature view shows about one delivery.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct SignatureReport {
    /// The verdict as at receipt (stored; null for a refused body).
    pub at_receipt: Option<Verification>,
    /// Would it verify now, with today's secrets, ignoring the timestamp?
    pub now_ignoring_time: Verification,
    pub detail: SignatureDetail,
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
            reverify_runs: Runs::default(),
            forwarding: crate::forward::Forwarding::default(),
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
            in_flight: std::sync::Arc::new(tokio::sync::Semaphore::new(crate::capture::MAX_IN_FLIGHT)),
            forwarding: self.forwarding.clone(),
        };
        Listener::bind(addr, capture::router(state)).await
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The secrets and settings deliveries are verified against.
    pub fn signing(&self) -> &Signing {
        &self.signing
    }

    /// Verifies new deliveries against `config` from now on, and re-verifies every
    /// one captured here in the background (progress as [`CoreEvent::Reverified`];
    /// imported deliveries keep their recorded verdicts). Must
    /// be called within a Tokio runtime.
    pub fn set_signing(&self, config: SigningConfig) -> tokio::task::JoinHandle<Result<(), StoreError>> {
        self.signing.replace(config);
        let run = self.reverify_runs.start();
        let (store, signing, runs) = (self.store.clone(), self.signing.current(), self.reverify_runs.clone());
        tokio::spawn(reverify::run(store, signing, runs, run, reverify::Scope::Captured))
    }

    /// Uses `config` from now on without re-verifying stored deliveries: for
    /// one-shot commands (a replay from the CLI) that only need to sign.
    pub fn use_signing(&self, config: SigningConfig) {
        self.signing.replace(config);
    }

    /// The verdict at receipt, a check against today's secrets ignoring the
    /// timestamp, and the signature's working (expected and received signatures).
    pub async fn signature_report(&self, id: &str) -> Result<Option<SignatureReport>, StoreError> {
        let Some(delivery) = self.store.get(id).await? else { return Ok(None) };
        let signing = self.signing.current();
        let c = &delivery.captured;
        let request =
            verify::Request { path: &c.path, headers: &c.headers, body: &c.body, received_at_ms: c.received_at_ms };
        Ok(Some(SignatureReport {
            at_receipt: c.verification.clone(),
            now_ignoring_time: verify::verify_ignoring_time(&request, &signing.secrets, &signing.settings),
            detail: verify::signature_detail(&request, &signing.secrets, &signing.settings),
        }))
    }

    pub async fn groups(
        &self,
        before: Option<String>,
        limit: u32,
        filter: TimelineFilter,
    ) -> Result<GroupPage, StoreError> {
        self.store.groups(before, limit, filter).await
    }

    pub async fn chain(&self, dedup_key: &str) -> Result<GroupChain, StoreError> {
        self.store.chain(dedup_key).await
    }

    /// Where incoming deliveries are forwarded as they arrive (none: not forwarded).
    pub fn forwarding(&self) -> &crate::forward::Forwarding {
        &self.forwarding
    }

    /// How the listener answers senders.
    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    pub async fn page(&self, before: Option<String>, limit: u32, filter: TimelineFilter) -> Result<Page, StoreError> {
        self.store.page(before, limit, filter).await
    }

    pub async fn delivery(&self, id: &str) -> Result<Option<Delivery>, StoreError> {
        self.store.get(id).await
    }
}
