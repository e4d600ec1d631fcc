//! The signature breakdown the detail view shows: what was signed, what each
//! applicable secret would have sent, and what was received.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::check::sentence;
use super::signed::{self, EntryKind};
use super::{HeaderFamily, Request, Scheme, Secret, VerifySettings};

/// How many body bytes the signed-content preview shows.
const PREVIEW_BODY_BYTES: usize = 200;

#[derive(Debug, Clone, Serialize, TS)]
pub struct SignatureDetail {
    pub scheme: Option<Scheme>,
    /// `svix` or `webhook`, for Standard Webhooks deliveries.
    pub header_family: Option<HeaderFamily>,
    /// The signature-related header names read (lowercase).
    pub signature_headers: Vec<String>,
    /// The signed content with at most the first 200 body bytes, invalid UTF-8 replaced.
    pub signed_content_preview: String,
    /// Whether the body was longer than the preview.
    pub preview_truncated: bool,
    /// The signed timestamp (unix seconds), for schemes that sign one.
    #[ts(type = "number | null")]
    pub timestamp: Option<i64>,
    /// The signature each applicable secret produces, written as the header writes it.
    pub expected: Vec<ExpectedSignature>,
    /// The received signature entries.
    pub received: Vec<ReceivedSignature>,
    /// Why the headers are unusable (malformed) or absent (unsigned), as a sentence.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ExpectedSignature {
    pub secret_label: String,
    pub signature: String,
    pub matched: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReceivedSignature {
    pub entry: String,
    pub state: EntryState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// An applicable secret reproduces it.
    Matched,
    /// Checked; no applicable secret reproduces it.
    NoMatch,
    /// A version Hookscope does not check (e.g. `v1a`, which needs a public key).
    NotChecked,
    /// Not decodable as a signature.
    Unusable,
}

pub fn signature_detail(req: &Request, secrets: &[Secret], settings: &VerifySettings) -> SignatureDetail {
    let empty = |scheme, header_family, problem: String| SignatureDetail {
        scheme,
        header_family,
        signature_headers: Vec::new(),
        signed_content_preview: String::new(),
        preview_truncated: false,
        timestamp: None,
        expected: Vec::new(),
        received: Vec::new(),
        problem: Some(problem),
    };
    let signed = match signed::detect(req.headers, settings) {
        None => return empty(None, None, "No signature headers of a known scheme.".to_owned()),
        Some(Err(m)) => return empty(Some(m.scheme), m.family, sentence(&m.reason)),
        Some(Ok(signed)) => signed,
    };
    let applicable: Vec<&Secret> = secrets.iter().filter(|s| s.applies_to(&signed.scheme, req.path)).collect();
    let expected: Vec<(ExpectedSignature, Vec<u8>)> = applicable
        .iter()
        .map(|secret| {
            let mac = signed.expected(secret.key(), req.body);
            let matched = signed.matches(secret.key(), req.body);
            let signature = signed.format.write(&mac);
            (ExpectedSignature { secret_label: secret.label().to_owned(), signature, matched }, mac)
        })
        .collect();
    let received = signed
        .entries
        .iter()
        .map(|entry| {
            let state = match &entry.kind {
                EntryKind::Checked(sig) if expected.iter().any(|(_, mac)| super::mac::same(sig, mac)) => {
                    EntryState::Matched
                }
                EntryKind::Checked(_) => EntryState::NoMatch,
                EntryKind::OtherVersion => EntryState::NotChecked,
                EntryKind::Unusable => EntryState::Unusable,
            };
            ReceivedSignature { entry: entry.text.clone(), state }
        })
        .collect();
    let shown = &req.body[..req.body.len().min(PREVIEW_BODY_BYTES)];
    let preview = [String::from_utf8_lossy(&signed.content_prefix), String::from_utf8_lossy(shown)].concat();
    SignatureDetail {
        scheme: Some(signed.scheme.clone()),
        header_family: signed.family,
        signature_headers: signed.headers.clone(),
        signed_content_preview: preview,
        preview_truncated: req.body.len() > PREVIEW_BODY_BYTES,
        timestamp: signed.timestamp,
        expected: expected.into_iter().map(|(e, _)| e).collect(),
        received,
        problem: None,
    }
}
