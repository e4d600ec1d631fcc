//! Retries as the sender sends them: three attempts of one message are one event.

use hookscope_e2e::{http, App};

#[tokio::test]
async fn three_posts_with_one_svix_id_show_as_one_event_with_three_attempts() {
    let app = App::launch().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    for _ in 0..3 {
        let response = http()
            .post(app.listener_url("/webhooks/self"))
            .header("svix-id", "msg_retried")
            .header("content-type", "application/json")
            .body(r#"{"type":"verification.completed","verification_id":"v-e2e"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let rows = app.wait_for_count("[data-testid=timeline-row]", 3).await;
    let newest = app.text_in(&rows[0], "[data-testid=row-relation]").await;
    assert!(newest.contains("attempt 3"), "{newest}");

    app.find("[data-testid=view-events]").await.click().await.unwrap();
    let groups = app.wait_for_count("[data-testid=group-row]", 1).await;
    assert_eq!(groups[0].attr("data-key").await.unwrap().as_deref(), Some("v-e2e-completed"));
    let count = app.text_in(&groups[0], "[data-testid=group-count]").await;
    assert!(count.contains("3 attempts"), "{count}");
    groups[0].click().await.unwrap();
    app.wait_for_count("[data-testid=chain-entry]", 3).await;
    app.quit().await;
}
