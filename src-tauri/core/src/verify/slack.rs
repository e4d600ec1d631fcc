//! Slack: `X-Slack-Signature: v0=<hex>`, an HMAC-SHA256 over
//! `v0:<X-Slack-Request-Timestamp>:<body>` keyed with the signing secret text.

use super::mac::{self, Algorithm};
use super::signed::Signed;
use super::signed::{decode_mac, header_text, parse_timestamp, Entry, EntryKind, Malformed, Parsed, SignatureFormat};
use super::{Headers, Scheme, SignatureEncoding};

const SIGNATURE_HEADER: &str = "x-slack-signature";
const TIMESTAMP_HEADER: &str = "x-slack-request-timestamp";

fn format() -> SignatureFormat {
    SignatureFormat::new("v0=", SignatureEncoding::Hex)
}

pub(crate) fn parse(headers: &Headers) -> Option<Parsed> {
    let malformed = |reason: String| Malformed { scheme: Scheme::Slack, family: None, reason };
    let value = match header_text(headers, SIGNATURE_HEADER)? {
        Ok(v) => v.trim(),
        Err(reason) => return Some(Err(malformed(reason))),
    };
    let timestamp = match header_text(headers, TIMESTAMP_HEADER) {
        None => Err(format!("the {TIMESTAMP_HEADER} header is missing")),
        Some(Ok(t)) => parse_timestamp(&format!("the {TIMESTAMP_HEADER} header"), t.trim()),
        Some(Err(reason)) => Err(reason),
    };
    let timestamp = match timestamp {
        Ok(t) => t,
        Err(reason) => return Some(Err(malformed(reason))),
    };
    let kind = match value.strip_prefix("v0=") {
        Some(sig) => decode_mac(SignatureEncoding::Hex, sig, Algorithm::Sha256),
        None => EntryKind::Unusable,
    };
    if kind == EntryKind::Unusable {
        return Some(Err(malformed(format!("the {SIGNATURE_HEADER} header is not of the form v0=<hex>"))));
    }
    Some(Ok(Signed {
        scheme: Scheme::Slack,
        family: None,
        headers: vec![SIGNATURE_HEADER.to_owned(), TIMESTAMP_HEADER.to_owned()],
        timestamp: Some(timestamp),
        content_prefix: format!("v0:{timestamp}:").into_bytes(),
        algorithm: Algorithm::Sha256,
        format: format(),
        entries: vec![Entry { text: value.to_owned(), kind }],
    }))
}

pub(crate) fn sign(key: &[u8], timestamp_s: i64, body: &[u8]) -> Vec<(String, String)> {
    let prefix = format!("v0:{timestamp_s}:");
    let mac = mac::compute(Algorithm::Sha256, key, &[prefix.as_bytes(), body]);
    vec![(TIMESTAMP_HEADER.to_owned(), timestamp_s.to_string()), (SIGNATURE_HEADER.to_owned(), format().write(&mac))]
}
