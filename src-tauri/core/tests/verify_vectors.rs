//! The official Standard Webhooks / Svix signing vectors and the documented GitHub
//! vector, verified through the public API.

use hookscope_core::verify::{verify, HeaderFamily, Request, Scheme, Secret, VerificationStatus, VerifySettings};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} missing in {v}"))
}

fn body_of(vector: &Value) -> Vec<u8> {
    match vector.get("body_repeat") {
        Some(rep) => text(rep, "char").repeat(rep["count"].as_u64().unwrap() as usize).into_bytes(),
        None => text(vector, "body").as_bytes().to_vec(),
    }
}

fn headers(family: HeaderFamily, id: &str, timestamp: i64, signature: &str) -> Vec<(String, Vec<u8>)> {
    let p = family.prefix();
    vec![
        (format!("{p}-id"), id.as_bytes().to_vec()),
        (format!("{p}-timestamp"), timestamp.to_string().into_bytes()),
        (format!("{p}-signature"), signature.as_bytes().to_vec()),
    ]
}

fn standard_vectors() -> Vec<Value> {
    fixture("standard-webhooks.json")["vectors"].as_array().unwrap().clone()
}

#[test]
fn every_official_vector_verifies_with_both_header_families() {
    let vectors = standard_vectors();
    assert_eq!(vectors.len(), 4);
    for vector in &vectors {
        let secret = Secret::new("official", Scheme::StandardWebhooks, text(vector, "secret"), None).unwrap();
        let timestamp = vector["timestamp"].as_i64().unwrap();
        let body = body_of(vector);
        for family in [HeaderFamily::Svix, HeaderFamily::Webhook] {
            let h = headers(family, text(vector, "id"), timestamp, text(vector, "signature"));
            let req = Request { path: "/", headers: &h, body: &body, received_at_ms: timestamp * 1000 };
            let v = verify(&req, std::slice::from_ref(&secret), &VerifySettings::default());
            assert_eq!(v.status, VerificationStatus::Verified, "{}: {v:?}", text(vector, "name"));
            assert_eq!(v.matched_secret.as_deref(), Some("official"));
            assert_eq!(v.skew_seconds, Some(0));
        }
    }
}

#[test]
fn the_large_vectors_have_the_documented_sizes() {
    let sizes: Vec<usize> = standard_vectors().iter().map(|v| body_of(v).len()).collect();
    assert_eq!(sizes[2..], [262_143, 1_048_576]);
}

#[test]
fn the_wrong_signature_vector_is_a_mismatch() {
    let vectors = standard_vectors();
    let vector = vectors.iter().find(|v| v.get("a_wrong_signature").is_some()).unwrap();
    let secret = Secret::new("official", Scheme::StandardWebhooks, text(vector, "secret"), None).unwrap();
    let timestamp = vector["timestamp"].as_i64().unwrap();
    let h = headers(HeaderFamily::Svix, text(vector, "id"), timestamp, text(vector, "a_wrong_signature"));
    let body = body_of(vector);
    let req = Request { path: "/", headers: &h, body: &body, received_at_ms: timestamp * 1000 };
    let v = verify(&req, &[secret], &VerifySettings::default());
    assert_eq!(v.status, VerificationStatus::Mismatch, "{v:?}");
    assert_eq!(v.matched_secret, None);
}

#[test]
fn a_vector_signed_by_a_different_secret_does_not_verify() {
    let vectors = standard_vectors();
    let (first, second) = (&vectors[0], &vectors[1]);
    let wrong = Secret::new("other", Scheme::StandardWebhooks, text(second, "secret"), None).unwrap();
    let timestamp = first["timestamp"].as_i64().unwrap();
    let h = headers(HeaderFamily::Webhook, text(first, "id"), timestamp, text(first, "signature"));
    let body = body_of(first);
    let req = Request { path: "/", headers: &h, body: &body, received_at_ms: timestamp * 1000 };
    assert_eq!(verify(&req, &[wrong], &VerifySettings::default()).status, VerificationStatus::Mismatch);
}

#[test]
fn the_documented_github_vector_verifies() {
    let gh = &fixture("other-schemes.json")["github"];
    let secret = Secret::new("github", Scheme::Github, text(gh, "secret"), None).unwrap();
    // Header names as GitHub writes them; verification compares without case.
    let h = vec![(text(gh, "header").to_owned(), text(gh, "signature").as_bytes().to_vec())];
    let body = text(gh, "body").as_bytes();
    let req = Request { path: "/gh", headers: &h, body, received_at_ms: 0 };
    let v = verify(&req, std::slice::from_ref(&secret), &VerifySettings::default());
    assert_eq!((v.scheme.clone(), v.status), (Some(Scheme::Github), VerificationStatus::Verified), "{v:?}");
    let tampered = Request { body: b"Hello, World?", ..req };
    assert_eq!(verify(&tampered, &[secret], &VerifySettings::default()).status, VerificationStatus::Mismatch);
}

#[test]
fn the_documented_slack_vector_verifies_within_its_tolerance() {
    let slack = &fixture("other-schemes.json")["slack"];
    let secret = Secret::new("slack", Scheme::Slack, text(slack, "secret"), None).unwrap();
    let timestamp = slack["timestamp"].as_i64().unwrap();
    let h = vec![
        ("X-Slack-Request-Timestamp".to_owned(), timestamp.to_string().into_bytes()),
        ("X-Slack-Signature".to_owned(), text(slack, "signature").as_bytes().to_vec()),
    ];
    let body = text(slack, "body").as_bytes();
    let req = Request { path: "/slack", headers: &h, body, received_at_ms: timestamp * 1000 };
    let v = verify(&req, std::slice::from_ref(&secret), &VerifySettings::default());
    assert_eq!((v.scheme.clone(), v.status), (Some(Scheme::Slack), VerificationStatus::Verified), "{v:?}");
    let late = Request { received_at_ms: (timestamp + 301) * 1000, ..req };
    assert_eq!(
        verify(&late, std::slice::from_ref(&secret), &VerifySettings::default()).status,
        VerificationStatus::Stale
    );
}
