//! Overload and slow senders, over real sockets: past the limit of requests in
//! flight the listener sheds with 503 + Retry-After instead of queueing, and a
//! sender that stalls mid-headers or mid-body loses its connection (or gets a
//! 400, recorded) after the listener's timeouts, while others are served.

mod common;

use std::time::Duration;

use common::{client, Harness};
use hookscope_core::capture::MAX_IN_FLIGHT;
use hookscope_core::delivery::Rejection;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Longer than the listener's header (10 s) and body (30 s) read timeouts: a guard
/// against a hang, not a speed check.
const PAST_TIMEOUTS: Duration = Duration::from_secs(45);

/// A connection that sent the head of a POST announcing 1 KiB and then stalls.
async fn stalled_body(h: &Harness) -> TcpStream {
    let mut stream = TcpStream::connect(h.listener.local_addr()).await.unwrap();
    stream.write_all(b"POST /stalled HTTP/1.1\r\nhost: x\r\ncontent-length: 1024\r\n\r\npartial").await.unwrap();
    stream
}

/// Everything the listener sends on `stream` until it closes it.
async fn read_until_closed(mut stream: TcpStream) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(PAST_TIMEOUTS, stream.read_to_end(&mut answer))
        .await
        .expect("the listener never closed the stalled connection")
        .unwrap_or_default();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn past_the_requests_in_flight_limit_senders_get_503_and_retry_after() {
    let h = Harness::start().await;
    let mut stalled = Vec::new();
    for _ in 0..MAX_IN_FLIGHT {
        stalled.push(stalled_body(&h).await);
    }
    // Every slot is held by a stalled body: the next sender is shed, not queued.
    let deadline = tokio::time::Instant::now() + PAST_TIMEOUTS;
    let shed = loop {
        let response = client().post(h.url("/one-more")).body("x").send().await.unwrap();
        if response.status() == 503 {
            break response;
        }
        // The stalled requests reach the handler one by one.
        assert!(tokio::time::Instant::now() < deadline, "never shed; last status {}", response.status());
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let retry_after = shed.headers().get("retry-after").expect("a Retry-After header").to_str().unwrap().to_owned();
    assert!(retry_after.parse::<u32>().is_ok_and(|s| s >= 1), "{retry_after}");
    let shed_body = shed.text().await.unwrap();
    assert!(!shed_body.to_lowercase().contains("semaphore"), "internal detail leaked: {shed_body}");

    // The stalled senders hang up: their slots come back and capture goes on.
    drop(stalled);
    let deadline = tokio::time::Instant::now() + PAST_TIMEOUTS;
    loop {
        let response = client().post(h.url("/after")).body("y").send().await.unwrap();
        if response.status() == 200 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "capture did not resume; last status {}", response.status());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let stored = h.inspector.page(None, 10, Default::default()).await.unwrap();
    assert!(stored.items.iter().any(|row| row.path == "/after"), "the delivery after the overload is stored");
}

#[tokio::test]
async fn a_sender_stalling_in_its_headers_is_disconnected_and_others_are_served() {
    let h = Harness::start().await;
    let mut stream = TcpStream::connect(h.listener.local_addr()).await.unwrap();
    stream.write_all(b"POST /slow HTTP/1.1\r\nhost: x\r\nx-half: ").await.unwrap();
    // Meanwhile the listener answers everyone else.
    let response = client().post(h.url("/meanwhile")).body("z").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let answer = read_until_closed(stream).await;
    // hyper answers 408 or just closes; either way nothing was captured from it.
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
    let stored = h.inspector.page(None, 10, Default::default()).await.unwrap();
    assert!(stored.items.iter().all(|row| row.path != "/slow"));
}

#[tokio::test]
async fn a_sender_stalling_in_its_body_gets_400_and_the_attempt_is_recorded() {
    let h = Harness::start().await;
    let stream = stalled_body(&h).await;
    let answer = read_until_closed(stream).await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let stored = h.inspector.page(None, 10, Default::default()).await.unwrap();
    let row = stored.items.iter().find(|row| row.path == "/stalled").expect("the attempt is recorded");
    assert_eq!(row.rejection.as_deref(), Some(Rejection::BodyUnreadable.code()));
    assert_eq!(row.status, 400);
}
