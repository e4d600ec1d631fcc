//! Signed Self `verification.completed` deliveries, posted over HTTP the way
//! Svix sends them, and stores filled with many of them through the core's own
//! listener (the path every real delivery takes).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use hookscope_core::signing::SigningConfig;
use hookscope_core::vault::Vault;
use hookscope_core::verify::{sign, HeaderFamily, Scheme, Secret, VerifySettings};
use hookscope_core::{Inspector, InspectorConfig, DB_FILE};

/// The signing secret of the sender in these runs (a made-up `whsec_` key).
pub const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// Self's documented `verification.completed` payload.
pub const SELF_EVENT: &str = include_str!("../../core/tests/fixtures/self-verification-completed.json");

/// Requests in flight at once while filling.
const CONNECTIONS: usize = 16;

pub fn now_s() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// The sender's secret, labelled `label`.
pub fn secret(label: &str) -> Secret {
    Secret::new(label, Scheme::StandardWebhooks, SECRET, None).expect("the fixed secret parses")
}

/// Self's event with its own `verification_id`: each one is a distinct event.
pub fn self_event(verification_id: &str) -> String {
    let mut json: serde_json::Value = serde_json::from_str(SELF_EVENT).expect("the fixture is JSON");
    json["verification_id"] = verification_id.into();
    serde_json::to_string_pretty(&json).expect("JSON serializes")
}

/// Posts `body` to `url` signed for `signed_body` (the same bytes, unless a test
/// wants a mismatch) with message id `message_id` at `timestamp_s`; the status.
pub async fn post_signed(
    client: &reqwest::Client,
    url: &str,
    message_id: &str,
    timestamp_s: i64,
    signed_body: &[u8],
    body: Vec<u8>,
) -> reqwest::Result<u16> {
    let headers =
        sign(HeaderFamily::Svix, &secret("sender"), &VerifySettings::default(), message_id, timestamp_s, signed_body)
            .expect("signing with a valid secret");
    let mut request = client.post(url).header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(name, value);
    }
    Ok(request.body(body).send().await?.status().as_u16())
}

/// Posts `count` distinct signed events to `url`, `CONNECTIONS` at a time;
/// returns how many were answered 200.
pub async fn post_many(url: &str, count: u64) -> u64 {
    let next = Arc::new(AtomicU64::new(0));
    let ok = Arc::new(AtomicU64::new(0));
    let client = crate::http();
    let mut workers = Vec::with_capacity(CONNECTIONS);
    for _ in 0..CONNECTIONS {
        let (next, ok, client, url) = (next.clone(), ok.clone(), client.clone(), url.to_owned());
        workers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count {
                    break;
                }
                let body = self_event(&format!("00000000-0000-4000-8000-{n:012x}"));
                let message_id = format!("msg_fill_{n}");
                if let Ok(200) =
                    post_signed(&client, &url, &message_id, now_s(), body.as_bytes(), body.clone().into_bytes()).await
                {
                    ok.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for worker in workers {
        worker.await.expect("a posting task panicked");
    }
    ok.load(Ordering::Relaxed)
}

/// Saves the sender's secret in `data_dir`'s vault file (the app reads it with
/// `HOOKSCOPE_SECRET_STORE=file`, which [`crate::Launch`] sets).
pub fn save_secret(data_dir: &Path) {
    Vault::in_dir(data_dir).save(&[secret("current")]).expect("the secret is saved");
}

/// Fills `data_dir` (a desktop app's data directory) with `count` signed events
/// through the core's listener, and saves the secret in the directory's vault
/// file, so the app opens a store whose verdicts match its secrets. Returns how
/// many were stored.
pub async fn fill(data_dir: &Path, count: u64) -> u64 {
    save_secret(data_dir);
    let mut config = InspectorConfig::new(data_dir.join(DB_FILE));
    config.signing = SigningConfig { secrets: vec![secret("current")], settings: VerifySettings::default() };
    let inspector = Inspector::open(config).expect("the store opens");
    let listener = inspector.listen(([127, 0, 0, 1], 0).into()).await.expect("the listener starts");
    let url = format!("http://{}/webhooks/self", listener.local_addr());
    post_many(&url, count).await;
    drop(listener);
    inspector.store().count().await.expect("the store counts")
}
