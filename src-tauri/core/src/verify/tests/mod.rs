//! Behaviour tests of verification through the public API, by concern.

mod hints;
mod schemes;
mod secrets;
mod standard;

use base64::Engine as _;

use super::*;

/// A receipt time used throughout (2023-11-14).
pub(super) const T: i64 = 1_700_000_000;
pub(super) const PATH: &str = "/hooks/self";
pub(super) const BODY: &[u8] = br#"{"type":"verification.completed","id":"7f3b","ok":true}"#;

/// A Standard Webhooks secret whose key is `len` bytes derived from `seed`.
pub(super) fn std_secret(label: &str, seed: u8, len: usize) -> Secret {
    Secret::new(label, Scheme::StandardWebhooks, &whsec(seed, len), None).unwrap()
}

pub(super) fn whsec(seed: u8, len: usize) -> String {
    let key: Vec<u8> = (0..len).map(|i| seed.wrapping_mul(31).wrapping_add(i as u8)).collect();
    format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(key))
}

pub(super) fn headers(pairs: &[(&str, &str)]) -> Headers {
    pairs.iter().map(|(n, v)| (n.to_string(), v.as_bytes().to_vec())).collect()
}

/// Headers signing `body` with `secret` under `family`, as a Svix sender would.
pub(super) fn std_headers(family: HeaderFamily, secret: &Secret, timestamp: i64, body: &[u8]) -> Headers {
    let signed = sign(family, secret, &VerifySettings::default(), "msg_2x9", timestamp, body).unwrap();
    signed.into_iter().map(|(n, v)| (n, v.into_bytes())).collect()
}

/// Replaces the value of header `name` (or appends it).
pub(super) fn with_header(mut headers: Headers, name: &str, value: &str) -> Headers {
    headers.retain(|(n, _)| n != name);
    headers.push((name.to_owned(), value.as_bytes().to_vec()));
    headers
}

pub(super) fn without_header(mut headers: Headers, name: &str) -> Headers {
    headers.retain(|(n, _)| n != name);
    headers
}

pub(super) fn run(headers: &Headers, body: &[u8], received_at_ms: i64, secrets: &[Secret]) -> Verification {
    run_with(headers, body, received_at_ms, secrets, &VerifySettings::default())
}

pub(super) fn run_with(
    headers: &Headers,
    body: &[u8],
    received_at_ms: i64,
    secrets: &[Secret],
    settings: &VerifySettings,
) -> Verification {
    let req = Request { path: PATH, headers, body, received_at_ms };
    verify(&req, secrets, settings)
}

/// Whether any hint contains `needle`.
pub(super) fn has_hint(v: &Verification, needle: &str) -> bool {
    v.hints.iter().any(|h| h.contains(needle))
}
