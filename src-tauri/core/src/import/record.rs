//! From an exported delivery's JSON back to a [`Delivery`], as it was recorded:
//! its id, its verdict at receipt, its grouping and Hookscope's answer.

use base64::Engine as _;
use bytes::Bytes;

use super::ImportedDelivery;
use crate::clock::parse_rfc3339_ms;
use crate::delivery::{Captured, Delivery, DeliveryJson, Headers, Rejection};
use crate::group::Classification;

/// Ids longer than this are not Hookscope's (a ULID has 26 characters).
const MAX_ID: usize = 128;

/// Why one line or entry was not imported.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("not a delivery")]
    Shape(#[source] serde_json::Error),
    #[error("the id is empty, longer than {MAX_ID} characters or not printable")]
    Id,
    #[error("'{0}' is not an RFC 3339 time")]
    Time(String),
    #[error("the body is not valid base64")]
    Base64(#[source] base64::DecodeError),
    #[error("unknown rejection '{0}'")]
    Rejection(String),
    #[error("'{0}' is not an absolute URL")]
    Url(String),
}

/// The delivery of a Hookscope log line (or of `hookscope list --json`), imported from `file`.
pub(crate) fn from_json(json: DeliveryJson, file: &str) -> Result<ImportedDelivery, RecordError> {
    let rejection = json.rejection.as_deref().map(rejection).transpose()?;
    let delivery = Delivery {
        id: checked_id(json.id)?,
        captured: Captured {
            received_at_ms: time(&json.received_at)?,
            remote_addr: json.remote_addr,
            method: json.method,
            path: json.path,
            headers: header_bytes(json.headers),
            body: body_bytes(json.body, json.body_base64.as_deref())?,
            declared_size: json.declared_size,
            rejection,
            message_id: json.message_id,
            dedup_key: json.dedup_key,
            verification: json.verification,
        },
        answer: json.response,
        grouping: Classification { attempt: json.attempt, duplicate_of: json.duplicate_of, relation: json.relation },
        imported_from: Some(file.to_owned()),
        pinned: false,
    };
    let replays = with_delivery_id(json.replays, &delivery.id);
    Ok(ImportedDelivery { delivery, replays })
}

/// Replays point at their delivery by id: make sure they point at this one.
pub(crate) fn with_delivery_id(
    mut replays: Vec<crate::replays::ReplayRecord>,
    id: &str,
) -> Vec<crate::replays::ReplayRecord> {
    for replay in &mut replays {
        replay.delivery_id = id.to_owned();
    }
    replays
}

pub(crate) fn checked_id(id: String) -> Result<String, RecordError> {
    let printable = id.chars().all(|c| c.is_ascii_graphic());
    if id.is_empty() || id.len() > MAX_ID || !printable {
        return Err(RecordError::Id);
    }
    Ok(id)
}

pub(crate) fn time(text: &str) -> Result<i64, RecordError> {
    parse_rfc3339_ms(text).ok_or_else(|| RecordError::Time(text.to_owned()))
}

pub(crate) fn rejection(code: &str) -> Result<Rejection, RecordError> {
    Rejection::from_code(code).ok_or_else(|| RecordError::Rejection(code.to_owned()))
}

/// Text header pairs back to raw values.
pub(crate) fn header_bytes(pairs: Vec<(String, String)>) -> Headers {
    pairs.into_iter().map(|(name, value)| (name, value.into_bytes())).collect()
}

/// A body given as text, or as base64 when it was not UTF-8; neither is an empty body.
pub(crate) fn body_bytes(text: Option<String>, base64: Option<&str>) -> Result<Bytes, RecordError> {
    match (text, base64) {
        (Some(text), _) => Ok(Bytes::from(text.into_bytes())),
        (None, Some(encoded)) => base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map(Bytes::from)
            .map_err(RecordError::Base64),
        (None, None) => Ok(Bytes::new()),
    }
}
