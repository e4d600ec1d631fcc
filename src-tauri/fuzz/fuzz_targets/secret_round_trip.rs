//! Any pasted secret: parsing never panics, an accepted secret masks itself,
//! and a body it signs verifies with it — for every scheme.
//!
//! Input, one per line: scheme (`standard_webhooks`, `stripe`, `github`,
//! `shopify`, `slack`, `generic`), the pasted value, the path prefix (empty for
//! none), `svix` or `webhook`, the message id, the unix timestamp; then the body.
#![no_main]

use hookscope_core::verify::{self, sign, HeaderFamily, Request, Scheme, Secret, VerificationStatus, VerifySettings};
use hookscope_fuzz::generic_scheme;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut fields = data.splitn(7, |&b| b == b'\n');
    let mut line = || fields.next().and_then(|f| std::str::from_utf8(f).ok());
    let (Some(scheme), Some(value), Some(prefix), Some(family), Some(message_id), Some(timestamp)) =
        (line(), line(), line(), line(), line(), line())
    else {
        return;
    };
    let body = fields.next().unwrap_or_default();
    let Ok(scheme) = serde_json::from_value::<Scheme>(serde_json::Value::from(scheme)) else { return };
    let prefix = Some(prefix).filter(|p| !p.is_empty());
    let Ok(secret) = Secret::new("label", scheme, value, prefix) else { return };

    let text = secret.reveal();
    assert_eq!(text, value.trim());
    let masked = secret.masked();
    assert!(masked.chars().count() <= 8, "{masked}");
    if text.chars().count() > 8 {
        assert!(!masked.contains(text), "{masked}");
    }
    // Debug shows the label, scheme and path prefix, and the secret only masked.
    let debug = format!("{secret:?}");
    let expected = format!(
        "Secret {{ label: \"label\", scheme: {:?}, path_prefix: {:?}, value: {masked:?} }}",
        secret.scheme(),
        secret.path_prefix()
    );
    assert_eq!(debug, expected);
    let path = secret.path_prefix().unwrap_or("/").to_owned();
    assert!(path.starts_with('/'));

    // Standard Webhooks reads the message id as sent: it must not be empty. Timestamps
    // stay within a few thousand years, where milliseconds fit in an i64.
    let Ok(timestamp_s) = timestamp.parse::<i32>().map(i64::from) else { return };
    if message_id.is_empty() {
        return;
    }
    let family = if family == "webhook" { HeaderFamily::Webhook } else { HeaderFamily::Svix };
    let settings = VerifySettings { generic: Some(generic_scheme()), ..VerifySettings::default() };
    let signed = sign(family, &secret, &settings, message_id, timestamp_s, body).expect("generic is set");
    let headers = signed.into_iter().map(|(n, v)| (n, v.into_bytes())).collect();
    let request = Request { path: &path, headers: &headers, body, received_at_ms: timestamp_s * 1000 };
    let verification = verify::verify(&request, std::slice::from_ref(&secret), &settings);
    assert_eq!(verification.status, VerificationStatus::Verified, "{verification:?}");
    assert_eq!(verification.matched_secret.as_deref(), Some("label"));
});
