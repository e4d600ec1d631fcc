//! The tunnel switch on a machine without internet: a clear, fast failure, and
//! the local listener unaffected.

use hookscope_e2e::{http, Launch};

#[tokio::test]
async fn switching_the_tunnel_on_offline_fails_clearly_and_capture_goes_on() {
    let mut launch = Launch::new();
    launch.env.push(("NGROK_AUTHTOKEN".into(), "offline-test-token".into()));
    let app = launch.start().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    app.wait_for_text("[data-testid=tunnel-state]", |t| t.to_lowercase().contains("off")).await;

    let started = std::time::Instant::now();
    app.find("[data-testid=tunnel-switch]").await.click().await.unwrap();
    let error = app.wait_for_text("[data-testid=tunnel-error]", |t| t.to_lowercase().contains("ngrok")).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "took {:?}", started.elapsed());
    assert!(!error.contains("offline-test-token"), "the token is never shown: {error}");
    let state = app.find("[data-testid=tunnel-state]").await.text().await.unwrap();
    assert!(state.to_lowercase().contains("failed"), "{state}");

    let response = http().post(app.listener_url("/still-capturing")).body("x").send().await.unwrap();
    assert_eq!(response.status(), 200);
    app.wait_for_count("[data-testid=timeline-row]", 1).await;
    app.quit().await;
}
