//! The foundation, seen through the real window.

use hookscope_e2e::{free_port, http, App, Launch};

const SELF_EVENT: &str = include_str!("../../core/tests/fixtures/self-verification-completed.json");

#[tokio::test]
async fn a_posted_delivery_appears_live_with_its_body_and_headers() {
    let app = App::launch().await;
    let url = app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    assert_eq!(url, format!("http://127.0.0.1:{}", app.port));
    app.find("[data-testid=timeline-empty]").await;

    let response = http()
        .post(app.listener_url("/webhooks/self?env=test"))
        .header("content-type", "application/json")
        .header("x-e2e-marker", "first")
        .header("x-e2e-marker", "second")
        .body(SELF_EVENT)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let rows = app.wait_for_count("[data-testid=timeline-row]", 1).await;
    let path = app.text_in(&rows[0], "[data-testid=row-path]").await;
    assert_eq!(path, "/webhooks/self?env=test");
    let status = app.text_in(&rows[0], "[data-testid=row-status]").await;
    assert!(status.contains("200"), "{status}");
    rows[0].click().await.unwrap();

    let body = app.wait_for_text("[data-testid=detail-body]", |t| t.contains("verification.completed")).await;
    assert!(body.contains("\"verification_id\": \"7f3b2a1e-9c4d-4b2a-8e1f-2c6d5a4b3c2d\""), "pretty JSON: {body}");
    assert_eq!(app.find("[data-testid=body-kind]").await.text().await.unwrap(), "JSON");
    let request = app.find("[data-testid=detail-request]").await.text().await.unwrap();
    assert!(request.contains("POST") && request.contains("/webhooks/self?env=test"), "{request}");

    let mut markers = Vec::new();
    for row in app.find_all("[data-testid=header-row]").await {
        let name = app.text_in(&row, "[data-testid=header-name]").await;
        let value = app.text_in(&row, "[data-testid=header-value]").await;
        if name == "x-e2e-marker" {
            markers.push(value);
        }
    }
    assert_eq!(markers, ["first", "second"]);
    app.quit().await;
}

#[tokio::test]
async fn stored_deliveries_are_loaded_on_start() {
    let launch = Launch::new();
    {
        // Capture two deliveries with the core alone, before the window exists.
        let db = launch.data_dir.path().join(hookscope_core::DB_FILE);
        let inspector = hookscope_core::Inspector::open(hookscope_core::InspectorConfig::new(&db)).unwrap();
        let listener = inspector.listen("127.0.0.1:0".parse().unwrap()).await.unwrap();
        for path in ["/earlier/one", "/earlier/two"] {
            let url = format!("http://{}{path}", listener.local_addr());
            assert_eq!(http().post(url).body("x").send().await.unwrap().status(), 200);
        }
    }
    let app = launch.start().await;
    let rows = app.wait_for_count("[data-testid=timeline-row]", 2).await;
    let newest = app.text_in(&rows[0], "[data-testid=row-path]").await;
    assert_eq!(newest, "/earlier/two", "newest first");
    app.quit().await;
}

#[tokio::test]
async fn a_taken_port_is_said_and_another_can_be_chosen() {
    let blocker = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = blocker.local_addr().unwrap().port();
    let mut launch = Launch::new();
    launch.port = taken;
    let app = launch.start().await;
    let error = app.wait_for_text("[data-testid=listener-error]", |t| t.contains("already in use")).await;
    assert!(error.contains(&taken.to_string()), "{error}");

    let other = free_port();
    let input = app.find("[data-testid=port-input]").await;
    input.clear().await.unwrap();
    input.send_keys(&other.to_string()).await.unwrap();
    app.find("[data-testid=port-apply]").await.click().await.unwrap();
    app.wait_for_text("[data-testid=local-url]", |t| t == format!("http://127.0.0.1:{other}")).await;

    let response = http().post(format!("http://127.0.0.1:{other}/after-switch")).body("ok").send().await.unwrap();
    assert_eq!(response.status(), 200);
    app.wait_for_count("[data-testid=timeline-row]", 1).await;
    drop(blocker);
    app.quit().await;
}

#[tokio::test]
async fn a_binary_body_is_shown_as_hex() {
    let app = App::launch().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    let body = vec![0xde, 0xad, 0xbe, 0xef, 0x00, 0x41];
    assert_eq!(http().post(app.listener_url("/bin")).body(body).send().await.unwrap().status(), 200);
    app.wait_for_count("[data-testid=timeline-row]", 1).await[0].click().await.unwrap();
    let hex = app.wait_for_text("[data-testid=detail-body]", |t| !t.is_empty()).await;
    assert!(hex.to_lowercase().contains("de ad be ef 00 41"), "{hex}");
    assert_eq!(app.find("[data-testid=body-kind]").await.text().await.unwrap(), "Binary");
    app.quit().await;
}
