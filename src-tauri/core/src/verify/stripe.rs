//! Stripe: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, an
//! HMAC-SHA256 over `<t>.<body>` keyed with the secret text as-is (`whsec_…` included).

use super::mac::{self, Algorithm};
use super::signed::SignatureFormat;
use super::signed::{
    decode_mac, header_text, no_usable_entry, parse_timestamp, Entry, EntryKind, Malformed, Parsed, Signed,
};
use super::{Headers, Scheme, SignatureEncoding};

const HEADER: &str = "stripe-signature";

fn format() -> SignatureFormat {
    SignatureFormat::new("v1=", SignatureEncoding::Hex)
}

pub(crate) fn parse(headers: &Headers) -> Option<Parsed> {
    let malformed = |reason: String| Malformed { scheme: Scheme::Stripe, family: None, reason };
    let value = match header_text(headers, HEADER)? {
        Ok(v) => v,
        Err(reason) => return Some(Err(malformed(reason))),
    };
    let mut timestamp = None;
    let mut entries = Vec::new();
    // Stripe's libraries skip items they do not know; so does this.
    for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let kind = match item.split_once('=') {
            Some(("t", t)) => {
                timestamp.get_or_insert(t);
                continue;
            }
            Some(("v1", sig)) => decode_mac(SignatureEncoding::Hex, sig, Algorithm::Sha256),
            Some((_, sig)) if !sig.is_empty() => EntryKind::OtherVersion,
            _ => EntryKind::Unusable,
        };
        entries.push(Entry { text: item.to_owned(), kind });
    }
    let Some(timestamp) = timestamp else {
        return Some(Err(malformed(format!("the {HEADER} header has no t= timestamp"))));
    };
    let timestamp = match parse_timestamp(&format!("the {HEADER} t= value"), timestamp) {
        Ok(t) => t,
        Err(reason) => return Some(Err(malformed(reason))),
    };
    if !entries.iter().any(|e| matches!(e.kind, EntryKind::Checked(_))) {
        return Some(Err(malformed(no_usable_entry(HEADER, "v1 signature", &entries))));
    }
    Some(Ok(Signed {
        scheme: Scheme::Stripe,
        family: None,
        headers: vec![HEADER.to_owned()],
        timestamp: Some(timestamp),
        content_prefix: format!("{timestamp}.").into_bytes(),
        algorithm: Algorithm::Sha256,
        format: format(),
        entries,
    }))
}

pub(crate) fn sign(key: &[u8], timestamp_s: i64, body: &[u8]) -> Vec<(String, String)> {
    let prefix = format!("{timestamp_s}.");
    let mac = mac::compute(Algorithm::Sha256, key, &[prefix.as_bytes(), body]);
    vec![(HEADER.to_owned(), format!("t={timestamp_s},{}", format().write(&mac)))]
}
