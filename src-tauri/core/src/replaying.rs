//! Replaying stored deliveries: the I/O around the pure [`crate::replay`] engine —
//! loading the delivery, sending, recording the answer, announcing it.

use std::sync::OnceLock;
use std::time::Duration;

use crate::events::CoreEvent;
use crate::id::IdMinter;
use crate::inspector::Inspector;
use crate::replay::{self, Edit, ReplayError, ReplayMode};
use crate::replays::{self, ReplayRecord, ReplaySettings};
use crate::store::StoreError;

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

/// The HTTP client replays share (connection reuse keeps replay overhead low).
pub(crate) fn shared_client() -> Result<&'static reqwest::Client, ReplayError> {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    let client = replay::client()?;
    Ok(CLIENT.get_or_init(|| client))
}

fn check_target(target: &str) -> Result<(), ReplayCommandError> {
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
        Ok(settings)
    }

    /// Sends delivery `id` to `target` (or the saved target) as `mode` says, and records what happened.
    pub async fn replay(
        &self,
        id: &str,
        target: Option<String>,
        mode: ReplayMode,
        edit: Option<Edit>,
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
        let timeout = Duration::from_secs(settings.timeout_seconds.max(1));
        let outcome = replay::send(shared_client()?, &request, timeout, move || clock.now_ms()).await;
        let delivery_id = delivery.id.clone();
        let record = self
            .store()
            .write(move |conn| {
                let record = replays::insert(conn, &delivery_id, now_ms, &target, mode, outcome)?;
                Ok((record.clone(), vec![CoreEvent::Replayed(record)]))
            })
            .await?;
        Ok(record)
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
