//! The window from the keyboard: j/k move through the timeline, Enter opens
//! the delivery, `?` lists the shortcuts and Escape closes the list.

use hookscope_e2e::fantoccini::key::Key;
use hookscope_e2e::{http, App};

async fn post_three(app: &App) {
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    // One after another, so the timeline lists them newest (/k/3) first.
    for n in 1..=3 {
        let response = http().post(app.listener_url(&format!("/k/{n}"))).body(format!("{{\"n\":{n}}}")).send().await;
        assert_eq!(response.unwrap().status(), 200);
        app.wait_for_count("[data-testid=timeline-row]", n).await;
    }
}

async fn opened(app: &App, path: &str) {
    app.wait_for_text("[data-testid=detail-request]", |t| t.ends_with(path)).await;
}

#[tokio::test]
async fn j_k_and_enter_open_the_right_delivery() {
    let app = App::launch().await;
    post_three(&app).await;

    app.press(&['j']).await;
    opened(&app, "/k/3").await;
    app.press(&['j', 'j']).await;
    opened(&app, "/k/1").await;
    app.press(&['k']).await;
    opened(&app, "/k/2").await;
    let selected = app.find("[data-testid=timeline-row][aria-selected=true]").await;
    assert_eq!(app.text_in(&selected, "[data-testid=row-path]").await, "/k/2");

    app.press(&[Key::Enter.into()]).await;
    app.wait_for_text("[data-testid=detail-body]", |t| t.contains("\"n\": 2")).await;
    let deadline = std::time::Instant::now() + hookscope_e2e::PATIENCE;
    while app.focused_testid().await != "tab-body" {
        assert!(std::time::Instant::now() < deadline, "Enter did not move into the open delivery");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // From the delivery's tabs, k still moves through the timeline.
    app.press(&['k']).await;
    opened(&app, "/k/3").await;
    app.quit().await;
}

#[tokio::test]
async fn question_mark_lists_the_shortcuts_and_escape_closes_them() {
    let app = App::launch().await;
    post_three(&app).await;

    app.press(&['?']).await;
    let help = app.find("[data-testid=shortcuts-help]").await;
    let text = help.text().await.unwrap();
    for words in ["Next delivery", "Previous delivery", "Open the selected delivery", "Keyboard shortcuts"] {
        assert!(text.contains(words), "{words:?} is not listed: {text}");
    }
    let keys: Vec<String> = {
        let mut keys = Vec::new();
        for row in app.find_all("[data-testid=shortcut-keys]").await {
            keys.push(row.attr("data-action").await.unwrap().unwrap_or_default());
        }
        keys
    };
    assert!(["next", "previous", "open", "help", "close"].iter().all(|k| keys.iter().any(|s| s == k)), "{keys:?}");

    // Behind the overlay, the timeline does not move.
    app.press(&['j']).await;
    app.press(&[Key::Escape.into()]).await;
    app.wait_for_count("[data-testid=shortcuts-help]", 0).await;
    assert!(app.find_all("[data-testid=detail-request]").await.is_empty(), "j acted behind the overlay");
    app.quit().await;
}
