//! From a stored delivery to what an export writes: redacted as asked, with
//! secrets cut out of everything — the request, its replays and their answers.

use base64::Engine as _;
use serde::Serialize;

use super::redact::{RedactionError, RedactionOptions, RedactionPreview, Rules};
use super::scrub::NeverWritten;
use super::{ExportedDelivery, RedactionMark};
use crate::delivery::{body_as_json, Delivery};
use crate::replay::ReplayResult;
use crate::replays::ReplayRecord;

/// Applies one export's redactions. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Redactor {
    rules: Rules,
    never: NeverWritten,
}

/// A body as an export writes it, when that differs from the bytes received.
struct ChangedBody {
    bytes: Vec<u8>,
    json_paths: Vec<String>,
    secrets: u32,
}

impl Redactor {
    pub fn new(options: &RedactionOptions, never: NeverWritten) -> Result<Redactor, RedactionError> {
        Ok(Redactor { rules: Rules::new(options)?, never })
    }

    /// Whether a body can change at all (when not, nothing needs checking before writing).
    pub fn may_change_bodies(&self) -> bool {
        self.rules.has_json_paths() || !self.never.is_empty()
    }

    /// Whether exporting `body` changes it.
    pub fn changes_body(&self, body: &[u8]) -> bool {
        self.body(body).is_some()
    }

    fn body(&self, body: &[u8]) -> Option<ChangedBody> {
        let (redacted, json_paths) = match self.rules.body(body) {
            Some((bytes, paths)) => (Some(bytes), paths),
            None => (None, Vec::new()),
        };
        let current = redacted.as_deref().unwrap_or(body);
        let (bytes, secrets) = match self.never.bytes(current) {
            Some((bytes, count)) => (bytes, count),
            None => (redacted?, 0),
        };
        Some(ChangedBody { bytes, json_paths, secrets })
    }

    /// A `(body, body_base64)` pair redacted in place; returns the JSON paths replaced and secrets cut.
    fn body_pair(&self, text: &mut Option<String>, base64: &mut Option<String>) -> (Vec<String>, u32) {
        let bytes = match (text.as_ref(), base64.as_ref()) {
            (Some(text), _) => text.as_bytes().to_vec(),
            (None, Some(encoded)) => match base64::engine::general_purpose::STANDARD.decode(encoded) {
                Ok(bytes) => bytes,
                Err(_) => return (Vec::new(), 0),
            },
            (None, None) => return (Vec::new(), 0),
        };
        match self.body(&bytes) {
            Some(changed) => {
                (*text, *base64) = body_as_json(&changed.bytes);
                (changed.json_paths, changed.secrets)
            }
            None => (Vec::new(), 0),
        }
    }

    /// Header values redacted by name, then secrets cut from the rest; returns the names touched.
    fn headers(&self, headers: &mut [(String, String)], secrets: &mut u32) -> Vec<String> {
        let mut names = self.rules.headers(headers);
        for (name, value) in headers.iter_mut() {
            if let Some((clean, count)) = self.never.text(value) {
                *value = clean;
                *secrets += count;
                let lower = name.to_ascii_lowercase();
                if !names.contains(&lower) {
                    names.push(lower);
                }
            }
        }
        names
    }

    /// The delivery as an export writes it, with its replays, and the marker of what was left out.
    pub fn delivery(&self, delivery: &Delivery, replays: Vec<ReplayRecord>) -> ExportedDelivery {
        let mut json = delivery.to_json();
        json.replays = replays;
        let mut secrets = 0;
        let headers = self.headers(&mut json.headers, &mut secrets);
        let mut mark = RedactionMark { headers, secrets, ..RedactionMark::default() };
        if let Some(changed) = self.body(&delivery.captured.body) {
            (json.body, json.body_base64) = body_as_json(&changed.bytes);
            json.size = changed.bytes.len() as u64;
            mark.json_paths = changed.json_paths;
            mark.secrets += changed.secrets;
            mark.body = true;
        }
        for replay in &mut json.replays {
            self.replay(replay, &mut mark.secrets);
        }
        ExportedDelivery { delivery: json, redacted: (!mark.is_empty()).then_some(mark) }
    }

    /// A replay carries the delivery's headers and body again, and the handler's answer.
    fn replay(&self, replay: &mut ReplayRecord, secrets: &mut u32) {
        let request = &mut replay.outcome.request;
        self.headers(&mut request.headers, secrets);
        *secrets += self.body_pair(&mut request.body, &mut request.body_base64).1;
        if let ReplayResult::Answered(response) = &mut replay.outcome.result {
            self.headers(&mut response.headers, secrets);
            *secrets += self.body_pair(&mut response.body, &mut response.body_base64).1;
        }
    }

    /// What exporting `delivery` would leave out.
    pub fn preview(&self, delivery: &Delivery) -> RedactionPreview {
        let mark = self.delivery(delivery, Vec::new()).redacted.unwrap_or_default();
        RedactionPreview { headers: mark.headers, json_paths: mark.json_paths, secrets: mark.secrets }
    }

    /// `record` as one line of JSON, with any secret still in one of its strings cut
    /// (a replay's URL, a failure message…); returns the text and how many were cut.
    pub fn encode<T: Serialize>(&self, record: &T) -> Result<(String, u32), serde_json::Error> {
        if self.never.is_empty() {
            return Ok((serde_json::to_string(record)?, 0));
        }
        let mut value = serde_json::to_value(record)?;
        let cut = self.never.value(&mut value);
        Ok((serde_json::to_string(&value)?, cut))
    }
}
