//! Standard Webhooks (Svix, Self): `<family>-id`, `<family>-timestamp`, and
//! `<family>-signature: v1,<base64> [v1,<base64> …]` over `<id>.<timestamp>.<body>`.

use std::collections::BTreeSet;

use super::mac::Algorithm;
use super::signed::SignatureFormat;
use super::signed::{decode_mac, header, header_text, parse_timestamp, Entry, EntryKind, Malformed, Parsed, Signed};
use super::{HeaderFamily, Headers, Scheme, SignatureEncoding};

const CHECKED_VERSION: &str = "v1";

fn names(family: HeaderFamily) -> [String; 3] {
    let p = family.prefix();
    [format!("{p}-id"), format!("{p}-timestamp"), format!("{p}-signature")]
}

fn format() -> SignatureFormat {
    SignatureFormat::new("v1,", SignatureEncoding::Base64)
}

/// The family a delivery uses: the one carrying a signature header (`svix-*`
/// when both do, as the Svix libraries prefer it), else whichever has any header.
pub(crate) fn family_of(headers: &Headers) -> Option<HeaderFamily> {
    const PREFERENCE: [HeaderFamily; 2] = [HeaderFamily::Svix, HeaderFamily::Webhook];
    let signed = |family: &HeaderFamily| header(headers, &names(*family)[2]).is_some();
    let any = |family: &HeaderFamily| names(*family).iter().any(|n| header(headers, n).is_some());
    PREFERENCE.iter().find(|f| signed(f)).or_else(|| PREFERENCE.iter().find(|f| any(f))).copied()
}

/// Whether a handler built on the `standardwebhooks` libraries, which read only
/// `webhook-*` headers, would find none of them in this delivery.
pub(crate) fn only_svix_headers(headers: &Headers) -> bool {
    family_of(headers) == Some(HeaderFamily::Svix)
        && names(HeaderFamily::Webhook).iter().all(|n| header(headers, n).is_none())
}

pub(crate) fn parse(headers: &Headers) -> Option<Parsed> {
    let family = family_of(headers)?;
    Some(parse_family(headers, family))
}

fn parse_family(headers: &Headers, family: HeaderFamily) -> Parsed {
    let malformed = |reason: String| Malformed { scheme: Scheme::StandardWebhooks, family: Some(family), reason };
    let [id_name, ts_name, sig_name] = names(family);
    let required = |name: &str| match header_text(headers, name) {
        None => Err(format!("the {name} header is missing")),
        Some(Ok(v)) => Ok(v),
        Some(Err(e)) => Err(e),
    };
    let id = required(&id_name).map_err(malformed)?;
    if id.is_empty() {
        return Err(malformed(format!("the {id_name} header is empty")));
    }
    let timestamp =
        required(&ts_name).and_then(|v| parse_timestamp(&format!("the {ts_name} header"), v)).map_err(malformed)?;
    let entries = parse_entries(required(&sig_name).map_err(malformed)?);
    if !entries.iter().any(|e| matches!(e.kind, EntryKind::Checked(_))) {
        return Err(malformed(no_v1_reason(&sig_name, &entries)));
    }
    Ok(Signed {
        scheme: Scheme::StandardWebhooks,
        family: Some(family),
        headers: vec![id_name, ts_name, sig_name],
        timestamp: Some(timestamp),
        // The official libraries sign the timestamp as they parsed it (so `0123` is signed as `123`).
        content_prefix: format!("{id}.{timestamp}.").into_bytes(),
        algorithm: Algorithm::Sha256,
        format: format(),
        entries,
    })
}

/// Splits a signature list leniently, as the official libraries do: any run of
/// whitespace separates entries, and an unusable entry is skipped, not fatal.
fn parse_entries(value: &str) -> Vec<Entry> {
    value
        .split_ascii_whitespace()
        .map(|text| {
            let kind = match text.split_once(',') {
                Some((CHECKED_VERSION, sig)) => decode_mac(SignatureEncoding::Base64, sig, Algorithm::Sha256),
                Some((version, sig)) if !version.is_empty() && !sig.is_empty() => EntryKind::OtherVersion,
                _ => EntryKind::Unusable,
            };
            Entry { text: text.to_owned(), kind }
        })
        .collect()
}

fn no_v1_reason(sig_name: &str, entries: &[Entry]) -> String {
    if entries.is_empty() {
        return format!("the {sig_name} header is empty");
    }
    let versions: BTreeSet<&str> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::OtherVersion)
        .filter_map(|e| e.text.split_once(',').map(|(v, _)| v))
        .collect();
    if versions.is_empty() {
        return format!("the {sig_name} header holds no usable v1 signature");
    }
    if versions.len() == 1 && versions.contains("v1a") {
        return format!(
            "the {sig_name} header holds only v1a (ed25519) signatures, which need the sender's public key; \
             Hookscope checks v1 (HMAC) signatures"
        );
    }
    let list = versions.into_iter().collect::<Vec<_>>().join(", ");
    format!("the {sig_name} header holds no v1 signature, only {list}; Hookscope checks v1 (HMAC) signatures")
}

/// The headers to set for a delivery signed with `key`.
pub(crate) fn sign(
    family: HeaderFamily,
    key: &[u8],
    message_id: &str,
    timestamp_s: i64,
    body: &[u8],
) -> Vec<(String, String)> {
    let [id_name, ts_name, sig_name] = names(family);
    let prefix = format!("{message_id}.{timestamp_s}.");
    let mac = super::mac::compute(Algorithm::Sha256, key, &[prefix.as_bytes(), body]);
    vec![(id_name, message_id.to_owned()), (ts_name, timestamp_s.to_string()), (sig_name, format().write(&mac))]
}
