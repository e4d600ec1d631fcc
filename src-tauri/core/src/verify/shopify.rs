//! Shopify: `X-Shopify-Hmac-Sha256: <base64>`, an HMAC-SHA256 of the body keyed
//! with the app's secret text. No timestamp.

use super::mac::{self, Algorithm};
use super::signed::{decode_mac, header_text, Entry, EntryKind, Malformed, Parsed, SignatureFormat, Signed};
use super::{Headers, Scheme, SignatureEncoding};

const HEADER: &str = "x-shopify-hmac-sha256";

fn format() -> SignatureFormat {
    SignatureFormat::new("", SignatureEncoding::Base64)
}

pub(crate) fn parse(headers: &Headers) -> Option<Parsed> {
    let malformed = |reason: String| Malformed { scheme: Scheme::Shopify, family: None, reason };
    let value = match header_text(headers, HEADER)? {
        Ok(v) => v.trim(),
        Err(reason) => return Some(Err(malformed(reason))),
    };
    if value.is_empty() {
        return Some(Err(malformed(format!("the {HEADER} header is empty"))));
    }
    let kind = decode_mac(SignatureEncoding::Base64, value, Algorithm::Sha256);
    if kind == EntryKind::Unusable {
        return Some(Err(malformed(format!("the {HEADER} header is not a base64 HMAC-SHA256"))));
    }
    Some(Ok(Signed {
        scheme: Scheme::Shopify,
        family: None,
        headers: vec![HEADER.to_owned()],
        timestamp: None,
        content_prefix: Vec::new(),
        algorithm: Algorithm::Sha256,
        format: format(),
        entries: vec![Entry { text: value.to_owned(), kind }],
    }))
}

pub(crate) fn sign(key: &[u8], body: &[u8]) -> Vec<(String, String)> {
    let mac = mac::compute(Algorithm::Sha256, key, &[body]);
    vec![(HEADER.to_owned(), format().write(&mac))]
}
