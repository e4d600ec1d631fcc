//! Posting a test event over real HTTP, and the operating system's randomness
//! its ids and a generated secret are made from.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{test_event, TestEvent, TestEventIds, ID_BYTES};
use crate::clock::Clock;
use crate::inspector::Inspector;
use crate::replay::ReplayError;
use crate::verify::{Secret, SignError};

/// How long a test event waits for the listener's answer (a listener told to
/// hold its answers holds them for 20 s by default).
pub const TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum TestEventError {
    #[error("the test event's URL {0:?} is not an http:// or https:// URL")]
    BadUrl(String),
    #[error("cannot sign the test event: {0}")]
    Sign(#[from] SignError),
    #[error("cannot draw random bytes from the operating system: {0}")]
    Entropy(getrandom::Error),
    #[error(transparent)]
    Client(#[from] ReplayError),
    #[error("the listener at {url} did not answer the test event: {source}")]
    Send {
        url: String,
        #[source]
        source: reqwest::Error,
    },
}

/// A test event as sent, and the listener's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TestEventSent {
    pub url: String,
    /// The listener's answer status (200 unless its answers were set otherwise).
    pub status: u16,
    /// The stored delivery's id, from the listener's `{"id": …}` answer; none
    /// when it answered with a body of its own.
    pub delivery_id: Option<String>,
    pub message_id: String,
    pub verification_id: String,
}

/// `N` bytes from the operating system's secure random source.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], TestEventError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(TestEventError::Entropy)?;
    Ok(bytes)
}

/// Builds a fresh test event at `clock`'s now, signed with `secret`, and posts it to `url`.
pub async fn send_new(url: &str, secret: &Secret, clock: &Clock) -> Result<TestEventSent, TestEventError> {
    let now_ms = clock.now_ms();
    let ids = TestEventIds::from_random(now_ms, &random_bytes::<ID_BYTES>()?);
    send(url, &test_event(now_ms, ids, secret)?).await
}

/// Posts `event` to `url` and reads the listener's answer.
pub async fn send(url: &str, event: &TestEvent) -> Result<TestEventSent, TestEventError> {
    crate::replaying::check_target(url).map_err(|_| TestEventError::BadUrl(url.to_owned()))?;
    let client = crate::replaying::shared_client()?;
    let mut request = client.post(url).timeout(TIMEOUT).body(event.body.clone());
    for (name, value) in &event.headers {
        request = request.header(name, value);
    }
    let failed = |source| TestEventError::Send { url: url.to_owned(), source };
    let response = request.send().await.map_err(failed)?;
    let status = response.status().as_u16();
    let body = response.bytes().await.map_err(failed)?;
    Ok(TestEventSent {
        url: url.to_owned(),
        status,
        delivery_id: serde_json::from_slice::<StoredAnswer>(&body).ok().map(|answer| answer.id),
        message_id: event.ids.message_id.clone(),
        verification_id: event.ids.verification_id.clone(),
    })
}

/// The listener's default answer.
#[derive(Deserialize)]
struct StoredAnswer {
    id: String,
}

impl Inspector {
    /// Posts a fresh test event, signed with `secret`, to `url` (the running
    /// listener's URL and the webhook path).
    pub async fn send_test_event(&self, url: &str, secret: &Secret) -> Result<TestEventSent, TestEventError> {
        send_new(url, secret, self.clock()).await
    }
}
