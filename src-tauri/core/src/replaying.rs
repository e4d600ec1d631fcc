//! Replaying stored deliveries: the I/O around the pure [`crate::replay`] engine —
//! loading the delivery, sending, recording the answer, announcing it.

use std::sync::OnceLock;
use std::time::Duration;

use crate::events::CoreEvent;
use crate::id::IdMinter;
use crate::inspector::Inspector;
use crate::replay::{self, Edit, ReplayError, ReplayMode};
use crate::replays::{self, NewReplay, ReplayRecord, ReplaySettings};
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ReplayCommandError {
    #[error("no delivery with id {0}")]
    NotFound(String),
    #[error("no replay target: set your handler's URL (e.g. http://localhost:3000/webhooks/self) first")]
    NoTarget,
    #[error("the replay target must be an http:// or https:// URL")]
    BadTarget,
    #[error(transparent)]
    Replay(#[from] ReplayError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

const FORWARD_KEY: &str = "forward.settings";

/// The HTTP client replays share (connection reuse keeps replay overhead low).
pub(crate) fn shared_client() -> Result<&'static reqwest::Client, ReplayError> {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    let client = replay::client()?;
    Ok(CLIENT.get_or_init(|| client))
}

/// Stores a replay and announces it once committed.
pub(crate) async fn record(store: &Store, new: NewReplay) -> Result<ReplayRecord, StoreError> {
    store
        .write(move |conn| {
            let record = replays::insert(conn, new)?;
            Ok((record.clone(), vec![CoreEvent::Replayed(record)]))
        })
        .await
}

pub fn check_target(target: &str) -> Result<(), ReplayCommandError> {
    match url::Url::parse(target) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(()),
        _ => Err(ReplayCommandError::BadTarget),
    }
}

impl Inspector {
    pub async fn replay_settings(&self) -> Result<ReplaySettings, StoreError> {
        Ok(match self.store().setting(replays::SETTINGS_KEY).await? {
            Some(json) => serde_json::from_str(&json).unwrap_or_default(),
            None => ReplaySettings::default(),
        })
    }

    pub async fn set_replay_settings(&self, settings: ReplaySettings) -> Result<ReplaySettings, ReplayCommandError> {
        if let Some(target) = &settings.target {
            check_target(target)?;
        }
        let json = serde_json::to_string(&settings).map_err(StoreError::Encode)?;
        self.store().set_setting(replays::SETTINGS_KEY, &json).await?;
        self.restore_forwarding().await?;
        Ok(settings)
    }

    pub async fn forward_settings(&self) -> Result<crate::forward::ForwardSettings, StoreError> {
        Ok(match self.store().setting(FORWARD_KEY).await? {
            Some(json) => serde_json::from_str(&json).unwrap_or_default(),
            None => Default::default(),
        })
    }

    /// Saves forward mode and applies it (to the saved replay target).
    pub async fn set_forward_settings(
        &self,
        settings: crate::forward::ForwardSettings,
    ) -> Result<crate::forward::ForwardSettings, ReplayCommandError> {
        let replay = self.replay_settings().await?;
        if settings.enabled && replay.target.is_none() {
            return Err(ReplayCommandError::NoTarget);
        }
        let json = serde_json::to_string(&settings).map_err(StoreError::Encode)?;
        self.store().set_setting(FORWARD_KEY, &json).await?;
        self.apply_forwarding(&settings, &replay);
        Ok(settings)
    }

    /// Applies saved forward mode (at start, and when the replay target changes).
    pub async fn restore_forwarding(&self) -> Result<(), StoreError> {
        let (settings, replay) = (self.forward_settings().await?, self.replay_settings().await?);
        self.apply_forwarding(&settings, &replay);
        Ok(())
    }

    fn apply_forwarding(&self, settings: &crate::forward::ForwardSettings, replay: &ReplaySettings) {
        let plan = replay.target.clone().filter(|_| settings.enabled).map(|target| crate::forward::ForwardPlan {
            target,
            resign: settings.resign,
            mirror: settings.mirror,
            timeout: Duration::from_secs(replay.timeout_seconds.max(1)),
        });
        self.forwarding().set(plan);
    }

    /// Sends delivery `id` to `target` (or the saved target) as `mode` says, and records what happened.
    pub async fn replay(
        &self,
        id: &str,
        target: Option<String>,
        mode: ReplayMode,
        edit: Option<Edit>,
    ) -> Result<ReplayRecord, ReplayCommandError> {
        self.replay_timed(id, target, mode, edit, None).await
    }

