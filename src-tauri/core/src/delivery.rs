//! A delivery: one HTTP request received by the listener, and the answer it got.
//!
//! [`Captured`] is what the listener hands to the store; [`Delivery`] is what the
//! store gives back. [`DeliveryJson`] is the one JSON shape of a delivery, used by
//! `hookscope list --json`, the exports and (through generated types) the UI.

use base64::Engine as _;
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::rfc3339_ms;
use crate::group::{Classification, Relation};
use crate::outcome::{sender_outcome, status_seen_by_sender, SenderOutcome};
use crate::verify::{Verification, VerificationStatus};

/// Header names (lowercase) with their raw values, in arrival order.
pub type Headers = Vec<(String, Vec<u8>)>;

/// Why the listener refused a request instead of capturing its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// The body was over the configured limit.
    TooLarge,
    /// The body could not be read to its end (the sender hung up, a bad chunk, a timeout).
    BodyUnreadable,
}

impl Rejection {
    pub fn code(self) -> &'static str {
        match self {
            Rejection::TooLarge => "too_large",
            Rejection::BodyUnreadable => "body_unreadable",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "too_large" => Some(Rejection::TooLarge),
            "body_unreadable" => Some(Rejection::BodyUnreadable),
            _ => None,
        }
    }

    /// The status the sender is answered with.
    pub fn status(self) -> u16 {
        match self {
            Rejection::TooLarge => 413,
            Rejection::BodyUnreadable => 400,
        }
    }
}

/// A request as the listener received it, with the answer decided for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    /// Epoch milliseconds (UTC), from the listener's clock.
    pub received_at_ms: i64,
    pub remote_addr: Option<String>,
    pub method: String,
    /// The request target exactly as received: path and query string.
    pub path: String,
    pub headers: Headers,
    /// The raw body bytes; empty when the request was rejected.
    pub body: Bytes,
    /// The `Content-Length` the sender declared, if any.
    pub declared_size: Option<u64>,
    pub rejection: Option<Rejection>,
    /// The sender's message id (`svix-id`, `webhook-id`, `x-github-delivery`, Stripe's event id).
    pub message_id: Option<String>,
    /// The event's business key (see [`crate::group::dedup_key`]).
    pub dedup_key: String,
    /// The signature verdict as at receipt; None when the body was refused.
    pub verification: Option<Verification>,
}

impl Captured {
    /// The first value of header `name` (lowercase), as text if it is UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
}

/// The first value of header `name` (compared without case), as text if it is UTF-8.
pub fn header_value<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).and_then(|(_, v)| std::str::from_utf8(v).ok())
}

/// What Hookscope answered the sender (JSON: `response`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Answer {
    pub status: u16,
    /// How long Hookscope waited before answering.
    #[serde(default)]
    #[ts(type = "number")]
    pub delay_ms: u64,
    /// True when the answer came from the developer's answer settings, not the default 200.
    #[serde(default)]
    pub scripted: bool,
    /// True when Hookscope held the connection without answering (a simulated timeout).
    #[serde(default)]
    pub held: bool,
}

impl Answer {
    pub fn plain(status: u16) -> Self {
        Answer { status, delay_ms: 0, scripted: false, held: false }
    }

    /// What the sender will do next, given this answer to attempt `attempt`.
    pub fn sender_outcome(&self, attempt: u32, received_at_ms: i64) -> SenderOutcome {
        let answered = if self.held { None } else { Some(self.status) };
        sender_outcome(status_seen_by_sender(answered, self.delay_ms), attempt, received_at_ms)
    }
}

/// A stored delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// A ULID: sorts by arrival.
    pub id: String,
    pub captured: Captured,
    pub answer: Answer,
    pub grouping: Classification,
    /// The name of the exported log this delivery was imported from; None when captured here.
    pub imported_from: Option<String>,
    /// Kept whatever the retention cap.
    pub pinned: bool,
}

impl Delivery {
    pub fn summary(&self) -> DeliverySummary {
        let c = &self.captured;
        DeliverySummary {
            id: self.id.clone(),
            received_at_ms: c.received_at_ms,
            method: c.method.clone(),
            path: c.path.clone(),
            size: c.body.len() as u64,
            status: self.answer.status,
            rejection: c.rejection.map(|r| r.code().to_owned()),
            verification: c.verification.as_ref().map(|v| v.status),
            message_id: c.message_id.clone(),
            attempt: self.grouping.attempt,
            duplicate_of: self.grouping.duplicate_of.clone(),
            relation: self.grouping.relation.clone(),
            outcome: self.answer.sender_outcome(self.grouping.attempt, c.received_at_ms).summary,
            imported_from: self.imported_from.clone(),
            pinned: self.pinned,
        }
    }

