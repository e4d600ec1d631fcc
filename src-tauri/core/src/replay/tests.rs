//! Tests of the pure request building: modes, re-signing per scheme, errors.

use base64::Engine as _;
use bytes::Bytes;

use super::*;
use crate::delivery::{header_value, Answer, Captured, Delivery, Headers};
use crate::group::{Classification, Relation};
use crate::signing::SigningConfig;
use crate::verify::{sign, verify, HeaderFamily, Request, Scheme, Secret, VerificationStatus, VerifySettings};

/// "Now", and a capture six hours earlier.
const NOW_S: i64 = 1_795_681_812;
const CAPTURED_S: i64 = NOW_S - 6 * 3600;
const PATH: &str = "/webhooks/self";
const BODY: &[u8] = br#"{"type":"verification.completed","verification_id":"ver_1"}"#;
const TARGET: &str = "http://localhost:3000/webhooks/self?from=replay";

fn whsec(seed: u8) -> String {
    let key: Vec<u8> = (0..24).map(|i| seed.wrapping_mul(31).wrapping_add(i)).collect();
    format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(key))
}

fn std_secret(label: &str, seed: u8) -> Secret {
    Secret::new(label, Scheme::StandardWebhooks, &whsec(seed), None).unwrap()
}

fn headers(pairs: &[(&str, &str)]) -> Headers {
    pairs.iter().map(|(n, v)| (n.to_string(), v.as_bytes().to_vec())).collect()
}

fn signed_headers(family: HeaderFamily, secret: &Secret, settings: &VerifySettings) -> Headers {
    let signed = sign(family, secret, settings, "msg_orig", CAPTURED_S, BODY).unwrap();
    signed.into_iter().map(|(n, v)| (n, v.into_bytes())).collect()
}

fn delivery(mut extra: Headers) -> Delivery {
    let mut all = headers(&[("host", "abc.ngrok.app"), ("content-type", "application/json")]);
    all.append(&mut extra);
    all.extend(headers(&[("content-length", "60"), ("user-agent", "Svix-Webhooks/1.17")]));
    Delivery {
        id: "01JREPLAY".into(),
        captured: Captured {
            received_at_ms: CAPTURED_S * 1000 + 250,
            remote_addr: None,
            method: "POST".into(),
            path: format!("{PATH}?sig=1"),
            headers: all,
            body: Bytes::from_static(BODY),
            declared_size: Some(BODY.len() as u64),
            rejection: None,
            message_id: Some("msg_orig".into()),
            dedup_key: "ver_1-completed".into(),
            verification: None,
        },
        answer: Answer::plain(200),
        grouping: Classification { attempt: 1, duplicate_of: None, relation: Relation::Original },
        imported_from: None,
        pinned: false,
    }
}

fn config(secrets: Vec<Secret>) -> SigningConfig {
    SigningConfig { secrets, settings: VerifySettings::default() }
}

/// The verdict a handler holding `secrets` would reach on `request` at `NOW_S`.
fn verdict_now(request: &ReplayRequest, secrets: &[Secret]) -> VerificationStatus {
    let req = Request { path: PATH, headers: &request.headers, body: &request.body, received_at_ms: NOW_S * 1000 };
    verify(&req, secrets, &VerifySettings::default()).status
}

fn names(headers: &Headers) -> Vec<&str> {
    headers.iter().map(|(n, _)| n.as_str()).collect()
}

#[test]
fn as_captured_keeps_body_and_headers_minus_connection_ones() {
    let secret = std_secret("self", 1);
    let d = delivery(signed_headers(HeaderFamily::Svix, &secret, &VerifySettings::default()));
    let r = build(&d, TARGET, ReplayMode::AsCaptured, None, &config(vec![secret.clone()]), NOW_S, "msg_new").unwrap();
    assert_eq!(r.method, "POST");
    assert_eq!(r.url.as_str(), TARGET);
    assert_eq!(r.body.as_ref(), BODY);
    let expected: Headers =
        d.captured.headers.iter().filter(|(n, _)| n != "host" && n != "content-length").cloned().collect();
    assert_eq!(names(&expected), ["content-type", "svix-id", "svix-timestamp", "svix-signature", "user-agent"]);
    assert_eq!(r.headers, expected);
    assert_eq!(verdict_now(&r, &[secret]), VerificationStatus::Stale);
}

