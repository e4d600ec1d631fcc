//! The capture path over a real socket and a real SQLite file.

mod common;

use common::{client, Harness, T0};
use hookscope_core::CoreEvent;

async fn post(h: &Harness, path: &str, body: Vec<u8>) -> (reqwest::StatusCode, String) {
    let response = client().post(h.url(path)).body(body).send().await.unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

fn stored_id(answer: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(answer).unwrap();
    value["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn bodies_round_trip_byte_exact() {
    let h = Harness::start().await;
    let fixture = include_bytes!("fixtures/self-verification-completed.json").to_vec();
    let big: Vec<u8> = (0..1024 * 1024).map(|i| (i % 251) as u8).collect();
    for body in [fixture, Vec::new(), vec![0xff, 0xfe, 0x00, 0x80, b'a'], big] {
        let (status, answer) = post(&h, "/webhooks/self?env=test&x=%20", body.clone()).await;
        assert_eq!(status, 200);
        let delivery = h.inspector.delivery(&stored_id(&answer)).await.unwrap().unwrap();
        assert_eq!(&delivery.captured.body[..], &body[..]);
        assert_eq!(delivery.captured.path, "/webhooks/self?env=test&x=%20");
        assert_eq!(delivery.captured.method, "POST");
        assert_eq!(delivery.captured.received_at_ms, T0);
        assert_eq!(delivery.answer.status, 200);
        assert!(delivery.captured.remote_addr.as_deref().unwrap().starts_with("127.0.0.1:"));
    }
}

#[tokio::test]
async fn json_and_binary_bodies_map_to_body_or_body_base64() {
    let h = Harness::start().await;
    let (_, answer) = post(&h, "/", b"{\"a\":1}".to_vec()).await;
    let json = h.inspector.delivery(&stored_id(&answer)).await.unwrap().unwrap().to_json();
    assert_eq!(json.body.as_deref(), Some("{\"a\":1}"));
    assert!(json.body_base64.is_none());
    let (_, answer) = post(&h, "/", vec![0xc3, 0x28]).await;
    let json = h.inspector.delivery(&stored_id(&answer)).await.unwrap().unwrap().to_json();
    assert!(json.body.is_none());
    assert_eq!(json.body_base64.as_deref(), Some("wyg="));
}

#[tokio::test]
async fn duplicate_header_names_are_kept_in_order() {
    let h = Harness::start().await;
    let answer = client()
        .put(h.url("/h"))
        .header("X-Trace", "first")
        .header("Svix-Id", "msg_1")
        .header("X-Trace", "second")
        .header("x-trace", "third")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let delivery = h.inspector.delivery(&stored_id(&answer)).await.unwrap().unwrap();
    let traces: Vec<&[u8]> =
        delivery.captured.headers.iter().filter(|(n, _)| n == "x-trace").map(|(_, v)| &v[..]).collect();
    assert_eq!(traces, [&b"first"[..], b"second", b"third"]);
    assert_eq!(delivery.captured.header("svix-id"), Some("msg_1"));
    assert_eq!(delivery.captured.method, "PUT");
}

#[tokio::test]
async fn any_method_and_path_is_captured() {
    let h = Harness::start().await;
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = client().request(m, h.url("/a/b/../c?q=1")).send().await.unwrap();
        assert_eq!(response.status(), 200, "{method}");
    }
    assert_eq!(h.inspector.store().count().await.unwrap(), 6);
}

#[tokio::test]
async fn an_oversized_body_is_answered_413_and_the_attempt_recorded() {
    let h = Harness::start_with(|c| c.body_limit = 1024).await;
    let (status, answer) = post(&h, "/big", vec![b'x'; 4096]).await;
    assert_eq!(status, 413);
    assert!(answer.contains("too large"), "{answer}");
    let page = h.inspector.page(None, 10, Default::default()).await.unwrap();
    assert_eq!(page.items.len(), 1);
    let delivery = h.inspector.delivery(&page.items[0].id).await.unwrap().unwrap();
    assert_eq!(delivery.answer.status, 413);
    assert_eq!(delivery.captured.declared_size, Some(4096));
    assert_eq!(delivery.captured.path, "/big");
    assert!(delivery.captured.body.is_empty());
    assert_eq!(delivery.to_json().rejection.as_deref(), Some("too_large"));
    // The listener still serves after refusing.
    let (status, _) = post(&h, "/small", vec![b'y'; 1024]).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_refused_too() {
    let h = Harness::start_with(|c| c.body_limit = 1024).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..8).map(|_| Ok(vec![b'z'; 512])).collect();
    let body = reqwest::Body::wrap_stream(futures_stream(chunks));
    let response = client().post(h.url("/chunked")).body(body).send().await.unwrap();
    assert_eq!(response.status(), 413);
    let page = h.inspector.page(None, 10, Default::default()).await.unwrap();
    assert_eq!(page.items[0].rejection.as_deref(), Some("too_large"));
}

fn futures_stream(
    chunks: Vec<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    tokio_stream::iter(chunks)
}

#[tokio::test]
async fn a_store_that_cannot_write_answers_503_and_never_2xx() {
    let h = Harness::start().await;
    let (status, _) = post(&h, "/ok", b"first".to_vec()).await;
    assert_eq!(status, 200);
    // Simulate a full disk: the writer's connection may not grow the file any more.
    h.inspector
        .store()
        .write(|conn| {
            let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            conn.pragma_update(None, "max_page_count", pages)?;
            Ok(((), Vec::new()))
        })
        .await
        .unwrap();
    let mut events = h.inspector.subscribe();
    let (status, answer) = post(&h, "/lost", vec![b'x'; 64 * 1024]).await;
    assert_eq!(status, 503);
    assert!(!answer.to_lowercase().contains("sqlite") && !answer.contains("full"), "internal detail leaked: {answer}");
    assert_eq!(h.inspector.store().count().await.unwrap(), 1);
    let CoreEvent::Storage(health) = events.recv().await.unwrap() else { panic!("expected a storage event") };
    assert_eq!(health.problem.as_deref(), Some("the disk is full"));

    // The fault clears: capture resumes by itself and says so.
    h.inspector
        .store()
        .write(|conn| {
            conn.pragma_update(None, "max_page_count", 1_073_741_823)?;
            Ok(((), Vec::new()))
        })
        .await
        .unwrap();
    let (status, _) = post(&h, "/back", b"again".to_vec()).await;
    assert_eq!(status, 200);
    let CoreEvent::Storage(health) = events.recv().await.unwrap() else { panic!("expected a storage event") };
    assert!(health.ok);
    assert_eq!(h.inspector.store().count().await.unwrap(), 2);
}

#[tokio::test]
async fn stored_events_follow_the_commit() {
    let h = Harness::start().await;
    let mut events = h.inspector.subscribe();
    let (_, answer) = post(&h, "/evt", b"hello".to_vec()).await;
    let CoreEvent::DeliveryStored(summary) = events.recv().await.unwrap() else { panic!("expected a stored event") };
    assert_eq!(summary.id, stored_id(&answer));
    assert_eq!(summary.path, "/evt");
    assert_eq!(summary.size, 5);
    // By the time the event is seen, the row is readable.
    assert!(h.inspector.delivery(&summary.id).await.unwrap().is_some());
}

#[tokio::test]
async fn deliveries_survive_a_restart() {
    let h = Harness::start().await;
    let (_, answer) = post(&h, "/persist", b"kept".to_vec()).await;
    let db = h.inspector.db_path().to_owned();
    let id = stored_id(&answer);
    drop(h.listener);
    drop(h.inspector);
    let reopened = hookscope_core::Inspector::open(hookscope_core::InspectorConfig::new(&db)).unwrap();
    let delivery = reopened.delivery(&id).await.unwrap().unwrap();
    assert_eq!(&delivery.captured.body[..], b"kept");
}

#[tokio::test]
async fn a_taken_port_is_reported_as_such() {
    let h = Harness::start().await;
    let taken = h.listener.local_addr();
    let err = h.inspector.listen(taken).await.err().unwrap();
    assert!(matches!(err, hookscope_core::ListenError::AddrInUse { .. }), "{err}");
    assert!(err.to_string().contains("already in use"));
}