    pub fn to_json(&self) -> DeliveryJson {
        let c = &self.captured;
        let (body, body_base64) = body_as_json(&c.body);
        DeliveryJson {
            id: self.id.clone(),
            received_at: rfc3339_ms(c.received_at_ms),
            remote_addr: c.remote_addr.clone(),
            method: c.method.clone(),
            path: c.path.clone(),
            headers: headers_as_text(&c.headers),
            body,
            body_base64,
            size: c.body.len() as u64,
            declared_size: c.declared_size,
            rejection: c.rejection.map(|r| r.code().to_owned()),
            response: self.answer.clone(),
            verification: c.verification.clone(),
            message_id: c.message_id.clone(),
            dedup_key: c.dedup_key.clone(),
            attempt: self.grouping.attempt,
            duplicate_of: self.grouping.duplicate_of.clone(),
            relation: self.grouping.relation.clone(),
            sender_outcome: self.answer.sender_outcome(self.grouping.attempt, c.received_at_ms),
            replays: Vec::new(),
            imported_from: self.imported_from.clone(),
            pinned: self.pinned,
        }
    }
}

/// One row of the timeline: what a list needs, without headers or body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeliverySummary {
    pub id: String,
    /// Epoch milliseconds (UTC).
    #[ts(type = "number")]
    pub received_at_ms: i64,
    pub method: String,
    pub path: String,
    /// Body size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// The status Hookscope answered.
    pub status: u16,
    /// Why the request was refused (`too_large`, `body_unreadable`), if it was.
    pub rejection: Option<String>,
    /// The signature verdict as at receipt; null when the body was refused.
    pub verification: Option<VerificationStatus>,
    pub message_id: Option<String>,
    pub attempt: u32,
    pub duplicate_of: Option<String>,
    pub relation: Relation,
    /// What the sender will do next, in words.
    pub outcome: String,
    /// The exported log's file name, for a delivery imported from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub imported_from: Option<String>,
    /// Kept whatever the retention cap (`hookscope pin`, the pin button).
    #[serde(default)]
    pub pinned: bool,
}

/// The JSON shape of a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeliveryJson {
    pub id: String,
    /// RFC 3339, UTC, milliseconds.
    pub received_at: String,
    pub remote_addr: Option<String>,
    pub method: String,
    /// Path and query string exactly as received.
    pub path: String,
    /// `[name, value]` pairs in arrival order; names lowercase.
    pub headers: Vec<(String, String)>,
    /// The body, when it is valid UTF-8 (exactly one of `body` and `body_base64` is present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub body: Option<String>,
    /// The body in standard base64, when it is not valid UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub body_base64: Option<String>,
    /// Body size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// The `Content-Length` the sender declared, if any (for a refused body, the size it claimed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub declared_size: Option<u64>,
    /// Why the request was refused, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub rejection: Option<String>,
    /// What Hookscope answered.
    pub response: Answer,
    /// The signature verdict as at receipt; null when the body was refused.
    pub verification: Option<Verification>,
    /// The sender's message id, shared by its retries.
    pub message_id: Option<String>,
    /// The event's business key, shared by duplicates of one event.
    pub dedup_key: String,
    /// The sender's attempt number for this message, from 1.
    pub attempt: u32,
    /// The first delivery of the same event, or null for that first one.
    pub duplicate_of: Option<String>,
    pub relation: Relation,
    /// What the sender will do after the answer this delivery got.
    pub sender_outcome: SenderOutcome,
    /// Hookscope's replays of this delivery to the developer's service, newest first.
    #[serde(default)]
    pub replays: Vec<crate::replays::ReplayRecord>,
    /// The exported log's file name, for a delivery imported from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub imported_from: Option<String>,
    /// Kept whatever the retention cap (`hookscope pin`, the pin button).
    #[serde(default)]
    pub pinned: bool,
}

