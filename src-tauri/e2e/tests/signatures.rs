//! Verification seen through the window: a secret pasted in the settings, a
//! signed delivery shown as verified, a re-serialized one diagnosed.

use hookscope_core::verify::{sign, HeaderFamily, Scheme, Secret, VerifySettings};
use hookscope_e2e::{http, App};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY: &str = include_str!("../../core/tests/fixtures/self-verification-completed.json");

async fn post_signed(app: &App, message_id: &str, body: String) {
    let secret = Secret::new("sender", Scheme::StandardWebhooks, SECRET, None).unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let headers =
        sign(HeaderFamily::Svix, &secret, &VerifySettings::default(), message_id, now, BODY.as_bytes()).unwrap();
    let mut request = http().post(app.listener_url("/webhooks/self")).header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(name, value);
    }
    assert_eq!(request.body(body).send().await.unwrap().status(), 200);
}

async fn verdict_of_newest(app: &App, expected: &str) {
    let deadline = std::time::Instant::now() + hookscope_e2e::PATIENCE;
    loop {
        let rows = app.find_all("[data-testid=timeline-row]").await;
        if let Some(row) = rows.first() {
            let verdict = row
                .find(hookscope_e2e::fantoccini::Locator::Css("[data-testid=row-verdict]"))
                .await
                .unwrap()
                .attr("data-verdict")
                .await
                .unwrap()
                .unwrap_or_default();
            if verdict == expected {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "newest row's verdict stayed {verdict:?}, not {expected}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_pasted_secret_verifies_deliveries_and_a_trailing_newline_is_diagnosed() {
    let app = App::launch().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;

    app.find("[data-testid=open-settings]").await.click().await.unwrap();
    app.find("[data-testid=settings-panel]").await;
    let label = app.find("[data-testid=secret-label]").await;
    label.clear().await.unwrap();
    label.send_keys("current").await.unwrap();
    app.find("[data-testid=secret-value]").await.send_keys(SECRET).await.unwrap();
    app.find("[data-testid=secret-add]").await.click().await.unwrap();
    let row = app.wait_for_text("[data-testid=secret-row]", |t| t.contains("current")).await;
    assert!(!row.contains(SECRET), "only a masked form is shown: {row}");
    let storage = app.find("[data-testid=secrets-storage]").await.text().await.unwrap();
    assert!(storage.contains("0600") || storage.to_lowercase().contains("keyring"), "{storage}");
    // A malformed secret is refused at paste time, with a reason.
    app.find("[data-testid=secret-label]").await.send_keys("-bad").await.unwrap();
    app.find("[data-testid=secret-value]").await.send_keys("whsec_***").await.unwrap();
    app.find("[data-testid=secret-add]").await.click().await.unwrap();
    app.wait_for_text("[data-testid=secret-error]", |t| t.to_lowercase().contains("base64")).await;
    app.find("[data-testid=settings-close]").await.click().await.unwrap();

    post_signed(&app, "msg_good", BODY.to_owned()).await;
    verdict_of_newest(&app, "verified").await;

    post_signed(&app, "msg_newline", format!("{BODY}\n")).await;
    verdict_of_newest(&app, "mismatch").await;
    app.wait_for_count("[data-testid=timeline-row]", 2).await[0].click().await.unwrap();
    app.find("[data-testid=tab-signature]").await.click().await.unwrap();
    app.wait_for_text("[data-testid=signature-status]", |t| t.contains("mismatch")).await;
    let hints: Vec<String> = {
        let mut texts = Vec::new();
        for hint in app.find_all("[data-testid=signature-hint]").await {
            texts.push(hint.text().await.unwrap());
        }
        texts
    };
    assert!(hints.iter().any(|h| h.contains("trailing newline")), "{hints:?}");
    app.quit().await;
}
