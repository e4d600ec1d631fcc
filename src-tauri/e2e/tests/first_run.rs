//! The first run: an empty timeline says what to register and where the secret
//! goes, and "Send test event" shows a verified delivery without the provider.

use hookscope_e2e::App;

#[tokio::test]
async fn send_test_event_makes_a_verified_delivery_with_a_generated_secret() {
    let app = App::launch().await;
    app.find("[data-testid=timeline-empty]").await;
    let url = app.wait_for_text("[data-testid=first-run-url]", |t| !t.is_empty()).await;
    assert_eq!(url, app.listener_url("/webhooks/self"));

    app.find("[data-testid=send-test-event]").await.click().await.unwrap();
    let rows = app.wait_for_count("[data-testid=timeline-row]", 1).await;
    assert_eq!(app.text_in(&rows[0], "[data-testid=row-path]").await, "/webhooks/self");
    let badge = app.find("[data-testid=timeline-row] [data-testid=row-verdict]").await;
    assert_eq!(badge.attr("data-verdict").await.unwrap().as_deref(), Some("verified"));

    // The generated secret is shown once, and kept (masked) in the settings.
    let secret = app.wait_for_text("[data-testid=generated-secret-value]", |t| t.starts_with("whsec_")).await;
    assert_eq!(secret.len(), "whsec_".len() + 32, "{secret}");
    app.find("[data-testid=generated-secret-dismiss]").await.click().await.unwrap();
    app.wait_for_count("[data-testid=generated-secret]", 0).await;
    app.find("[data-testid=open-settings]").await.click().await.unwrap();
    let row = app.find("[data-testid=secret-row][data-label='test events (generated)']").await;
    let masked = app.text_in(&row, "[data-testid=secret-masked]").await;
    assert!(masked.starts_with("••••") && !masked.contains(&secret[6..]), "{masked}");

    // The event opens like any delivery: Self's sample with a fresh verification id.
    app.find("[data-testid=settings-close]").await.click().await.unwrap();
    app.find("[data-testid=timeline-row]").await.click().await.unwrap();
    let body = app.wait_for_text("[data-testid=detail-body]", |t| t.contains("verification.completed")).await;
    assert!(!body.contains("7f3b2a1e-9c4d-4b2a-8e1f-2c6d5a4b3c2d"), "a fresh verification id: {body}");
    app.quit().await;
}

#[tokio::test]
async fn the_secret_button_opens_the_secret_form() {
    let app = App::launch().await;
    // The guide is laid out again once the listener's URL is in: click after that.
    app.wait_for_text("[data-testid=first-run-url]", |t| !t.is_empty()).await;
    app.find("[data-testid=first-run-secret]").await.click().await.unwrap();
    app.find("[data-testid=settings-panel]").await;
    let deadline = std::time::Instant::now() + hookscope_e2e::PATIENCE;
    while app.focused_testid().await != "secret-value" {
        assert!(std::time::Instant::now() < deadline, "the secret's field did not get the cursor");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.quit().await;
}
