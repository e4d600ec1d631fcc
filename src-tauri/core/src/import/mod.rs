//! Imports of exported logs — Hookscope logs (NDJSON) and HAR files — into the
//! timeline. Parsing only: one line or entry at a time to a [`Delivery`], over
//! any reader, never the whole file in memory. Batching and writing are in
//! [`crate::importing`].
//!
//! A malformed line or entry is skipped and reported (its number and why); the
//! rest of the file is still imported. A file that cannot be read on (not JSON
//! at all, a HAR file broken mid-way, a manifest from a newer Hookscope) stops
//! the import with an error; batches committed before that stay.

pub mod har;
pub mod ndjson;
mod record;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::delivery::Delivery;
use crate::replays::ReplayRecord;
use crate::store::StoreError;

pub use record::RecordError;

/// A delivery read from an exported log, with the replays recorded with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedDelivery {
    /// Its original id, its recorded verdict, and `imported_from` set to the file's name.
    pub delivery: Delivery,
    pub replays: Vec<ReplayRecord>,
}

/// One line or entry of an exported log, read.
#[derive(Debug)]
pub enum Parsed {
    Delivery(Box<ImportedDelivery>),
    Rejected(Rejected),
}

/// A line or entry that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Rejected {
    /// Where: `line 4` (NDJSON) or `entry 2` (HAR), counted from 1.
    pub at: String,
    pub message: String,
}

impl Rejected {
    pub(crate) fn new(at: String, error: &dyn std::error::Error) -> Self {
        Rejected { at, message: crate::capture::error_chain(error) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    Ndjson,
    Har,
}

/// Which format a file is in, from its first bytes: a HAR document opens with
/// its `log` object, a Hookscope log with its manifest (or a delivery).
pub fn sniff(start: &[u8]) -> ImportFormat {
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    let mut rest = start.iter().skip_while(|b| b.is_ascii_whitespace());
    if rest.next() != Some(&b'{') {
        return ImportFormat::Ndjson;
    }
    let key: Vec<u8> = rest.skip_while(|b| b.is_ascii_whitespace()).take(5).copied().collect();
    if key == b"\"log\"" {
        ImportFormat::Har
    } else {
        ImportFormat::Ndjson
    }
}

/// How many deliveries an import added, found already stored, or could not read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportCounts {
    /// Deliveries added to the timeline.
    #[ts(type = "number")]
    pub added: u64,
    /// Deliveries already stored (same id), not added again.
    #[ts(type = "number")]
    pub skipped: u64,
    /// Lines or entries that could not be read.
    #[ts(type = "number")]
    pub rejected: u64,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportSummary {
    /// The file's name, as recorded on every delivery imported from it.
    pub file: String,
    pub format: ImportFormat,
    #[serde(flatten)]
    pub counts: ImportCounts,
    /// The first rejected lines or entries, with why.
    pub errors: Vec<Rejected>,
}

/// How far an import is, published after each committed batch (as `CoreEvent::Imported`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportProgress {
    pub file: String,
    /// So far.
    #[serde(flatten)]
    pub counts: ImportCounts,
    /// Bytes of the file read so far, of `total_bytes`.
    #[ts(type = "number")]
    pub bytes_read: u64,
    #[ts(type = "number")]
    pub total_bytes: u64,
    pub finished: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot open {path}")]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read the file")]
    Read(#[source] std::io::Error),
    #[error("the file is neither a Hookscope log nor a HAR file: its first line is not JSON")]
    NotJson(#[source] serde_json::Error),
    #[error("the file is not a HAR file: it has no log object")]
    NoLog,
    #[error("the manifest names the format '{0}', not a Hookscope log")]
    UnknownFormat(String),
    #[error("the log was written by a newer Hookscope (format version {found}; this one reads up to {known}): update hookscope")]
    NewerVersion { found: u32, known: u32 },
    #[error("line {line} is longer than {limit} bytes")]
    LineTooLong { line: u64, limit: usize },
    #[error("the HAR file is malformed (after {entry} entries)")]
    Har {
        entry: u64,
        #[source]
        source: serde_json::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the import stopped unexpectedly")]
    Task(#[source] tokio::task::JoinError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_har_by_its_log_object_and_everything_else_as_ndjson() {
        assert_eq!(sniff(b"{\"log\":{\"version\":\"1.2\"}}"), ImportFormat::Har);
        assert_eq!(sniff(b"\xEF\xBB\xBF\n  {\n  \"log\": {"), ImportFormat::Har);
        assert_eq!(sniff(b"{\"format\":\"hookscope-log\"}\n"), ImportFormat::Ndjson);
        assert_eq!(sniff(b"{\"id\":\"01\"}\n"), ImportFormat::Ndjson);
        assert_eq!(sniff(b""), ImportFormat::Ndjson);
        assert_eq!(sniff(b"GIF89a"), ImportFormat::Ndjson);
    }
}
