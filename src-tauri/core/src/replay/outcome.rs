//! The record of one replay, as stored and shown: the request exactly as sent,
//! and the response or the reason there was none.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::delivery::{body_as_json, headers_as_text, Headers};

use super::ReplayRequest;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReplayOutcome {
    pub request: SentRequest,
    /// Epoch milliseconds (UTC) at which sending started.
    #[ts(type = "number")]
    pub sent_at_ms: i64,
    /// From sending to the end of the response body (or its cut, or the failure).
    #[ts(type = "number")]
    pub latency_ms: u64,
    pub result: ReplayResult,
}

/// Whether the target answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReplayResult {
    Answered(ReplayResponse),
    Failed(SendFailure),
}

/// The request as it went out (the client adds `host`, `content-length` and,
/// when absent, `accept: */*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SentRequest {
    pub method: String,
    pub url: String,
    /// `[name, value]` pairs in sending order; values that are not UTF-8 are shown lossily.
    pub headers: Vec<(String, String)>,
    /// The body, when it is valid UTF-8 (otherwise `body_base64`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub body: Option<String>,
    /// The body in standard base64, when it is not valid UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub body_base64: Option<String>,
}

impl SentRequest {
    pub fn new(request: &ReplayRequest) -> Self {
        let (body, body_base64) = body_as_json(&request.body);
        SentRequest {
            method: request.method.clone(),
            url: request.url.to_string(),
            headers: headers_as_text(&request.headers),
            body,
            body_base64,
        }
    }
}

/// What the target answered. Redirects are recorded, not followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReplayResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub body_base64: Option<String>,
    /// True when the body was longer than [`super::RESPONSE_BODY_CAP`] and cut there.
    pub truncated: bool,
}

impl ReplayResponse {
    pub fn new(status: u16, headers: &Headers, body: &[u8], truncated: bool) -> Self {
        // A cut can split a UTF-8 character; dropping its first bytes keeps a
        // text body readable as text, and the body is marked truncated anyway.
        let body = match std::str::from_utf8(body) {
            Err(e) if truncated && e.error_len().is_none() => &body[..e.valid_up_to()],
            _ => body,
        };
        let (text, base64) = body_as_json(body);
        ReplayResponse { status, headers: headers_as_text(headers), body: text, body_base64: base64, truncated }
    }
}

/// Why there was no answer, in words and as a kind the front ends can style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SendFailure {
    pub cause: FailureKind,
    /// One short sentence, e.g. "nothing is listening on localhost:3000".
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// The connection was refused: nothing listens on that port.
    Refused,
    /// No complete answer within the timeout.
    Timeout,
    /// The host name did not resolve.
    Dns,
    /// The TLS handshake failed.
    Tls,
    Other,
}

/// `(text, base64)`: exactly one is `Some`.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_through_a_character_stays_text_but_other_invalid_bytes_go_base64() {
        let cut = ReplayResponse::new(200, &Vec::new(), "aé".as_bytes().split_at(2).0, true);
        assert_eq!((cut.body.as_deref(), cut.body_base64), (Some("a"), None));
        let binary = ReplayResponse::new(200, &Vec::new(), &[0xff, 0x00], false);
        assert_eq!((binary.body, binary.body_base64.as_deref()), (None, Some("/wA=")));
    }

    #[test]
    fn json_shape_names_the_result_kind() {
        let outcome = ReplayOutcome {
            request: SentRequest {
                method: "POST".into(),
                url: "http://localhost:3000/".into(),
                headers: vec![("x".into(), "1".into())],
                body: Some("{}".into()),
                body_base64: None,
            },
            sent_at_ms: 5,
            latency_ms: 7,
            result: ReplayResult::Failed(SendFailure { cause: FailureKind::Refused, message: "m".into() }),
        };
        let value = serde_json::to_value(&outcome).unwrap();
        assert_eq!(value["result"], serde_json::json!({"kind": "failed", "cause": "refused", "message": "m"}));
        assert_eq!(value["request"]["headers"], serde_json::json!([["x", "1"]]));
        assert!(value["request"].get("body_base64").is_none());
        assert_eq!(serde_json::from_value::<ReplayOutcome>(value).unwrap(), outcome);
    }
}
