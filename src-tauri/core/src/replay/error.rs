//! Why a replay request could not be built. Messages name headers, never their
//! values (a captured `authorization` header is as sensitive as a secret), and
//! never contain a signing secret.

use crate::verify::{Scheme, SignError};

#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("the target {target:?} is not a URL: {source}")]
    InvalidTarget {
        target: String,
        #[source]
        source: url::ParseError,
    },
    #[error("the target {target:?} is not an http or https URL")]
    UnsupportedTarget { target: String },
    #[error("the method {method:?} is not a valid HTTP method")]
    InvalidMethod { method: String },
    #[error("the header {name:?} cannot be sent: {reason}")]
    InvalidHeader { name: String, reason: &'static str },
    #[error("an edit was given, but the replay mode is not `edited`")]
    UnexpectedEdit,
    #[error("delivery {id} carries no signature to rebuild; replay it as captured instead")]
    Unsigned { id: String },
    #[error(
        "no signing secret for {} deliveries to {path}: add one in settings or with --secret",
        scheme.display_name()
    )]
    NoSecret { scheme: Scheme, path: String },
    #[error("cannot re-sign the delivery: {0}")]
    Sign(#[from] SignError),
    #[error("cannot set up the HTTP client for replays: {0}")]
    Client(#[source] reqwest::Error),
}
