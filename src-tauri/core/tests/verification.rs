//! Verdicts through the real listener, re-verification after a secret change,
//! the verdict filter, and grouping of retries into events.

mod common;

use common::{client, Harness, T0};
use hookscope_core::group::GapTiming;
use hookscope_core::signing::SigningConfig;
use hookscope_core::store::TimelineFilter;
use hookscope_core::verify::{sign, HeaderFamily, Scheme, Secret, VerificationStatus, VerifySettings};
use hookscope_core::CoreEvent;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
const BODY: &str = include_str!("fixtures/self-verification-completed.json");

fn secret(label: &str, value: &str) -> Secret {
    Secret::new(label, Scheme::StandardWebhooks, value, None).unwrap()
}

fn signing(secrets: Vec<Secret>) -> SigningConfig {
    SigningConfig { secrets, settings: VerifySettings::default() }
}

/// Posts `body` signed with `value` as Self (Svix) would, at the harness clock.
async fn post_signed(h: &Harness, message_id: &str, value: &str, body: &str) -> String {
    let headers = sign(
        HeaderFamily::Svix,
        &secret("x", value),
        &VerifySettings::default(),
        message_id,
        T0 / 1000,
        BODY.as_bytes(),
    )
    .unwrap();
    let mut request = client().post(h.url("/webhooks/self")).header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let answer = request.body(body.to_owned()).send().await.unwrap().text().await.unwrap();
    serde_json::from_str::<serde_json::Value>(&answer).unwrap()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_signed_delivery_verifies_and_a_trailing_newline_is_diagnosed() {
    let h = Harness::start_with(|c| c.signing = signing(vec![secret("current", SECRET)])).await;
    let good = post_signed(&h, "msg_good", SECRET, BODY).await;
    let json = h.inspector.delivery(&good).await.unwrap().unwrap().to_json();
    let verification = json.verification.unwrap();
    assert_eq!(verification.status, VerificationStatus::Verified);
    assert_eq!(verification.matched_secret.as_deref(), Some("current"));
    assert_eq!(verification.skew_seconds, Some(0));

    let bad = post_signed(&h, "msg_newline", SECRET, &format!("{BODY}\n")).await;
    let verification = h.inspector.delivery(&bad).await.unwrap().unwrap().to_json().verification.unwrap();
    assert_eq!(verification.status, VerificationStatus::Mismatch);
    assert!(verification.hints.iter().any(|h| h.contains("trailing newline")), "{:?}", verification.hints);
    assert!(!verification.detail.contains(SECRET) && !verification.hints.iter().any(|h| h.contains(SECRET)));
}

#[tokio::test]
async fn changing_the_secrets_re_verifies_every_stored_delivery() {
    let h = Harness::start().await;
    let mut events = h.inspector.subscribe();
    let ids = [post_signed(&h, "m1", SECRET, BODY).await, post_signed(&h, "m2", OTHER, BODY).await];
    let before = h.inspector.delivery(&ids[0]).await.unwrap().unwrap().captured.verification.unwrap();
    assert_eq!(before.status, VerificationStatus::NoSecret);

    h.inspector.set_signing(signing(vec![secret("current", SECRET)])).await.unwrap().unwrap();
    let statuses: Vec<VerificationStatus> = {
        let mut s = Vec::new();
        for id in &ids {
            s.push(h.inspector.delivery(id).await.unwrap().unwrap().captured.verification.unwrap().status);
        }
        s
    };
    assert_eq!(statuses, [VerificationStatus::Verified, VerificationStatus::Mismatch]);
    // Progress is announced after each committed step, then the end.
    let mut finished = None;
    while let Ok(event) = events.try_recv() {
        if let CoreEvent::Reverified(progress) = event {
            finished = Some(progress);
        }
    }
    let finished = finished.expect("re-verification progress was published");
    assert!(finished.finished);
    assert_eq!((finished.done, finished.total), (2, 2));

    // The verdict filter sees the new verdicts.
    let only = TimelineFilter { verdicts: vec![VerificationStatus::Mismatch], ..Default::default() };
    let page = h.inspector.page(None, 10, only).await.unwrap();
    assert_eq!(page.items.iter().map(|s| s.id.clone()).collect::<Vec<_>>(), [ids[1].clone()]);

    // And the on-demand check agrees, with the working shown.
    let report = h.inspector.signature_report(&ids[1]).await.unwrap().unwrap();
    assert_eq!(report.now_ignoring_time.status, VerificationStatus::Mismatch);
    assert_eq!(report.detail.expected.len(), 1);
}

#[tokio::test]
async fn a_stale_timestamp_is_stale_at_receipt_but_verifies_ignoring_time() {
    let h = Harness::start_with(|c| c.signing = signing(vec![secret("current", SECRET)])).await;
    h.clock.advance(301_000);
    let id = post_signed(&h, "msg_late", SECRET, BODY).await;
    let report = h.inspector.signature_report(&id).await.unwrap().unwrap();
    assert_eq!(report.at_receipt.unwrap().status, VerificationStatus::Stale);
    assert_eq!(report.now_ignoring_time.status, VerificationStatus::Verified);
}

#[tokio::test]
async fn retries_form_one_event_with_gaps_compared_to_the_schedule() {
    let h = Harness::start().await;
    h.inspector.answers().set(hookscope_core::respond::AnswerConfig {
        script: hookscope_core::respond::parse_script("503").unwrap(),
        ..Default::default()
    });
    post_signed(&h, "msg_r", SECRET, BODY).await;
    h.clock.advance(5_200);
    post_signed(&h, "msg_r", SECRET, BODY).await;
    h.clock.advance(120_000); // far earlier than the 5 min step
    post_signed(&h, "msg_r", SECRET, BODY).await;
    h.clock.advance(1_000);
    post_signed(&h, "msg_dup", SECRET, BODY).await; // same verification, new message: a duplicate event

    let groups = h.inspector.groups(None, 10, TimelineFilter::default()).await.unwrap();
    assert_eq!(groups.items.len(), 1, "one event");
    let group = &groups.items[0];
    assert_eq!(group.dedup_key, "7f3b2a1e-9c4d-4b2a-8e1f-2c6d5a4b3c2d-completed");
    assert_eq!((group.deliveries, group.messages, group.max_attempt), (4, 2, 3));

    let chain = h.inspector.chain(&group.dedup_key).await.unwrap();
    let gaps: Vec<Option<GapTiming>> = chain.entries.iter().map(|e| e.gap.map(|g| g.timing)).collect();
    assert_eq!(gaps, [None, Some(GapTiming::AsScheduled), Some(GapTiming::Early), None]);
    assert_eq!(chain.entries[1].gap_ms, Some(5_200));
    assert_eq!(chain.entries[3].delivery.attempt, 1);
    // The duplicate event was answered 503 too: the sender will retry it in about 5 s.
    assert_eq!(chain.next_attempt_at_ms, Some(chain.entries[3].delivery.received_at_ms + 5_000));
}
