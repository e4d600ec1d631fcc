//! The test event over real HTTP to a real listener: stored, verified and
//! grouped as a new event, as a delivery from Self would be.

mod common;

use common::Harness;
use hookscope_core::signing::SigningConfig;
use hookscope_core::test_event::send::TestEventError;
use hookscope_core::verify::{Scheme, Secret, VerificationStatus, VerifySettings};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

fn secret(label: &str, value: &str) -> Secret {
    Secret::new(label, Scheme::StandardWebhooks, value, None).unwrap()
}

async fn listening_with(secrets: Vec<Secret>) -> Harness {
    Harness::start_with(|c| c.signing = SigningConfig { secrets, settings: VerifySettings::default() }).await
}

#[tokio::test]
async fn a_test_event_is_stored_as_a_verified_self_delivery() {
    let h = listening_with(vec![secret("current", SECRET)]).await;
    let url = h.url("/webhooks/self");
    let sent = h.inspector.send_test_event(&url, &secret("current", SECRET)).await.unwrap();
    assert_eq!(sent.status, 200);
    assert_eq!(sent.url, url);
    let id = sent.delivery_id.clone().expect("the listener answered with the stored id");

    let delivery = h.inspector.delivery(&id).await.unwrap().unwrap();
    let json = delivery.to_json();
    assert_eq!(json.method, "POST");
    assert_eq!(json.path, "/webhooks/self");
    assert_eq!(json.received_at, "2026-11-26T08:30:12.345Z");
    let verification = json.verification.unwrap();
    assert_eq!(verification.status, VerificationStatus::Verified, "{verification:?}");
    assert_eq!(verification.matched_secret.as_deref(), Some("current"));
    assert_eq!(verification.skew_seconds, Some(0));
    assert_eq!(json.message_id.as_deref(), Some(sent.message_id.as_str()));
    assert_eq!(json.dedup_key, format!("{}-completed", sent.verification_id));

    let body: serde_json::Value = serde_json::from_slice(&delivery.captured.body).unwrap();
    assert_eq!(body["type"], "verification.completed");
    assert_eq!(body["verification_id"], sent.verification_id.as_str());
    assert_eq!(body["verified_at"], "2026-11-26T08:30:12.345Z");
}

#[tokio::test]
async fn each_test_event_is_a_new_message_and_a_new_event() {
    let h = listening_with(vec![secret("current", SECRET)]).await;
    let url = h.url("/webhooks/self");
    let first = h.inspector.send_test_event(&url, &secret("current", SECRET)).await.unwrap();
    let second = h.inspector.send_test_event(&url, &secret("current", SECRET)).await.unwrap();
    assert_ne!(first.message_id, second.message_id);
    assert_ne!(first.verification_id, second.verification_id);
    let stored = h.inspector.delivery(&second.delivery_id.unwrap()).await.unwrap().unwrap().to_json();
    assert_eq!(stored.attempt, 1, "not taken for a retry of the first");
    assert_eq!(stored.duplicate_of, None, "not taken for a duplicate of the first");
}

#[tokio::test]
async fn signed_with_a_secret_the_listener_does_not_have_it_is_a_mismatch() {
    let h = listening_with(vec![secret("current", SECRET)]).await;
    let sent = h.inspector.send_test_event(&h.url("/webhooks/self"), &secret("other", OTHER)).await.unwrap();
    let stored = h.inspector.delivery(&sent.delivery_id.unwrap()).await.unwrap().unwrap().to_json();
    assert_eq!(stored.verification.unwrap().status, VerificationStatus::Mismatch);
}

#[tokio::test]
async fn an_unreachable_listener_or_a_bad_url_is_an_error_in_words() {
    let h = listening_with(Vec::new()).await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/webhooks/self", closed.local_addr().unwrap());
    drop(closed);
    let error = h.inspector.send_test_event(&url, &secret("current", SECRET)).await.unwrap_err();
    assert!(matches!(error, TestEventError::Send { .. }), "{error:?}");
    assert!(error.to_string().starts_with(&format!("the listener at {url} did not answer")), "{error}");

    let error = h.inspector.send_test_event("ftp://127.0.0.1/x", &secret("current", SECRET)).await.unwrap_err();
    assert!(matches!(error, TestEventError::BadUrl(_)), "{error:?}");
}
