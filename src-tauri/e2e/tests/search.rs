//! Search and filters in the real window: typing narrows the timeline to what
//! matches, the filter is there again after a restart, and deliveries arriving
//! while it is filtered wait behind the "N new" pill.

use hookscope_core::events::EventBus;
use hookscope_core::store::{Store, TimelineFilter};
use hookscope_e2e::deliveries::{now_s, post_signed, save_secret, self_event};
use hookscope_e2e::fantoccini::Locator;
use hookscope_e2e::{free_port, http, App, Launch, PATIENCE};

async fn post(app: &App, path: &str, header: &str, body: &str) {
    let response =
        http().post(app.listener_url(path)).header("x-e2e-note", header).body(body.to_owned()).send().await.unwrap();
    assert_eq!(response.status(), 200);
}

/// The paths of the rows listed, top first.
async fn paths(app: &App) -> Vec<String> {
    let mut paths = Vec::new();
    for row in app.find_all("[data-testid=timeline-row]").await {
        paths.push(app.text_in(&row, "[data-testid=row-path]").await);
    }
    paths
}

/// The filter saved in the app's store, once `done` says it is the one expected.
async fn saved_filter(app: &App, done: impl Fn(&TimelineFilter) -> bool) -> TimelineFilter {
    let db = app.data_dir.path().join(hookscope_core::DB_FILE);
    let store = Store::open(&db, EventBus::new()).unwrap();
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let filter = store.saved_filter().await.unwrap();
        if done(&filter) {
            return filter;
        }
        assert!(std::time::Instant::now() < deadline, "the filter saved is still {filter:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn search(app: &App, text: &str) {
    let field = app.find("#timeline-search").await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

#[tokio::test]
async fn typing_shows_only_matches_and_the_filter_survives_a_restart() {
    let app = App::launch().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    post(&app, "/webhooks/self", "first", r#"{"type":"verification.completed","verification_id":"ver_needle_1"}"#)
        .await;
    post(&app, "/webhooks/stripe", "second", r#"{"type":"invoice.paid"}"#).await;
    post(&app, "/other", "has-NEEDLE-in-a-header", "plain body").await;
    post(&app, "/last", "fourth", "nothing to see").await;
    app.wait_for_count("[data-testid=timeline-row]", 4).await;

    // A body and a header value match, in any case.
    search(&app, "needle").await;
    app.wait_for_count("[data-testid=timeline-row]", 2).await;
    assert_eq!(paths(&app).await, ["/other", "/webhooks/self"]);
    app.wait_for_text("[data-testid=list-count]", |t| t == "2 matches").await;

    // Nothing matches: said, with a way out.
    search(&app, "no-such-text").await;
    app.wait_for_text("[data-testid=timeline-none-match]", |t| t.contains("No deliveries match")).await;
    app.find("[data-testid=none-match-clear]").await.click().await.unwrap();
    app.wait_for_count("[data-testid=timeline-row]", 4).await;

    // Search and a filter together, then a restart on the same data.
    search(&app, "webhooks").await;
    app.wait_for_count("[data-testid=timeline-row]", 2).await;
    app.find("[data-testid=duplicates-filter]").await.click().await.unwrap();
    app.wait_for_text("[data-testid=timeline-none-match]", |t| t.contains("No deliveries match")).await;
    app.find("[data-testid=duplicates-filter]").await.click().await.unwrap();
    app.find("[data-testid=status-2xx]").await.click().await.unwrap();
    app.wait_for_count("[data-testid=timeline-row]", 2).await;
    // Saved as it changed: wait for the last change to be in the store before closing.
    let saved = saved_filter(&app, |f| f.search == "webhooks" && f.statuses.len() == 1).await;
    assert!(!saved.duplicates_only);
    let data_dir = app.quit_keeping_data().await;

    let app = Launch { port: free_port(), data_dir, env: Vec::new() }.start().await;
    app.wait_for_count("[data-testid=timeline-row]", 2).await;
    assert_eq!(paths(&app).await, ["/webhooks/stripe", "/webhooks/self"]);
    let field = app.find("#timeline-search").await;
    assert_eq!(field.prop("value").await.unwrap().as_deref(), Some("webhooks"));
    let chip = app.find("[data-testid=status-2xx]").await;
    assert_eq!(chip.attr("aria-pressed").await.unwrap().as_deref(), Some("true"));
    app.quit().await;
}

#[tokio::test]
async fn deliveries_arriving_while_filtered_wait_behind_the_new_pill() {
    let app = App::launch().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    post(&app, "/orders/1", "a", "order placed").await;
    post(&app, "/refunds/1", "b", "refund issued").await;
    app.wait_for_count("[data-testid=timeline-row]", 2).await;
    search(&app, "order").await;
    app.wait_for_count("[data-testid=timeline-row]", 1).await;

    // One arrival matches the search, one does not: only the first is counted,
    // and the list does not move.
    post(&app, "/refunds/2", "c", "another refund").await;
    post(&app, "/orders/2", "d", "order placed again").await;
    let pill = app.wait_for_text("[data-testid=new-pill]", |t| t.contains("1 new")).await;
    assert!(pill.contains('↑'), "{pill}");
    assert_eq!(paths(&app).await, ["/orders/1"]);

    app.find("[data-testid=new-pill]").await.click().await.unwrap();
    app.wait_for_count("[data-testid=timeline-row]", 2).await;
    assert_eq!(paths(&app).await, ["/orders/2", "/orders/1"]);
    assert!(app.client.find(Locator::Css("[data-testid=new-pill]")).await.is_err(), "the pill is gone");
    app.quit().await;
}

/// Picks `value` in the `<select>` `css`, as a click and a choice would.
async fn choose(app: &App, css: &str, value: &str) {
    let select = app.find(css).await;
    select.click().await.unwrap();
    select.select_by_value(value).await.unwrap_or_else(|e| panic!("{css} has no option {value:?}: {e}"));
}

#[tokio::test]
async fn the_signature_and_event_type_filters_combine() {
    let data_dir = tempfile::tempdir().unwrap();
    save_secret(data_dir.path());
    let app = Launch { data_dir, ..Launch::new() }.start().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    let (client, url) = (http(), app.listener_url("/webhooks/self"));
    let good = self_event("ver_filter_good");
    assert_eq!(
        post_signed(&client, &url, "msg_good", now_s(), good.as_bytes(), good.clone().into()).await.unwrap(),
        200
    );
    // Signed for other bytes: a mismatch.
    let bad = self_event("ver_filter_bad");
    assert_eq!(post_signed(&client, &url, "msg_bad", now_s(), b"other bytes", bad.into()).await.unwrap(), 200);
    post(&app, "/webhooks/stripe", "invoice", r#"{"type":"invoice.paid"}"#).await;
    app.wait_for_count("[data-testid=timeline-row]", 3).await;

    choose(&app, "[data-testid=verdict-filter]", "mismatch").await;
    app.wait_for_count("[data-testid=timeline-row]", 1).await;
    assert_eq!(paths(&app).await, ["/webhooks/self"]);

    choose(&app, "[data-testid=verdict-filter]", "").await;
    // The types offered are those of stored deliveries.
    choose(&app, "[data-testid=type-filter]", "invoice.paid").await;
    app.wait_for_count("[data-testid=timeline-row]", 1).await;
    assert_eq!(paths(&app).await, ["/webhooks/stripe"]);

    choose(&app, "[data-testid=type-filter]", "verification.completed").await;
    app.wait_for_count("[data-testid=timeline-row]", 2).await;
    choose(&app, "[data-testid=verdict-filter]", "verified").await;
    app.wait_for_count("[data-testid=timeline-row]", 1).await;
    let rows = app.find_all("[data-testid=timeline-row]").await;
    rows[0].click().await.unwrap();
    app.wait_for_text("[data-testid=detail-request]", |t| t.contains("/webhooks/self")).await;
    app.quit().await;
}
