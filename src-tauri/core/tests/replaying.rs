//! Replays of stored deliveries through the Inspector: sent, recorded with the
//! delivery, announced after commit, and listed newest first.

mod common;

use std::sync::{Arc, Mutex};

use axum::routing::post;
use common::{client, Harness};
use hookscope_core::replay::{ReplayMode, ReplayResult};
use hookscope_core::replays::ReplaySettings;
use hookscope_core::CoreEvent;

/// A local handler that records each body it gets and answers 202.
async fn target() -> (String, Arc<Mutex<Vec<Vec<u8>>>>) {
    let seen: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
    let log = seen.clone();
    let app = axum::Router::new().route(
        "/webhooks/self",
        post(move |body: bytes::Bytes| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(body.to_vec());
                (axum::http::StatusCode::ACCEPTED, "queued")
            }
        }),
    );
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhooks/self", socket.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(socket, app).await.unwrap() });
    (url, seen)
}

#[tokio::test]
async fn a_replay_is_sent_recorded_and_announced() {
    let h = Harness::start().await;
    let (url, seen) = target().await;
    let answer = client().post(h.url("/webhooks/self")).body("{\"n\":1}").send().await.unwrap().text().await.unwrap();
    let id = serde_json::from_str::<serde_json::Value>(&answer).unwrap()["id"].as_str().unwrap().to_owned();
    let mut events = h.inspector.subscribe();

    // No target yet: a clear refusal.
    let error = h.inspector.replay(&id, None, ReplayMode::AsCaptured, None).await.unwrap_err();
    assert!(error.to_string().contains("no replay target"), "{error}");
    let bad =
        h.inspector.set_replay_settings(ReplaySettings { target: Some("ftp://x".into()), timeout_seconds: 5 }).await;
    assert!(bad.is_err());
    h.inspector.set_replay_settings(ReplaySettings { target: Some(url.clone()), timeout_seconds: 5 }).await.unwrap();

    let record = h.inspector.replay(&id, None, ReplayMode::AsCaptured, None).await.unwrap();
    assert_eq!(seen.lock().unwrap().as_slice(), [b"{\"n\":1}".to_vec()]);
    let ReplayResult::Answered(response) = &record.outcome.result else { panic!("{:?}", record.outcome.result) };
    assert_eq!(response.status, 202);
    assert_eq!(response.body.as_deref(), Some("queued"));
    let CoreEvent::Replayed(announced) = events.recv().await.unwrap() else { panic!("expected a replay event") };
    assert_eq!(announced, record);

    // A refused connection is a record too, in words.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let failed =
        h.inspector.replay(&id, Some(format!("http://{closed}/x")), ReplayMode::AsCaptured, None).await.unwrap();
    let ReplayResult::Failed(failure) = &failed.outcome.result else { panic!("expected a failure") };
    assert!(failure.message.contains("nothing is listening"), "{}", failure.message);

    let json = h.inspector.delivery_json(&id).await.unwrap().unwrap();
    assert_eq!(json.replays.iter().map(|r| r.id).collect::<Vec<_>>(), [failed.id, record.id], "newest first");
    let curl = h.inspector.curl(&id, None, false).await.unwrap();
    assert!(curl.contains(&url), "{curl}");
}

#[tokio::test]
async fn forward_mode_sends_each_delivery_and_mirror_answers_with_the_handlers_status() {
    use hookscope_core::forward::ForwardSettings;
    let h = Harness::start().await;
    let (url, seen) = target().await;
    let mut events = h.inspector.subscribe();
    let refused = h.inspector.set_forward_settings(ForwardSettings { enabled: true, ..Default::default() }).await;
    assert!(refused.unwrap_err().to_string().contains("no replay target"));
    h.inspector.set_replay_settings(ReplaySettings { target: Some(url), timeout_seconds: 5 }).await.unwrap();
    h.inspector.set_forward_settings(ForwardSettings { enabled: true, resign: false, mirror: false }).await.unwrap();

    let body = r#"{"type":"verification.completed","verification_id":"fwd"}"#;
    let answer = client().post(h.url("/webhooks/self")).body(body).send().await.unwrap();
    assert_eq!(answer.status(), 200, "Hookscope's own answer");
    let forwarded = loop {
        if let CoreEvent::Replayed(record) = events.recv().await.unwrap() {
            break record;
        }
    };
    assert!(forwarded.forwarded);
    assert_eq!(seen.lock().unwrap().as_slice(), [body.as_bytes().to_vec()]);

    // Mirror: the sender gets the handler's 202; the same event processed twice is flagged.
    h.inspector.set_forward_settings(ForwardSettings { enabled: true, resign: false, mirror: true }).await.unwrap();
    let answer = client().post(h.url("/webhooks/self")).body(body).send().await.unwrap();
    assert_eq!(answer.status(), 202);
    loop {
        if let CoreEvent::Replayed(_) = events.recv().await.unwrap() {
            break;
        }
    }
    let chain = h.inspector.chain("fwd-completed").await.unwrap();
    assert_eq!(chain.entries.len(), 2);
    assert_eq!(chain.entries[1].delivery.status, 202);
    assert!(chain.processed_twice, "the handler answered 2xx twice for one event");
}