#[test]
fn resigned_rebuilds_the_signature_in_place_at_now_keeping_the_id() {
    let secret = std_secret("self", 1);
    let d = delivery(signed_headers(HeaderFamily::Svix, &secret, &VerifySettings::default()));
    let mode = ReplayMode::Resigned { new_message_id: false };
    let r = build(&d, TARGET, mode, None, &config(vec![secret.clone()]), NOW_S, "msg_new").unwrap();
    assert_eq!(names(&r.headers), ["content-type", "svix-id", "svix-timestamp", "svix-signature", "user-agent"]);
    assert_eq!(header_value(&r.headers, "svix-id"), Some("msg_orig"));
    assert_eq!(header_value(&r.headers, "svix-timestamp"), Some(NOW_S.to_string().as_str()));
    assert_ne!(header_value(&r.headers, "svix-signature"), header_value(&d.captured.headers, "svix-signature"));
    assert_eq!(verdict_now(&r, &[secret]), VerificationStatus::Verified);
}

#[test]
fn resigned_with_a_new_id_signs_that_id() {
    let secret = std_secret("self", 1);
    let d = delivery(signed_headers(HeaderFamily::Webhook, &secret, &VerifySettings::default()));
    let mode = ReplayMode::Resigned { new_message_id: true };
    let r = build(&d, TARGET, mode, None, &config(vec![secret.clone()]), NOW_S, "msg_new").unwrap();
    assert_eq!(
        names(&r.headers),
        ["content-type", "webhook-id", "webhook-timestamp", "webhook-signature", "user-agent"]
    );
    assert_eq!(header_value(&r.headers, "webhook-id"), Some("msg_new"));
    assert_eq!(verdict_now(&r, &[secret]), VerificationStatus::Verified);
}

#[test]
fn both_families_are_rebuilt_when_the_sender_sent_both() {
    let secret = std_secret("self", 1);
    let settings = VerifySettings::default();
    let mut both = signed_headers(HeaderFamily::Svix, &secret, &settings);
    both.extend(signed_headers(HeaderFamily::Webhook, &secret, &settings));
    let d = delivery(both);
    let mode = ReplayMode::Resigned { new_message_id: false };
    let r = build(&d, TARGET, mode, None, &config(vec![secret.clone()]), NOW_S, "msg_new").unwrap();
    assert_eq!(r.headers.len(), 8);
    for family in ["svix", "webhook"] {
        assert_eq!(header_value(&r.headers, &format!("{family}-timestamp")), Some(NOW_S.to_string().as_str()));
        let only = r.headers.iter().filter(|(n, _)| !n.starts_with(if family == "svix" { "webhook" } else { "svix" }));
        let single = ReplayRequest { headers: only.cloned().collect(), ..r.clone() };
        assert_eq!(verdict_now(&single, std::slice::from_ref(&secret)), VerificationStatus::Verified, "{family}");
    }
}

#[test]
fn every_scheme_is_resigned_so_it_verifies_now() {
    let secrets = [
        Secret::new("stripe", Scheme::Stripe, "whsec_test_secret_value", None).unwrap(),
        Secret::new("gh", Scheme::Github, "It's a Secret to Everybody", None).unwrap(),
        Secret::new("shop", Scheme::Shopify, "shpss_0123456789abcdef", None).unwrap(),
        Secret::new("slack", Scheme::Slack, "8f742231b10e8888abcd99yyyzzz85a5", None).unwrap(),
    ];
    for secret in &secrets {
        let mut original = signed_headers(HeaderFamily::Webhook, secret, &VerifySettings::default());
        original.push(("x-github-delivery".into(), b"gh-orig".to_vec()));
        let d = delivery(original);
        let count = d.captured.headers.len();
        let mode = ReplayMode::Resigned { new_message_id: true };
        let r = build(&d, TARGET, mode, None, &config(secrets.to_vec()), NOW_S, "msg_new").unwrap();
        assert_eq!(r.headers.len(), count - 2, "{:?}: only host and content-length dropped", secret.scheme());
        assert_eq!(verdict_now(&r, &secrets), VerificationStatus::Verified, "{:?}", secret.scheme());
        assert_eq!(header_value(&r.headers, "x-github-delivery"), Some("msg_new"));
    }
}

#[test]
fn the_secret_that_verified_the_original_is_preferred_over_the_first() {
    let newest = std_secret("newest", 1);
    let previous = std_secret("previous", 2);
    let d = delivery(signed_headers(HeaderFamily::Svix, &previous, &VerifySettings::default()));
    let mode = ReplayMode::Resigned { new_message_id: false };
    let r = build(&d, TARGET, mode, None, &config(vec![newest.clone(), previous.clone()]), NOW_S, "x").unwrap();
    assert_eq!(verdict_now(&r, &[previous]), VerificationStatus::Verified);
    assert_eq!(verdict_now(&r, &[newest]), VerificationStatus::Mismatch);
}

