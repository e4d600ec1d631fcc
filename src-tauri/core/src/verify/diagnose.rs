//! Why a delivery did not verify: the single common mistake that, undone, makes
//! its signature match — and the notes that go with a verdict. Each hint is one
//! short sentence naming secrets by label only.

use super::reserialize::restyled;
use super::signed::Signed;
use super::{Request, Secret};

/// A seconds timestamp this large is past the year 5000: it was meant as milliseconds.
const MILLISECOND_TIMESTAMP_FLOOR: i64 = 100_000_000_000;

pub(crate) const SVIX_FAMILY_NOTE: &str = "sent with svix-* headers; handlers using the standardwebhooks libraries \
     read only webhook-* and will reject it — use the svix library or map the headers";

/// For a timestamp outside tolerance: milliseconds sent as seconds, or which way the clocks disagree.
pub(crate) fn timestamp_hint(timestamp: i64, skew_seconds: i64, tolerance: i64) -> String {
    if timestamp.checked_abs().is_none_or(|t| t >= MILLISECOND_TIMESTAMP_FLOOR) {
        return "the timestamp looks like milliseconds; the scheme expects unix seconds".to_owned();
    }
    let distance = skew_seconds.unsigned_abs();
    if skew_seconds > 0 {
        format!(
            "the signed timestamp is {distance} s before receipt, beyond the {tolerance} s tolerance — \
             a delayed or replayed delivery, or the sender's clock is behind"
        )
    } else {
        format!(
            "the signed timestamp is {distance} s after receipt, beyond the {tolerance} s tolerance — \
             the sender's clock is ahead of this machine's"
        )
    }
}

/// When a secret other than the first applicable one matched.
pub(crate) fn rotation_hint(matched: &Secret, first: &Secret) -> String {
    format!(
        "matched '{}' rather than '{}' — the sender still signs with the previous secret",
        matched.label(),
        first.label()
    )
}

/// The first single mistake that explains why no applicable secret matched: a
/// secret scoped to another path, a misread secret, a trailing newline added or
/// removed, or the JSON body re-serialized.
pub(crate) fn explain_mismatch(signed: &Signed, req: &Request, secrets: &[Secret]) -> Option<String> {
    let applicable: Vec<&Secret> = secrets.iter().filter(|s| s.applies_to(&signed.scheme, req.path)).collect();

    let other_path = secrets.iter().filter(|s| s.scheme() == &signed.scheme && !s.covers_path(req.path));
    for secret in other_path {
        if signed.matches(secret.key(), req.body) {
            let scope = secret.path_prefix().unwrap_or("another path");
            return Some(format!(
                "the signature matches secret '{}', which is for {scope} — the sender uses another endpoint's secret",
                secret.label()
            ));
        }
    }

    if applicable.is_empty() {
        return None;
    }
    for secret in &applicable {
        for (key, hint) in secret.misread_keys() {
            if signed.matches(&key, req.body) {
                return Some(hint);
            }
        }
    }

    let body_matches = |body: &[u8]| applicable.iter().any(|s| signed.matches(s.key(), body));
    for (body, hint) in newline_variants(req.body) {
        if body_matches(&body) {
            return Some(hint.to_owned());
        }
    }
    restyled(req.body).into_iter().find(|(body, _)| body_matches(body)).map(|(_, style)| {
        format!(
            "the JSON body was re-serialized after signing (the signature matches it {style}) — verify the raw bytes"
        )
    })
}

/// The body as the sender may have signed it, had a trailing newline been added or dropped since.
fn newline_variants(body: &[u8]) -> Vec<(Vec<u8>, &'static str)> {
    let mut out = Vec::new();
    if let Some(signed) = body.strip_suffix(b"\r\n") {
        out.push((signed.to_vec(), "a trailing \\r\\n was added to the body after it was signed"));
    } else if let Some(signed) = body.strip_suffix(b"\n") {
        out.push((signed.to_vec(), "a trailing newline (\\n) was added to the body after it was signed"));
    }
    for (suffix, hint) in [
        (&b"\n"[..], "a trailing newline (\\n) was removed from the body after it was signed"),
        (b"\r\n", "a trailing \\r\\n was removed from the body after it was signed"),
    ] {
        out.push(([body, suffix].concat(), hint));
    }
    out
}
