//! Scripted answers over real sockets: what the sender gets, and what is recorded.

mod common;

use std::time::{Duration, Instant};

use common::{client, Harness};
use hookscope_core::respond::{parse_script, AnswerConfig, FailNext, FixedAnswer};

async fn post_with_id(h: &Harness, message_id: &str) -> reqwest::Response {
    client().post(h.url("/webhooks/self")).header("svix-id", message_id).body("{}").send().await.unwrap()
}

#[tokio::test]
async fn a_script_answers_each_attempt_of_a_message_in_turn() {
    let h = Harness::start().await;
    h.inspector
        .answers()
        .set(AnswerConfig { script: parse_script("503,429 Retry-After: 30,200").unwrap(), ..AnswerConfig::default() });
    let first = post_with_id(&h, "msg_a").await;
    assert_eq!(first.status(), 503);
    let second = post_with_id(&h, "msg_a").await;
    assert_eq!(second.status(), 429);
    assert_eq!(second.headers()["retry-after"], "30");
    assert_eq!(post_with_id(&h, "msg_a").await.status(), 200);
    // Another message starts the script again.
    assert_eq!(post_with_id(&h, "msg_b").await.status(), 503);

    let page = h.inspector.page(None, 10, Default::default()).await.unwrap();
    let statuses: Vec<(u32, u16)> = page.items.iter().rev().map(|s| (s.attempt, s.status)).collect();
    assert_eq!(statuses, [(1, 503), (2, 429), (3, 200), (1, 503)]);
    let first = h.inspector.delivery(&page.items[3].id).await.unwrap().unwrap().to_json();
    assert!(first.response.scripted);
    assert_eq!(first.sender_outcome.summary, "will retry in about 5 s (attempt 2 of 8)");
}

#[tokio::test]
async fn fail_next_fails_that_many_deliveries_then_answers_200() {
    let h = Harness::start().await;
    h.inspector
        .answers()
        .set(AnswerConfig { fail_next: Some(FailNext { remaining: 2, status: 500 }), ..AnswerConfig::default() });
    let statuses: Vec<u16> = {
        let mut s = Vec::new();
        for i in 0..3 {
            s.push(post_with_id(&h, &format!("m{i}")).await.status().as_u16());
        }
        s
    };
    assert_eq!(statuses, [500, 500, 200]);
}

#[tokio::test]
async fn a_fixed_answer_with_delay_body_and_headers_is_given_and_recorded() {
    let h = Harness::start().await;
    h.inspector.answers().set(AnswerConfig {
        fixed: Some(FixedAnswer {
            status: 202,
            body: Some("queued".into()),
            headers: vec![("x-handler".into(), "hookscope".into())],
            delay_ms: 300,
        }),
        ..AnswerConfig::default()
    });
    let started = Instant::now();
    let response = post_with_id(&h, "msg_d").await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(response.status(), 202);
    assert_eq!(response.headers()["x-handler"], "hookscope");
    assert_eq!(response.text().await.unwrap(), "queued");
    let page = h.inspector.page(None, 1, Default::default()).await.unwrap();
    let json = h.inspector.delivery(&page.items[0].id).await.unwrap().unwrap().to_json();
    assert_eq!((json.response.status, json.response.delay_ms, json.response.scripted), (202, 300, true));
}

#[tokio::test]
async fn a_timeout_step_holds_the_connection_past_the_senders_patience() {
    let h = Harness::start().await;
    h.inspector.answers().set(AnswerConfig {
        script: parse_script("timeout,200").unwrap(),
        timeout_hold_ms: 1_500,
        ..AnswerConfig::default()
    });
    let impatient = reqwest::Client::builder().no_proxy().timeout(Duration::from_millis(400)).build().unwrap();
    let sent = impatient.post(h.url("/t")).header("svix-id", "msg_t").body("{}").send().await;
    assert!(sent.unwrap_err().is_timeout(), "the sender must see a timeout");
    // Stored before the hold began: visible while the connection is still held.
    let page = h.inspector.page(None, 1, Default::default()).await.unwrap();
    let held = h.inspector.delivery(&page.items[0].id).await.unwrap().unwrap().to_json();
    assert!(held.response.held);
    assert_eq!(held.sender_outcome.summary, "will retry in about 5 s (attempt 2 of 8)");
    // The retry gets the script's second step.
    assert_eq!(post_with_id(&h, "msg_t").await.status(), 200);
}
