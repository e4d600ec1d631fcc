//! Webhook signature verification: which scheme signed a delivery, whether a
//! configured secret produced that signature, and — when none did — which common
//! mistake on the way would explain it.
//!
//! Pure logic: no I/O, no clock (the time of receipt comes in the [`Request`]),
//! no randomness. Secrets never appear in a [`Verification`], a
//! [`SignatureDetail`], an error or a `Debug` rendering.

mod check;
mod detail;
mod diagnose;
mod generic;
mod github;
mod mac;
mod reserialize;
mod secret;
mod shopify;
mod sign;
mod signed;
mod slack;
mod standard;
mod stripe;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::delivery::Headers;
pub use detail::{signature_detail, EntryState, ExpectedSignature, ReceivedSignature, SignatureDetail};
pub use secret::{Secret, SecretError};
pub use sign::{sign, SignError};

/// The default allowed distance between a signed timestamp and the time of
/// receipt, in seconds, as in the Standard Webhooks, Stripe and Slack libraries.
pub const DEFAULT_TOLERANCE_SECONDS: i64 = 300;

/// What verification looks at in a received request.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// Path and query string as received; matched against secrets' path prefixes.
    pub path: &'a str,
    pub headers: &'a Headers,
    /// The raw body bytes exactly as received.
    pub body: &'a [u8],
    /// Epoch milliseconds (UTC) at which the request arrived.
    pub received_at_ms: i64,
}

/// A signature scheme Hookscope recognises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// Standard Webhooks, as sent by Svix and by Self (`svix-*` or `webhook-*` headers).
    StandardWebhooks,
    Stripe,
    Github,
    Shopify,
    Slack,
    /// An HMAC-SHA256 of the body in a configurable header.
    Generic,
}

impl Scheme {
    /// The scheme's name as people write it, for detail sentences.
    pub fn display_name(&self) -> &'static str {
        match self {
            Scheme::StandardWebhooks => "Standard Webhooks",
            Scheme::Stripe => "Stripe",
            Scheme::Github => "GitHub",
            Scheme::Shopify => "Shopify",
            Scheme::Slack => "Slack",
            Scheme::Generic => "generic HMAC",
        }
    }
}

/// How a generic signature's bytes are written in its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SignatureEncoding {
    Hex,
    Base64,
}

/// A user-configured HMAC-SHA256 scheme: `header: <prefix><hex or base64 of HMAC(secret, body)>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GenericScheme {
    /// Header name; compared without case.
    pub header: String,
    pub encoding: SignatureEncoding,
    /// Text before the encoded signature, e.g. `sha256=`.
    pub prefix: Option<String>,
}

/// Which header names a Standard Webhooks delivery uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HeaderFamily {
    /// `svix-id`, `svix-timestamp`, `svix-signature` (Svix, Self).
    Svix,
    /// `webhook-id`, `webhook-timestamp`, `webhook-signature` (the Standard Webhooks spec).
    Webhook,
}

impl HeaderFamily {
    /// The header-name prefix, e.g. `svix` in `svix-id`.
    pub fn prefix(self) -> &'static str {
        match self {
            HeaderFamily::Svix => "svix",
            HeaderFamily::Webhook => "webhook",
        }
    }
}

/// Knobs of verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifySettings {
    /// Allowed |receipt − signed timestamp|, in seconds, both directions.
    pub tolerance_seconds: i64,
    /// The generic scheme, when the user configured one.
    pub generic: Option<GenericScheme>,
}

impl Default for VerifySettings {
    fn default() -> Self {
        VerifySettings { tolerance_seconds: DEFAULT_TOLERANCE_SECONDS, generic: None }
    }
}

/// The verdict on one delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    /// A signature matched and the timestamp (if the scheme has one) is within tolerance.
    Verified,
    /// A signature matched but the timestamp is outside tolerance.
    Stale,
    /// Well-formed signature headers, but no signature matched any applicable secret.
    Mismatch,
    /// Signature headers present but unusable.
    Malformed,
    /// No signature headers.
    Unsigned,
    /// Signed, but no secret applies to this scheme and path.
    NoSecret,
}

/// The outcome of [`verify`]: what the UI, the CLI and the store show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Verification {
    pub scheme: Option<Scheme>,
    pub status: VerificationStatus,
    /// The label of the secret whose signature matched.
    pub matched_secret: Option<String>,
    /// Receipt time minus the signed timestamp, in seconds (positive: signed in the past).
    #[ts(type = "number | null")]
    pub skew_seconds: Option<i64>,
    /// Likely causes, one short sentence each; only those that apply.
    pub hints: Vec<String>,
    /// One human sentence summing up the verdict.
    pub detail: String,
}

/// Verifies a delivery against the configured secrets.
pub fn verify(req: &Request, secrets: &[Secret], settings: &VerifySettings) -> Verification {
    check::check(req, secrets, settings, Some(settings.tolerance_seconds))
}

/// "Would this delivery verify now, ignoring the timestamp?" — [`verify`] with no
/// tolerance limit, so an old delivery that was correctly signed reads `verified`.
pub fn verify_ignoring_time(req: &Request, secrets: &[Secret], settings: &VerifySettings) -> Verification {
    check::check(req, secrets, settings, None)
}
