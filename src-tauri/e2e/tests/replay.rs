//! Replay from the window: the developer's handler receives the captured bytes,
//! and its answer shows in the Replays tab.

use std::sync::{Arc, Mutex};

use hookscope_e2e::{http, App};

/// A local handler on port 0 that records each body and answers 202 "queued".
async fn handler() -> (String, Arc<Mutex<Vec<Vec<u8>>>>) {
    let seen: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
    let log = seen.clone();
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhooks/self", socket.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = socket.accept().await else { break };
            let log = log.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                    let log = log.clone();
                    async move {
                        use http_body_util::BodyExt as _;
                        let body = request.into_body().collect().await?.to_bytes();
                        log.lock().unwrap().push(body.to_vec());
                        Ok::<_, hyper::Error>(
                            hyper::Response::builder()
                                .status(202)
                                .body(http_body_util::Full::new(bytes::Bytes::from_static(b"queued")))
                                .unwrap(),
                        )
                    }
                });
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
            });
        }
    });
    (url, seen)
}

#[tokio::test]
async fn replay_sends_the_captured_bytes_and_shows_the_answer() {
    let app = App::launch().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    let (target, seen) = handler().await;
    let body = r#"{"type":"verification.completed","verification_id":"replayed"}"#;
    let response = http().post(app.listener_url("/webhooks/self")).body(body).send().await.unwrap();
    assert_eq!(response.status(), 200);

    app.wait_for_count("[data-testid=timeline-row]", 1).await[0].click().await.unwrap();
    app.find("[data-testid=tab-replays]").await.click().await.unwrap();
    let field = app.find("[data-testid=replay-target]").await;
    field.clear().await.unwrap();
    field.send_keys(&target).await.unwrap();
    app.find("[data-testid=replay-as-captured]").await.click().await.unwrap();

    let status = app.wait_for_text("[data-testid=replay-status]", |t| t.contains("202")).await;
    assert!(status.contains("202"), "{status}");
    assert_eq!(seen.lock().unwrap().as_slice(), [body.as_bytes().to_vec()], "the handler got the captured bytes");
    app.quit().await;
}
