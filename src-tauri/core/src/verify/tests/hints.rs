use base64::Engine as _;

use super::*;
use crate::verify::mac::{compute, Algorithm};

const NOTE: &str = "handlers using the standardwebhooks libraries read only webhook-*";

fn current() -> Secret {
    std_secret("current", 1, 24)
}

/// Webhook-family headers (no family note) signing `body` with `current`.
fn signed(body: &[u8]) -> Headers {
    std_headers(HeaderFamily::Webhook, &current(), T, body)
}

/// The only hint of a webhook-family verification, asserting there is exactly one.
fn sole_hint(v: &Verification) -> &str {
    assert_eq!(v.hints.len(), 1, "{v:?}");
    &v.hints[0]
}

#[test]
fn a_trailing_newline_added_on_the_way() {
    let received = [BODY, b"\n"].concat();
    let v = run(&signed(BODY), &received, T * 1000, &[current()]);
    assert_eq!(v.status, VerificationStatus::Mismatch);
    assert_eq!(sole_hint(&v), "a trailing newline (\\n) was added to the body after it was signed");
}

#[test]
fn a_trailing_newline_removed_on_the_way() {
    let sent = [BODY, b"\n"].concat();
    let v = run(&signed(&sent), BODY, T * 1000, &[current()]);
    assert_eq!(sole_hint(&v), "a trailing newline (\\n) was removed from the body after it was signed");
}

#[test]
fn a_trailing_crlf_added_or_removed() {
    let crlf = [BODY, b"\r\n"].concat();
    let added = run(&signed(BODY), &crlf, T * 1000, &[current()]);
    assert_eq!(sole_hint(&added), "a trailing \\r\\n was added to the body after it was signed");
    let removed = run(&signed(&crlf), BODY, T * 1000, &[current()]);
    assert_eq!(sole_hint(&removed), "a trailing \\r\\n was removed from the body after it was signed");
}

#[test]
fn json_re_serialized_compact_to_pretty_and_back() {
    let compact = r#"{"type":"verification.completed","proof":{"a":[1,2]},"name":"Zoë"}"#.as_bytes();
    let pretty2 = "{\n  \"type\": \"verification.completed\",\n  \"proof\": {\n    \"a\": [\n      1,\n      2\n    ]\n  },\n  \"name\": \"Zoë\"\n}";
    let pretty4 = pretty2.replace("  ", "    ");
    let python = r#"{"type": "verification.completed", "proof": {"a": [1, 2]}, "name": "Zo\u00eb"}"#;

    let v = run(&signed(compact), pretty2.as_bytes(), T * 1000, &[current()]);
    assert!(sole_hint(&v).contains("re-serialized") && v.hints[0].contains("written compactly"), "{v:?}");
    let v = run(&signed(pretty2.as_bytes()), compact, T * 1000, &[current()]);
    assert!(sole_hint(&v).contains("2-space indentation"), "{v:?}");
    let v = run(&signed(pretty4.as_bytes()), compact, T * 1000, &[current()]);
    assert!(sole_hint(&v).contains("4-space indentation"), "{v:?}");
    let v = run(&signed(python.as_bytes()), compact, T * 1000, &[current()]);
    assert!(sole_hint(&v).contains("Python's default"), "{v:?}");
}

#[test]
fn no_hint_when_no_single_mistake_explains_the_mismatch() {
    let v = run(&signed(BODY), b"{\"type\":\"other\"}", T * 1000, &[current()]);
    assert_eq!(v.status, VerificationStatus::Mismatch);
    assert!(v.hints.is_empty(), "{v:?}");
}

/// Webhook-family headers for a sender that used `key` directly.
fn signed_with_key(key: &[u8]) -> Headers {
    let prefix = format!("msg_2x9.{T}.");
    let mac = compute(Algorithm::Sha256, key, &[prefix.as_bytes(), BODY]);
    let sig = format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac));
    headers(&[("webhook-id", "msg_2x9"), ("webhook-timestamp", &T.to_string()), ("webhook-signature", &sig)])
}

#[test]
fn a_standard_secret_used_as_raw_text_by_the_sender() {
    let text = whsec(1, 24);
    let v = run(&signed_with_key(text.as_bytes()), BODY, T * 1000, &[current()]);
    assert_eq!(sole_hint(&v), "the sender used secret 'current' as raw text instead of base64-decoding it");
    let bare = text.strip_prefix("whsec_").unwrap();
    let v = run(&signed_with_key(bare.as_bytes()), BODY, T * 1000, &[current()]);
    assert!(sole_hint(&v).contains("as raw text (without whsec_)"));
    assert!(!v.hints[0].contains(bare));
}

#[test]
fn a_raw_key_secret_base64_decoded_by_the_sender() {
    let text = whsec(3, 24);
    let decoded = base64::engine::general_purpose::STANDARD.decode(text.strip_prefix("whsec_").unwrap()).unwrap();
    let secret = Secret::new("gh", Scheme::Github, &text, None).unwrap();
    let sig = format!("sha256={}", hex::encode(compute(Algorithm::Sha256, &decoded, &[BODY])));
    let v = run(&headers(&[("x-hub-signature-256", &sig)]), BODY, T * 1000, &[secret]);
    assert_eq!(v.status, VerificationStatus::Mismatch);
    assert_eq!(sole_hint(&v), "the sender base64-decoded secret 'gh' instead of using it as raw text");
}

