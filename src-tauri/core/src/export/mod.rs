//! Exports of stored deliveries, to hand to a provider's support or a teammate:
//! a Hookscope log (NDJSON, lossless, imported back by [`crate::import`]) or a
//! HAR 1.2 file for browsers' devtools and HTTP clients.
//!
//! Pure: deliveries and the time come in, text goes out; reading the store and
//! writing the file are in [`crate::exporting`].

pub mod har;
#[cfg(test)]
mod har_tests;
mod har_url;
pub mod manifest;
pub mod ndjson;
mod prepare;
pub mod redact;
pub mod scrub;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::delivery::DeliveryJson;
use crate::store::TimelineFilter;

pub use prepare::Redactor;
pub use redact::{RedactionError, RedactionOptions, RedactionPreview};
pub use scrub::NeverWritten;

/// The two export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// A manifest line, then one delivery JSON object per line.
    Ndjson,
    /// HTTP Archive 1.2.
    Har,
}

impl ExportFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Ndjson => "ndjson",
            ExportFormat::Har => "har",
        }
    }
}

/// Which deliveries an export holds: those matching the filter and, when ids are
/// given, among them. The default is every stored delivery; a time window is the
/// filter's `since_ms`/`until_ms`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ExportScope {
    /// The timeline filter in force (verdicts, search, time window…).
    pub filter: TimelineFilter,
    /// Only these deliveries (a selection); empty: no restriction.
    pub ids: Vec<String>,
}

/// What to export, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportRequest {
    pub format: ExportFormat,
    #[serde(default)]
    pub scope: ExportScope,
    #[serde(default)]
    pub redaction: RedactionOptions,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportSummary {
    pub format: ExportFormat,
    /// Deliveries written.
    #[ts(type = "number")]
    pub count: u64,
    /// Deliveries whose body was changed by a redaction (their signatures no longer match).
    #[ts(type = "number")]
    pub redacted_bodies: u64,
    /// Occurrences of a signing secret or the ngrok authtoken cut out.
    #[ts(type = "number")]
    pub secrets_removed: u64,
    /// Bytes written.
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What was left out of one exported delivery (its per-delivery marker).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct RedactionMark {
    /// Header names whose values were replaced.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
    /// JSON paths in the body whose values were replaced.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub json_paths: Vec<String>,
    /// Occurrences of a signing secret or the ngrok authtoken cut out.
    #[serde(skip_serializing_if = "is_zero")]
    pub secrets: u32,
    /// True when the body is not the bytes received: its signature no longer
    /// matches, and the verdict shown is the one recorded at receipt.
    pub body: bool,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl RedactionMark {
    pub fn is_empty(&self) -> bool {
        self.headers.is_empty() && self.json_paths.is_empty() && self.secrets == 0 && !self.body
    }
}

/// One exported delivery: the JSON of `hookscope list --json`, and what was left out of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedDelivery {
    #[serde(flatten)]
    pub delivery: DeliveryJson,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redacted: Option<RedactionMark>,
}