    /// As [`Inspector::replay`], waiting `timeout` (instead of the saved one) for the answer.
    pub async fn replay_timed(
        &self,
        id: &str,
        target: Option<String>,
        mode: ReplayMode,
        edit: Option<Edit>,
        timeout: Option<Duration>,
    ) -> Result<ReplayRecord, ReplayCommandError> {
        let settings = self.replay_settings().await?;
        let target = target.filter(|t| !t.trim().is_empty()).or(settings.target).ok_or(ReplayCommandError::NoTarget)?;
        check_target(&target)?;
        let delivery = self.delivery(id).await?.ok_or_else(|| ReplayCommandError::NotFound(id.to_owned()))?;
        let now_ms = self.clock().now_ms();
        let new_id = format!("msg_{}", IdMinter::new().mint(now_ms));
        let signing = self.signing().current();
        let request = replay::build(&delivery, &target, mode, edit.as_ref(), &signing, now_ms / 1000, &new_id)?;
        let clock = self.clock().clone();
        let timeout = timeout.unwrap_or(Duration::from_secs(settings.timeout_seconds.max(1)));
        let outcome = replay::send(shared_client()?, &request, timeout, move || clock.now_ms()).await;
        let new =
            NewReplay { delivery_id: delivery.id.clone(), at_ms: now_ms, target, mode, outcome, forwarded: false };
        Ok(record(self.store(), new).await?)
    }

    /// Replays several deliveries one after another, in the order given.
    pub async fn replay_in_order(
        &self,
        ids: &[String],
        target: Option<String>,
        mode: ReplayMode,
    ) -> Result<Vec<ReplayRecord>, ReplayCommandError> {
        let mut records = Vec::with_capacity(ids.len());
        for id in ids {
            records.push(self.replay(id, target.clone(), mode, None).await?);
        }
        Ok(records)
    }

    /// The idempotency check: `copies` re-signed copies of one delivery (same
    /// message id) sent at once; each answer is recorded.
    pub async fn idempotency_check(
        &self,
        id: &str,
        target: Option<String>,
        copies: usize,
    ) -> Result<Vec<ReplayRecord>, ReplayCommandError> {
        let settings = self.replay_settings().await?;
        let target = target.filter(|t| !t.trim().is_empty()).or(settings.target).ok_or(ReplayCommandError::NoTarget)?;
        check_target(&target)?;
        let delivery = self.delivery(id).await?.ok_or_else(|| ReplayCommandError::NotFound(id.to_owned()))?;
        let now_ms = self.clock().now_ms();
        let mode = ReplayMode::Resigned { new_message_id: false };
        let request = replay::build(&delivery, &target, mode, None, &self.signing().current(), now_ms / 1000, "")?;
        let clock = self.clock().clone();
        let timeout = Duration::from_secs(settings.timeout_seconds.max(1));
        let outcomes =
            replay::send_concurrently(shared_client()?, &request, copies.clamp(1, 100), timeout, move || {
                clock.now_ms()
            })
            .await;
        let mut records = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            let new = NewReplay {
                delivery_id: delivery.id.clone(),
                at_ms: now_ms,
                target: target.clone(),
                mode,
                outcome,
                forwarded: false,
            };
            records.push(record(self.store(), new).await?);
        }
        Ok(records)
    }

    /// A shell command that sends the same bytes as a replay would.
    pub async fn curl(&self, id: &str, target: Option<String>, resign: bool) -> Result<String, ReplayCommandError> {
        let settings = self.replay_settings().await?;
        let delivery = self.delivery(id).await?.ok_or_else(|| ReplayCommandError::NotFound(id.to_owned()))?;
        // Without a saved target, show the request against the path it was captured on.
        let target = target
            .filter(|t| !t.trim().is_empty())
            .or(settings.target)
            .unwrap_or_else(|| format!("http://localhost:3000{}", delivery.captured.path));
        check_target(&target)?;
        let now_ms = self.clock().now_ms();
        let mode = if resign { ReplayMode::Resigned { new_message_id: false } } else { ReplayMode::AsCaptured };
        let signing = self.signing().current();
        let request = replay::build(&delivery, &target, mode, None, &signing, now_ms / 1000, "")?;
        Ok(replay::curl(&request))
    }

    /// The delivery as JSON, with its replays.
    pub async fn delivery_json(&self, id: &str) -> Result<Option<crate::DeliveryJson>, StoreError> {
        let Some(delivery) = self.delivery(id).await? else { return Ok(None) };
        let mut json = delivery.to_json();
        json.replays = self.store().replays_of(id).await?;
        Ok(Some(json))
    }
}