#[test]
fn edited_body_and_headers_are_signed_when_asked() {
    let secret = std_secret("self", 1);
    let d = delivery(signed_headers(HeaderFamily::Svix, &secret, &VerifySettings::default()));
    let mut edited = d.captured.headers.clone();
    edited.push(("x-edited".into(), b"yes".to_vec()));
    let edit = Edit { body: Bytes::from_static(b"{\"edited\":true}"), headers: edited };
    let signing = config(vec![secret.clone()]);
    let mode = ReplayMode::Edited { resign: true, new_message_id: false };
    let r = build(&d, TARGET, mode, Some(&edit), &signing, NOW_S, "msg_new").unwrap();
    assert_eq!(r.body.as_ref(), b"{\"edited\":true}");
    assert_eq!(header_value(&r.headers, "x-edited"), Some("yes"));
    assert_eq!(verdict_now(&r, std::slice::from_ref(&secret)), VerificationStatus::Verified);

    let unsigned = ReplayMode::Edited { resign: false, new_message_id: false };
    let r = build(&d, TARGET, unsigned, Some(&edit), &signing, NOW_S, "msg_new").unwrap();
    assert_eq!(header_value(&r.headers, "svix-signature"), header_value(&d.captured.headers, "svix-signature"));
    assert_eq!(verdict_now(&r, &[secret]), VerificationStatus::Mismatch);
}

#[test]
fn an_edit_needs_the_edited_mode() {
    let d = delivery(Vec::new());
    let edit = Edit { body: Bytes::new(), headers: Vec::new() };
    let err = build(&d, TARGET, ReplayMode::AsCaptured, Some(&edit), &config(vec![]), NOW_S, "x").unwrap_err();
    assert_eq!(err.to_string(), "an edit was given, but the replay mode is not `edited`");
}

#[test]
fn resigning_without_a_secret_for_the_scheme_and_path_says_what_to_do() {
    let secret = std_secret("self", 1);
    let other_path = Secret::new("billing", Scheme::StandardWebhooks, &whsec(1), Some("/webhooks/billing")).unwrap();
    let stripe = Secret::new("stripe", Scheme::Stripe, &whsec(1), None).unwrap();
    let d = delivery(signed_headers(HeaderFamily::Svix, &secret, &VerifySettings::default()));
    let mode = ReplayMode::Resigned { new_message_id: false };
    let err = build(&d, TARGET, mode, None, &config(vec![other_path, stripe]), NOW_S, "x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "no signing secret for Standard Webhooks deliveries to /webhooks/self: add one in settings or with --secret"
    );
}

#[test]
fn an_unsigned_delivery_has_no_signature_to_rebuild() {
    let d = delivery(Vec::new());
    let mode = ReplayMode::Resigned { new_message_id: false };
    let err = build(&d, TARGET, mode, None, &config(vec![std_secret("self", 1)]), NOW_S, "x").unwrap_err();
    assert_eq!(err.to_string(), "delivery 01JREPLAY carries no signature to rebuild; replay it as captured instead");
}

#[test]
fn bad_targets_and_headers_are_refused_without_showing_values() {
    let d = delivery(Vec::new());
    let signing = config(vec![]);
    let err = build(&d, "localhost:3000/x", ReplayMode::AsCaptured, None, &signing, NOW_S, "x").unwrap_err();
    assert_eq!(err.to_string(), "the target \"localhost:3000/x\" is not an http or https URL");
    let err = build(&d, "http://", ReplayMode::AsCaptured, None, &signing, NOW_S, "x").unwrap_err();
    assert_eq!(err.to_string(), "the target \"http://\" is not a URL: empty host");
    assert!(std::error::Error::source(&err).is_some());

    let edit = Edit { body: Bytes::new(), headers: headers(&[("authorization", "Bearer hunter2\r\nx: y")]) };
    let mode = ReplayMode::Edited { resign: false, new_message_id: false };
    let err = build(&d, TARGET, mode, Some(&edit), &signing, NOW_S, "x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "the header \"authorization\" cannot be sent: the value contains a line break or other control byte"
    );
    let edit = Edit { body: Bytes::new(), headers: headers(&[("bad name", "v")]) };
    let err = build(&d, TARGET, mode, Some(&edit), &signing, NOW_S, "x").unwrap_err();
    assert_eq!(err.to_string(), "the header \"bad name\" cannot be sent: the name is not a valid header name");
}

#[test]
fn replay_mode_json_is_tagged_snake_case() {
    let mode = ReplayMode::Edited { resign: true, new_message_id: false };
    let json = serde_json::to_value(mode).unwrap();
    assert_eq!(json, serde_json::json!({"kind": "edited", "resign": true, "new_message_id": false}));
    assert_eq!(serde_json::to_value(ReplayMode::AsCaptured).unwrap(), serde_json::json!({"kind": "as_captured"}));
    assert_eq!(serde_json::from_value::<ReplayMode>(json).unwrap(), mode);
}
