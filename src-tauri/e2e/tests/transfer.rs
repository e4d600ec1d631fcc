//! Export and import in the real window: the Export dialog writes the file
//! chosen in the native save dialog, redacted as asked and without the signing
//! secret; another window imports it through the native open dialog, once.

use std::path::Path;

use hookscope_e2e::deliveries::{now_s, post_signed, save_secret, self_event, SECRET};
use hookscope_e2e::{file_dialog, http, App, Launch};

const EXPORT_TITLE: &str = "Export deliveries";
const IMPORT_TITLE: &str = "Import deliveries";

async fn post_three(app: &App) {
    let client = http();
    for (n, id) in ["ver_export_1", "ver_export_2"].into_iter().enumerate() {
        let body = self_event(id);
        let status = post_signed(
            &client,
            &app.listener_url("/webhooks/self"),
            &format!("msg_export_{n}"),
            now_s(),
            body.as_bytes(),
            body.clone().into_bytes(),
        )
        .await
        .unwrap();
        assert_eq!(status, 200);
    }
    // Not UTF-8, with a credential in a header.
    let response = client
        .post(app.listener_url("/binary"))
        .header("authorization", "Bearer e2e-credential")
        .body(vec![0xff, 0x00, 0xfe, b'{'])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    app.wait_for_count("[data-testid=timeline-row]", 3).await;
}

async fn export_to(app: &App, path: &Path) -> String {
    app.find("[data-testid=export-save]").await.click().await.unwrap();
    file_dialog::save_as(EXPORT_TITLE, path).await;
    // The line names the file: a result from an earlier export does not count.
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    app.wait_for_text("[data-testid=export-result]", |t| t.contains("Exported 3 deliveries") && t.contains(&name)).await
}

#[tokio::test]
async fn an_export_saved_through_the_dialog_imports_into_another_window_once() {
    let data_dir = tempfile::tempdir().unwrap();
    save_secret(data_dir.path());
    let app = Launch { data_dir, ..Launch::new() }.start().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    post_three(&app).await;
    let out = tempfile::tempdir().unwrap();

    // Open a Self delivery, so the preview has something to show.
    let rows = app.find_all("[data-testid=timeline-row]").await;
    rows[1].click().await.unwrap();
    app.find("[data-testid=open-export]").await.click().await.unwrap();
    app.find("[data-testid=export-dialog]").await;
    app.wait_for_text("[data-testid=export-count]", |t| t.contains('3')).await;
    app.find("[data-testid=export-self-preset]").await.click().await.unwrap();
    app.wait_for_text("[data-testid=export-preview]", |t| t.contains("proof")).await;

    let ndjson = out.path().join("evidence.ndjson");
    export_to(&app, &ndjson).await;
    let text = std::fs::read_to_string(&ndjson).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4, "a manifest and three deliveries");
    assert_eq!(lines[0]["count"], 3);
    assert!(!text.contains(SECRET) && !text.contains(SECRET.trim_start_matches("whsec_")), "the secret leaked");
    assert!(!text.contains("e2e-credential"), "the authorization header was not redacted");
    for delivery in &lines[1..] {
        if delivery["path"] == "/webhooks/self" {
            assert_ne!(delivery["redacted"]["body"], serde_json::Value::Null, "{delivery}");
        }
    }

    // The same deliveries as HAR.
    app.find("[data-testid=export-format-har]").await.click().await.unwrap();
    let har = out.path().join("evidence.har");
    export_to(&app, &har).await;
    let har: serde_json::Value = serde_json::from_slice(&std::fs::read(&har).unwrap()).unwrap();
    assert_eq!(har["log"]["version"], "1.2");
    assert_eq!(har["log"]["entries"].as_array().unwrap().len(), 3);
    app.quit().await;

    // Another window, empty: import the log, then import it again.
    let other = App::launch().await;
    other.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    other.find("[data-testid=open-import]").await.click().await.unwrap();
    other.find("[data-testid=import-choose]").await.click().await.unwrap();
    file_dialog::open(IMPORT_TITLE, &ndjson).await;
    other.wait_for_text("[data-testid=import-result]", |t| t.contains("Imported 3 deliveries")).await;
    other.wait_for_count("[data-testid=timeline-row]", 3).await;
    other.wait_for_count("[data-testid=imported-badge]", 3).await;

    other.find("[data-testid=import-choose]").await.click().await.unwrap();
    file_dialog::open(IMPORT_TITLE, &ndjson).await;
    other
        .wait_for_text("[data-testid=import-result]", |t| t.contains("Imported 0") && t.contains("3 already present"))
        .await;
    other.wait_for_count("[data-testid=timeline-row]", 3).await;
    other.quit().await;
}
