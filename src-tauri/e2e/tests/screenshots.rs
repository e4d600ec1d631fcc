//! The README's screenshots, taken from the real app with real deliveries:
//! `make screenshots` runs this (it is ignored by `make test`) and writes the
//! PNGs to `ui/screenshots/` (or `HOOKSCOPE_SCREENSHOTS_DIR`).

use std::path::PathBuf;
use std::time::Duration;

use hookscope_e2e::deliveries::{now_s, post_signed, save_secret, self_event};
use hookscope_e2e::handler::start_verifying_handler;
use hookscope_e2e::{http, App, Launch};

fn output_dir() -> PathBuf {
    match std::env::var_os("HOOKSCOPE_SCREENSHOTS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/screenshots"),
    }
}

async fn save(app: &App, name: &str) {
    // Lets transitions and fonts settle, so the picture is what a person would see.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let png = app.client.screenshot().await.expect("WebDriver takes a screenshot");
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
    let dir = output_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap();
    eprintln!("wrote {}", path.display());
}

/// Posts one signed Self event; `tamper` changes the bytes after signing.
async fn post(app: &App, message_id: &str, verification_id: &str, age_s: i64, tamper: fn(&str) -> String) -> u16 {
    let body = self_event(verification_id);
    let url = app.listener_url("/webhooks/self");
    let sent = tamper(&body).into_bytes();
    post_signed(&http(), &url, message_id, now_s() - age_s, body.as_bytes(), sent).await.unwrap()
}

fn as_signed(body: &str) -> String {
    body.to_owned()
}

/// A proxy or framework that adds a newline: the classic signature mismatch.
fn trailing_newline(body: &str) -> String {
    format!("{body}\n")
}

async fn click(app: &App, css: &str) {
    app.find(css).await.click().await.unwrap();
}

async fn type_into(app: &App, css: &str, text: &str) {
    let field = app.find(css).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Answers for the retried event: the first two attempts fail, as a handler that is still being written would.
async fn set_answer_script(app: &App, script: Option<&str>) {
    click(app, "[data-testid=open-settings]").await;
    app.find("[data-testid=settings-panel]").await;
    match script {
        Some(script) => {
            type_into(app, "[data-testid=answer-script]", script).await;
            click(app, "[data-testid=answers-apply]").await;
            app.wait_for_text("[data-testid=answer-banner]", |t| !t.is_empty()).await;
        }
        None => click(app, "[data-testid=answers-reset]").await,
    }
    click(app, "[data-testid=settings-close]").await;
}

#[tokio::test]
#[ignore = "writes the README screenshots; run with `make screenshots`"]
async fn readme_screenshots() {
    let launch = Launch::new();
    save_secret(launch.data_dir.path());
    let app = launch.start().await;
    let _ = app.client.set_window_size(1400, 900).await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;

    assert_eq!(post(&app, "msg_2xkq81", "4c1f7a2e-55b0-4d3e-9a61-0b8e2f6c9d14", 0, as_signed).await, 200);
    assert_eq!(post(&app, "msg_2xkq9f", "d2a6e0b9-8f34-4c7a-b1e5-7a90c3d4e812", 0, as_signed).await, 200);

    set_answer_script(&app, Some("503,503,200")).await;
    for expected in [503, 503, 200] {
        let status = post(&app, "msg_2xkr3c", "7f3b2a1e-9c4d-4b2a-8e1f-2c6d5a4b3c2d", 0, as_signed).await;
        assert_eq!(status, expected);
        tokio::time::sleep(Duration::from_millis(1200)).await;
    }
    set_answer_script(&app, None).await;

    // Signed five minutes and a half ago: outside the 5-minute tolerance.
    assert_eq!(post(&app, "msg_2xkr7d", "0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b", 330, as_signed).await, 200);
    assert_eq!(post(&app, "msg_2xkr8e", "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", 0, trailing_newline).await, 200);
    let rows = app.wait_for_count("[data-testid=timeline-row]", 7).await;

    // The timeline, with the third (accepted) attempt of the retried event open.
    rows[2].click().await.unwrap();
    app.wait_for_text("[data-testid=detail-body]", |t| t.contains("verification.completed")).await;
    save(&app, "timeline").await;

    // The mismatch, diagnosed.
    rows[0].click().await.unwrap();
    click(&app, "[data-testid=tab-signature]").await;
    app.wait_for_text("[data-testid=signature-status]", |t| t.contains("mismatch")).await;
    app.wait_for_text("[data-testid=signature-hint]", |t| t.contains("trailing newline")).await;
    save(&app, "signature").await;

    // Replayed to a handler that checks signatures: as captured it is refused, re-signed it is accepted.
    let handler = start_verifying_handler().await;
    click(&app, "[data-testid=tab-replays]").await;
    type_into(&app, "[data-testid=replay-target]", &handler).await;
    click(&app, "[data-testid=replay-as-captured]").await;
    app.wait_for_text("[data-testid=replay-status]", |t| t.contains("401")).await;
    click(&app, "[data-testid=replay-resigned]").await;
    app.wait_for_count("[data-testid=replay-status]", 2).await;
    let statuses = {
        let mut statuses = Vec::new();
        for status in app.find_all("[data-testid=replay-status]").await {
            statuses.push(status.attr("data-status").await.unwrap().unwrap_or_default());
        }
        statuses
    };
    assert!(statuses.contains(&"200".to_owned()) && statuses.contains(&"401".to_owned()), "{statuses:?}");
    save(&app, "replays").await;

    // Sharing with support: the Export dialog with the Self personal data preset.
    click(&app, "[data-testid=open-export]").await;
    click(&app, "[data-testid=export-self-preset]").await;
    app.wait_for_text("[data-testid=export-preview]", |t| t.contains("proof")).await;
    save(&app, "export").await;
    app.quit().await;
}
