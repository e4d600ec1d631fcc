//! Reading a delivery in the real window: Self's verification.completed summed
//! up above its body, the JSON tree opened and closed, and a body just under
//! the 10 MiB limit opened while the window keeps answering.

use std::time::{Duration, Instant};

use hookscope_e2e::fantoccini::elements::Element;
use hookscope_e2e::fantoccini::Locator;
use hookscope_e2e::{http, App, PATIENCE};

const SELF_EVENT: &str = include_str!("../../core/tests/fixtures/self-verification-completed.json");

/// The listener refuses bodies over 10 MiB; this one is 1 KiB under.
const LARGE: usize = 10 * 1024 * 1024 - 1024;

async fn post_json(app: &App, path: &str, body: String) {
    let response =
        http().post(app.listener_url(path)).header("content-type", "application/json").body(body).send().await.unwrap();
    assert_eq!(response.status(), 200);
}

/// `{"type":"bulk.test","items":[{"i":0,"pad":"xx…"}, …]}` padded with spaces to `size` bytes.
fn large_json(size: usize) -> (String, usize) {
    let mut body = String::from(r#"{"type":"bulk.test","items":["#);
    let pad = "x".repeat(80);
    let mut items = 0;
    loop {
        let item = format!(r#"{{"i":{items},"pad":"{pad}"}}"#);
        if body.len() + item.len() + 3 > size {
            break;
        }
        if items > 0 {
            body.push(',');
        }
        body.push_str(&item);
        items += 1;
    }
    body.push_str("]}");
    body.push_str(&" ".repeat(size - body.len()));
    (body, items)
}

async fn text_content(element: &Element) -> String {
    element.prop("textContent").await.unwrap().unwrap_or_default()
}

/// The tree rows whose key is `key` (as sent, quotes included).
async fn rows_with_key(app: &App, key: &str) -> Vec<Element> {
    let mut found = Vec::new();
    for row in app.find_all("[data-testid=tree-row]").await {
        if let Ok(shown) = row.find(Locator::Css("[data-testid=tree-key]")).await {
            if text_content(&shown).await == key {
                found.push(row);
            }
        }
    }
    found
}

/// Waits until `count` tree rows carry `key`.
async fn wait_for_key(app: &App, key: &str, count: usize) -> Vec<Element> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let rows = rows_with_key(app, key).await;
        if rows.len() == count {
            return rows;
        }
        assert!(Instant::now() < deadline, "expected {count} tree rows keyed {key}, saw {}", rows.len());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn expanded(toggle: &Element) -> String {
    toggle.attr("aria-expanded").await.unwrap().unwrap_or_default()
}

#[tokio::test]
async fn a_self_event_is_summed_up_and_its_tree_opens_and_closes() {
    let app = App::launch().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    post_json(&app, "/webhooks/self", SELF_EVENT.to_owned()).await;
    app.wait_for_count("[data-testid=timeline-row]", 1).await[0].click().await.unwrap();

    // The card, above the body, says what the status means and how it is handled.
    app.wait_for_text("[data-testid=self-status]", |t| t == "valid").await;
    let meaning = app.find("[data-testid=self-status-meaning]").await.text().await.unwrap();
    assert!(meaning.contains("all flow predicates passed"), "{meaning}");
    let handling = app.find("[data-testid=self-status-handling]").await.text().await.unwrap();
    assert!(handling.contains("Grant access"), "{handling}");
    let id = app.find("[data-testid=self-field-verification_id]").await.text().await.unwrap();
    assert!(id.contains("7f3b2a1e-9c4d-4b2a-8e1f-2c6d5a4b3c2d"), "{id}");
    let storage = app.find("[data-testid=self-field-storage_state]").await.text().await.unwrap();
    assert!(storage.contains("pending"), "{storage}");
    assert_eq!(app.find_all("[data-testid=self-copy-external_uuid]").await.len(), 1, "each field has its copy button");

    // The tree opens a small event in full; a node closes and opens again.
    assert_eq!(app.find("[data-testid=detail-body]").await.attr("data-view").await.unwrap().as_deref(), Some("tree"));
    let attributes = wait_for_key(&app, "\"proof_attributes\"", 1).await.remove(0);
    let toggle = attributes.find(Locator::Css("[data-testid=tree-toggle]")).await.unwrap();
    assert_eq!(expanded(&toggle).await, "true");
    wait_for_key(&app, "\"age_gte_18\"", 1).await;

    toggle.click().await.unwrap();
    wait_for_key(&app, "\"age_gte_18\"", 0).await;
    assert_eq!(expanded(&toggle).await, "false");
    let count = attributes.find(Locator::Css("[data-testid=tree-count]")).await.unwrap();
    assert_eq!(text_content(&count).await, "3 keys");

    toggle.click().await.unwrap();
    let attribute = wait_for_key(&app, "\"age_gte_18\"", 1).await.remove(0);
    let value = attribute.find(Locator::Css("[data-testid=tree-value]")).await.unwrap();
    assert_eq!(text_content(&value).await, "true");
    assert_eq!(expanded(&toggle).await, "true");
    app.quit().await;
}

#[tokio::test]
async fn a_body_just_under_10_mib_opens_and_the_window_keeps_answering() {
    let app = App::launch().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    post_json(&app, "/webhooks/self", SELF_EVENT.to_owned()).await;
    let (large, items) = large_json(LARGE);
    assert_eq!(large.len(), LARGE);
    assert!(serde_json::from_str::<serde_json::Value>(&large).is_ok(), "the large body is valid JSON");
    post_json(&app, "/bulk", large).await;

    let rows = app.wait_for_count("[data-testid=timeline-row]", 2).await;
    assert_eq!(app.text_in(&rows[0], "[data-testid=row-path]").await, "/bulk");
    rows[0].click().await.unwrap();

    app.wait_for_text("[data-testid=detail-size]", |t| t.contains("10,484,736 bytes")).await;
    assert_eq!(app.find("[data-testid=body-kind]").await.text().await.unwrap(), "JSON");
    let body = app.wait_for_text("[data-testid=detail-body]", |t| t.contains("\"type\": \"bulk.test\"")).await;
    let start: String = body.chars().take(400).collect();
    assert!(body.contains(&format!("{} items", thousands(items))), "{start}");
    let more = app.find("[data-testid=tree-more-row]").await.text().await.unwrap();
    assert!(more.contains(&format!("100 of {} shown", thousands(items))), "{more}");

    // The window still answers: another row opens, then the large one again.
    let rows = app.find_all("[data-testid=timeline-row]").await;
    rows[1].click().await.unwrap();
    app.wait_for_text("[data-testid=self-status]", |t| t == "valid").await;
    rows[0].click().await.unwrap();
    app.wait_for_text("[data-testid=detail-size]", |t| t.contains("10,484,736 bytes")).await;
    app.find("[data-testid=body-view-raw]").await.click().await.unwrap();
    let note = app.wait_for_text("[data-testid=capped-note]", |t| !t.is_empty()).await;
    assert!(note.contains("262,144 characters of 10,484,736 characters"), "{note}");
    app.quit().await;
}

/// 108405 → "108,405", as the window writes counts.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