/// A body as JSON carries it: `(body, body_base64)`, exactly one of them set —
/// the text when it is valid UTF-8, standard base64 otherwise.
pub(crate) fn body_as_json(body: &[u8]) -> (Option<String>, Option<String>) {
    match std::str::from_utf8(body) {
        Ok(text) => (Some(text.to_owned()), None),
        Err(_) => (None, Some(base64::engine::general_purpose::STANDARD.encode(body))),
    }
}

/// Headers as `[name, value]` text pairs; values that are not UTF-8 are shown lossily.
pub(crate) fn headers_as_text(headers: &Headers) -> Vec<(String, String)> {
    headers.iter().map(|(n, v)| (n.clone(), String::from_utf8_lossy(v).into_owned())).collect()
}

/// Encodes headers as HTTP/1 header lines (`name: value\r\n`). Lossless: hyper
/// refuses CR, LF and NUL in values and ':' in names.
pub fn encode_headers(headers: &Headers) -> Vec<u8> {
    let mut out = Vec::with_capacity(headers.iter().map(|(n, v)| n.len() + v.len() + 4).sum());
    for (name, value) in headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The inverse of [`encode_headers`]; malformed lines (never written by it) are skipped.
pub fn decode_headers(bytes: &[u8]) -> Headers {
    let mut headers = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let end = find(rest, b"\r\n").unwrap_or(rest.len());
        let line = &rest[..end];
        rest = rest.get(end + 2..).unwrap_or(&[]);
        if let Some(colon) = find(line, b": ") {
            let name = String::from_utf8_lossy(&line[..colon]).into_owned();
            headers.push((name, line[colon + 2..].to_vec()));
        }
    }
    headers
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captured(body: &'static [u8]) -> Captured {
        Captured {
            received_at_ms: 1_795_681_812_345,
            remote_addr: Some("127.0.0.1:5555".into()),
            method: "POST".into(),
            path: "/webhooks/self?x=1".into(),
            headers: vec![
                ("content-type".into(), b"application/json".to_vec()),
                ("x-dup".into(), b"a".to_vec()),
                ("x-dup".into(), b"b: c".to_vec()),
                ("x-latin".into(), vec![0xE9]),
            ],
            body: Bytes::from_static(body),
            declared_size: None,
            rejection: None,
            message_id: None,
            dedup_key: "sha256:00".into(),
            verification: None,
        }
    }

    fn delivery(id: &str, body: &'static [u8]) -> Delivery {
        Delivery {
            id: id.into(),
            captured: captured(body),
            answer: Answer::plain(200),
            grouping: Classification { attempt: 1, duplicate_of: None, relation: Relation::Original },
            imported_from: None,
            pinned: false,
        }
    }

    #[test]
    fn headers_round_trip_with_duplicates_colons_and_raw_bytes() {
        let c = captured(b"");
        assert_eq!(decode_headers(&encode_headers(&c.headers)), c.headers);
        assert!(decode_headers(b"").is_empty());
    }

    #[test]
    fn utf8_body_goes_to_body_and_binary_to_body_base64() {
        let text = delivery("A", b"{\"a\":1}").to_json();
        assert_eq!(text.body.as_deref(), Some("{\"a\":1}"));
        assert_eq!(text.body_base64, None);
        let binary = delivery("B", &[0xff, 0x00, 0x41]).to_json();
        assert_eq!(binary.body, None);
        assert_eq!(binary.body_base64.as_deref(), Some("/wBB"));
        assert_eq!(binary.size, 3);
    }

    #[test]
    fn json_shape_is_stable() {
        let json = delivery("01X", b"hi").to_json();
        let value = serde_json::to_value(&json).unwrap();
        assert_eq!(value["received_at"], "2026-11-26T08:30:12.345Z");
        assert_eq!(value["headers"][1], serde_json::json!(["x-dup", "a"]));
        assert_eq!(value["headers"][2], serde_json::json!(["x-dup", "b: c"]));
        assert_eq!(value["response"]["status"], 200);
        assert_eq!(value["sender_outcome"]["summary"], "delivered");
        assert_eq!(value["relation"], serde_json::json!({"kind": "original"}));
        assert_eq!(value["attempt"], 1);
        assert!(value.get("body_base64").is_none());
        assert!(value.get("rejection").is_none());
        let back: DeliveryJson = serde_json::from_value(value).unwrap();
        assert_eq!(back, json);
    }
}
