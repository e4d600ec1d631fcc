//! Replaying a captured delivery to a handler the developer runs (e.g.
//! `http://localhost:3000/webhooks/self`): as captured, re-signed at the current
//! time, or edited first.
//!
//! Building the request ([`build`], [`curl`]) is pure: the time and a fresh
//! message id come in as parameters. Sending ([`send`], [`send_concurrently`])
//! is the only part that does I/O, and it never fails: every way a replay can go
//! wrong ends up as words in a [`ReplayOutcome`].

mod build;
mod curl;
mod error;
mod failure;
mod hop_by_hop;
mod outcome;
mod resign;
mod send;
#[cfg(test)]
mod tests;

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::delivery::Headers;

pub use build::build;
pub use curl::curl;
pub use error::ReplayError;
pub use outcome::{FailureKind, ReplayOutcome, ReplayResponse, ReplayResult, SendFailure, SentRequest};
pub use send::{client, send, send_concurrently, DEFAULT_TIMEOUT, RESPONSE_BODY_CAP};

/// How a delivery is replayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ReplayMode {
    /// The captured body and headers, byte for byte (old signature, old timestamp).
    AsCaptured,
    /// The captured body with its signature rebuilt at the current time.
    Resigned {
        /// Use a fresh message id instead of the captured one (the handler sees a new message).
        new_message_id: bool,
    },
    /// A body and headers the developer edited, optionally re-signed.
    Edited { resign: bool, new_message_id: bool },
}

/// What the developer changed before an [`ReplayMode::Edited`] replay: the whole
/// body and the whole header list, replacing the captured ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub body: Bytes,
    pub headers: Headers,
}

/// A request ready to send: what [`send`] sends and [`curl`] writes out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayRequest {
    /// An HTTP method token, checked by [`build`].
    pub method: String,
    /// An `http` or `https` URL, checked by [`build`].
    pub url: url::Url,
    /// In sending order; no hop-by-hop headers and no `content-length` (the client
    /// writes the real one). Names and values checked by [`build`].
    pub headers: Headers,
    pub body: Bytes,
}
