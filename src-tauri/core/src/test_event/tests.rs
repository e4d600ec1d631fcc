//! The test event, exactly, for a given time and randomness.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::*;
use crate::delivery::Headers;
use crate::verify::{verify, Request, VerificationStatus};

/// 2026-11-26T08:30:12.345Z
const NOW_MS: i64 = 1_795_681_812_345;
const PATH: &str = "/webhooks/self";
const FIXTURE: &str = include_str!("../../tests/fixtures/self-verification-completed.json");

fn counting_bytes<const N: usize>(from: u8) -> [u8; N] {
    std::array::from_fn(|i| from.wrapping_add(i as u8))
}

fn secret(label: &str) -> Secret {
    let value = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode([7u8; 24]));
    Secret::new(label, Scheme::StandardWebhooks, &value, None).unwrap()
}

fn event() -> TestEvent {
    test_event(NOW_MS, TestEventIds::from_random(NOW_MS, &counting_bytes(0)), &secret("current")).unwrap()
}

fn as_headers(pairs: &[(String, String)]) -> Headers {
    pairs.iter().map(|(n, v)| (n.clone(), v.clone().into_bytes())).collect()
}

#[test]
fn ids_come_from_the_random_bytes_and_the_time() {
    let ids = TestEventIds::from_random(NOW_MS, &counting_bytes(0));
    // Bytes 0..16 with the version (4) and variant (10xx) bits set.
    assert_eq!(ids.verification_id, "00010203-0405-4607-8809-0a0b0c0d0e0f");
    assert_eq!(ids.message_id, format!("msg_{}", IdMinter::seeded(0x1716_1514_1312_1110).mint(NOW_MS)));
    // A ULID's first 10 characters are its millisecond time.
    assert!(ids.message_id.starts_with("msg_01M8BFKZVS"), "{}", ids.message_id);
    assert_eq!(ids, TestEventIds::from_random(NOW_MS, &counting_bytes(0)));
    let other = TestEventIds::from_random(NOW_MS, &counting_bytes(1));
    assert_ne!(other.verification_id, ids.verification_id);
    assert_ne!(other.message_id, ids.message_id);
}

#[test]
fn the_body_is_the_sample_event_with_the_fresh_id_and_time() {
    let body = String::from_utf8(event().body).unwrap();
    assert_eq!(
        body,
        r#"{"type":"verification.completed","verification_id":"00010203-0405-4607-8809-0a0b0c0d0e0f","#.to_owned()
            + r#""external_uuid":"a1b2c3d4-5678-4e9a-b012-3456789abcde","flow_id":"9c0b4f1c-1d6c-4f1b-a8c4-9f0fa0a8d9e2","#
            + r#""flow_version_id":"b1e2c3d4-5678-4abc-9def-0123456789ab","environment":"test","status":"valid","#
            + r#""proof_attributes":{"age_gte_18":true,"country_allowed":true,"ofac_clear":true},"#
            + r#""proof":{"protocol":"groth16","curve":"bn128","pi_a":["1","2","1"],"pi_b":[["1","2"],["3","4"],["1","0"]],"#
            + r#""pi_c":["5","6","1"],"publicSignals":["7","8"]},"verified_at":"2026-11-26T08:30:12.345Z","#
            + r#""storage_state":"pending","storage_uri":null}"#
    );
}

#[test]
fn the_body_matches_the_fixture_field_for_field_in_order() {
    let mut fixture: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    fixture["verification_id"] = "00010203-0405-4607-8809-0a0b0c0d0e0f".into();
    fixture["verified_at"] = "2026-11-26T08:30:12.345Z".into();
    assert_eq!(String::from_utf8(event().body).unwrap(), fixture.to_string());
}

#[test]
fn the_headers_are_svix_headers_with_an_independently_computed_signature() {
    let event = event();
    let body = event.body.clone();
    let mut mac = Hmac::<Sha256>::new_from_slice(&[7u8; 24]).unwrap();
    mac.update(format!("{}.1795681812.", event.ids.message_id).as_bytes());
    mac.update(&body);
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let expected: Vec<(String, String)> = [
        ("content-type", "application/json".to_owned()),
        ("user-agent", format!("Hookscope/{} (test event)", crate::VERSION)),
        ("svix-id", event.ids.message_id.clone()),
        ("svix-timestamp", "1795681812".to_owned()),
        ("svix-signature", format!("v1,{signature}")),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_owned(), v))
    .collect();
    assert_eq!(event.headers, expected);
}

#[test]
fn the_event_verifies_with_the_crates_own_verifier_and_is_a_new_event() {
    let event = event();
    let headers = as_headers(&event.headers);
    let request = Request { path: PATH, headers: &headers, body: &event.body, received_at_ms: NOW_MS + 40 };
    let verdict = verify(&request, &[secret("current")], &VerifySettings::default());
    assert_eq!(verdict.status, VerificationStatus::Verified, "{verdict:?}");
    assert_eq!(verdict.matched_secret.as_deref(), Some("current"));
    let other = secret_with_key([9u8; 24]);
    assert_eq!(verify(&request, &[other], &VerifySettings::default()).status, VerificationStatus::Mismatch);
    assert_eq!(
        crate::group::dedup_key(&event.body, Some(&event.ids.message_id)),
        "00010203-0405-4607-8809-0a0b0c0d0e0f-completed"
    );
}

fn secret_with_key(key: [u8; 24]) -> Secret {
    let value = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(key));
    Secret::new("other", Scheme::StandardWebhooks, &value, None).unwrap()
}

#[test]
fn the_signing_secret_is_the_first_standard_webhooks_secret_for_the_path() {
    let stripe = Secret::new("stripe", Scheme::Stripe, "sk_test", None).unwrap();
    let elsewhere = Secret::new("elsewhere", Scheme::StandardWebhooks, secret("x").reveal(), Some("/other")).unwrap();
    let first = Secret::new("first", Scheme::StandardWebhooks, secret("x").reveal(), Some("/webhooks")).unwrap();
    let second = secret("second");
    let secrets = [stripe, elsewhere, first, second];
    assert_eq!(signing_secret(&secrets, PATH).map(Secret::label), Some("first"));
    assert_eq!(signing_secret(&secrets, "/hooks").map(Secret::label), Some("second"));
    assert!(signing_secret(&secrets[..2], PATH).is_none());
}

#[test]
fn a_generated_secret_is_whsec_base64_of_the_bytes_for_every_path() {
    let secret = generated_secret(&counting_bytes(0)).unwrap();
    assert_eq!(secret.reveal(), "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX");
    assert_eq!(secret.label(), GENERATED_SECRET_LABEL);
    assert_eq!(secret.scheme(), &Scheme::StandardWebhooks);
    assert_eq!(secret.path_prefix(), None);
    assert_eq!(
        signing_secret(std::slice::from_ref(&secret), "/anything").map(Secret::label),
        Some(GENERATED_SECRET_LABEL)
    );
}

#[test]
fn a_time_before_a_whole_second_is_signed_with_the_second_it_falls_in() {
    let at = 1_000_999;
    let event = test_event(at, TestEventIds::from_random(at, &counting_bytes(0)), &secret("s")).unwrap();
    assert!(event.headers.contains(&("svix-timestamp".to_owned(), "1000".to_owned())));
}