#[test]
fn a_secret_scoped_to_another_path_is_named() {
    let theirs = Secret::new("billing", Scheme::StandardWebhooks, &whsec(1, 24), Some("/hooks/billing")).unwrap();
    let ours = Secret::new("self", Scheme::StandardWebhooks, &whsec(7, 24), Some("/hooks/self")).unwrap();
    let v = run(&signed(BODY), BODY, T * 1000, &[theirs.clone(), ours.clone()]);
    assert_eq!(v.status, VerificationStatus::Mismatch);
    assert_eq!(
        sole_hint(&v),
        "the signature matches secret 'billing', which is for /hooks/billing — the sender uses another endpoint's secret"
    );
    // With no secret for this path at all, the same hint accompanies no_secret.
    let v = run(&signed(BODY), BODY, T * 1000, std::slice::from_ref(&theirs));
    assert_eq!(v.status, VerificationStatus::NoSecret);
    assert!(sole_hint(&v).contains("'billing'"));
    // And it is absent when the delivery is signed with this path's secret.
    let v = run(&std_headers(HeaderFamily::Webhook, &ours, T, BODY), BODY, T * 1000, &[theirs, ours]);
    assert_eq!(v.status, VerificationStatus::Verified);
    assert!(v.hints.is_empty());
}

#[test]
fn rotation_names_the_previous_secret() {
    let previous = std_secret("previous", 2, 32);
    let h = std_headers(HeaderFamily::Webhook, &previous, T, BODY);
    let v = run(&h, BODY, T * 1000, &[current(), previous.clone()]);
    assert_eq!(v.status, VerificationStatus::Verified);
    assert_eq!(v.matched_secret.as_deref(), Some("previous"));
    assert_eq!(
        sole_hint(&v),
        "matched 'previous' rather than 'current' — the sender still signs with the previous secret"
    );
    let v = run(&signed(BODY), BODY, T * 1000, &[current(), previous]);
    assert!(v.hints.is_empty(), "{v:?}");
}

#[test]
fn a_millisecond_timestamp_is_stale_with_a_hint() {
    let h = std_headers(HeaderFamily::Webhook, &current(), T * 1000, BODY);
    let v = run(&h, BODY, T * 1000, &[current()]);
    assert_eq!(v.status, VerificationStatus::Stale);
    assert_eq!(sole_hint(&v), "the timestamp looks like milliseconds; the scheme expects unix seconds");
    assert!(!has_hint(&v, "clock"));
}

#[test]
fn clock_skew_says_how_far_and_which_way() {
    let h = signed(BODY);
    let late = run(&h, BODY, (T + 400) * 1000, &[current()]);
    assert_eq!(late.status, VerificationStatus::Stale);
    assert!(sole_hint(&late).starts_with("the signed timestamp is 400 s before receipt"), "{late:?}");
    assert!(late.detail.contains("outside the 300 s tolerance"));
    let early = run(&h, BODY, (T - 400) * 1000, &[current()]);
    assert!(sole_hint(&early).contains("400 s after receipt") && early.hints[0].contains("clock is ahead"));
    let fine = run(&h, BODY, (T + 299) * 1000, &[current()]);
    assert!(fine.hints.is_empty());
    assert!(!has_hint(&late, "milliseconds"));
}

#[test]
fn the_svix_family_note_is_given_only_for_svix_only_deliveries() {
    let svix = std_headers(HeaderFamily::Svix, &current(), T, BODY);
    let v = run(&svix, BODY, T * 1000, &[current()]);
    assert_eq!(v.status, VerificationStatus::Verified);
    assert_eq!(
        sole_hint(&v),
        "sent with svix-* headers; handlers using the standardwebhooks libraries read only webhook-* and will reject it — use the svix library or map the headers"
    );
    assert!(!has_hint(&run(&signed(BODY), BODY, T * 1000, &[current()]), NOTE));
    let mut both = svix.clone();
    both.extend(signed(BODY));
    assert!(!has_hint(&run(&both, BODY, T * 1000, &[current()]), NOTE));
    // A mismatching svix delivery carries it beside its cause.
    let v = run(&svix, &[BODY, b"\n"].concat(), T * 1000, &[current()]);
    assert_eq!(v.hints.len(), 2);
    assert!(v.hints[0].contains("newline") && v.hints[1].contains(NOTE));
}

#[test]
fn hints_and_details_never_contain_a_secret() {
    let text = whsec(1, 24);
    let cases = [
        run(&signed_with_key(text.as_bytes()), BODY, T * 1000, &[current()]),
        run(&signed(BODY), &[BODY, b"\n"].concat(), (T + 999) * 1000, &[current()]),
        run(&signed(BODY), BODY, T * 1000, &[current()]),
    ];
    let bare = text.strip_prefix("whsec_").unwrap();
    for v in cases {
        for text in v.hints.iter().chain([&v.detail]) {
            assert!(!text.contains(bare), "{text}");
        }
    }
}
