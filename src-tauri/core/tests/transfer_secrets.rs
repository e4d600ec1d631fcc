//! Signing secrets and the ngrok authtoken never reach an export, in any format
//! or redaction mode — even when senders, replays or handlers echoed them back.

mod common;
mod sample_log;

use base64::Engine as _;
use common::Harness;
use hookscope_core::export::{ExportFormat, ExportScope, RedactionOptions};
use hookscope_core::replay::ReplayMode;
use hookscope_core::replays::ReplaySettings;
use hookscope_core::signing::SigningConfig;
use hookscope_core::vault::Vault;
use hookscope_core::verify::{Scheme, Secret, VerifySettings};
use sample_log::{echo_handler, export_file, post, request, signed_headers, BODY, SECRET};
use serde_json::Value;

const TOKEN: &str = "2Zx9authTOKENngrok_5f3KqLm8PwR1";
const TEXT_SECRET: &str = "shpss_text_scheme_secret_42";

fn forbidden() -> Vec<Vec<u8>> {
    let key = SECRET.strip_prefix("whsec_").unwrap();
    let mut values: Vec<Vec<u8>> = [SECRET, key, TOKEN, TEXT_SECRET].iter().map(|v| v.as_bytes().to_vec()).collect();
    values.push(base64::engine::general_purpose::STANDARD.decode(key).unwrap());
    for text in [SECRET, TOKEN, TEXT_SECRET] {
        values.push(base64::engine::general_purpose::STANDARD.encode(text).into_bytes());
        values.push(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text).into_bytes());
    }
    values
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every string in the document, and what it decodes to when it is base64.
fn strings(value: &Value, out: &mut Vec<Vec<u8>>) {
    match value {
        Value::String(s) => {
            out.push(s.as_bytes().to_vec());
            if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(s) {
                out.push(bytes);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push(k.as_bytes().to_vec());
            strings(v, out)
        }),
        _ => {}
    }
}

fn assert_clean(text: &str, what: &str) {
    let mut found = vec![text.as_bytes().to_vec()];
    let documents: Vec<Value> = match serde_json::from_str::<Value>(text) {
        Ok(doc) => vec![doc],
        Err(_) => text.lines().map(|l| serde_json::from_str(l).unwrap()).collect(),
    };
    documents.iter().for_each(|d| strings(d, &mut found));
    for needle in forbidden() {
        for hay in &found {
            assert!(!contains(hay, &needle), "{what}: {:?} leaked", String::from_utf8_lossy(&needle));
        }
    }
}

#[tokio::test]
async fn no_secret_or_token_is_written_in_any_format_or_mode() {
    let data = tempfile::tempdir().unwrap();
    let vault = Vault::in_dir(data.path());
    vault
        .save(&[
            Secret::new("current", Scheme::StandardWebhooks, SECRET, None).unwrap(),
            Secret::new("shop", Scheme::Shopify, TEXT_SECRET, Some("/shop")).unwrap(),
        ])
        .unwrap();
    vault.set_token(Some(TOKEN)).unwrap();
    let secrets = vault.load().unwrap();
    let h = Harness::start_with(|c| c.signing = SigningConfig { secrets, settings: VerifySettings::default() }).await;

    // A sender echoing the secret and the token in headers, the body and the query.
    let mut headers = signed_headers(SECRET, "msg_1", BODY);
    headers.push(("x-debug-secret".into(), SECRET.into()));
    headers.push(("x-tunnel".into(), format!("token={TOKEN}")));
    let signed = post(&h, &format!("/webhooks/self?token={TOKEN}"), &headers, BODY.into()).await;
    let leaky_json = serde_json::json!({"config": {"secret": SECRET, "shop": TEXT_SECRET}, "ngrok": TOKEN}).to_string();
    post(&h, "/json", &[("content-type".into(), "application/json".into())], leaky_json.into()).await;
    let mut binary = SECRET.as_bytes().to_vec();
    binary.extend_from_slice(&[0xff, 0x00, 0xfe]);
    binary.extend_from_slice(TOKEN.as_bytes());
    binary.push(0x80);
    post(&h, "/bin", &[], binary).await;
    // A replay to a handler that echoes the body, at a URL carrying the token.
    let target = format!("{}?t={TOKEN}", echo_handler().await);
    h.inspector.set_replay_settings(ReplaySettings { target: Some(target), timeout_seconds: 5 }).await.unwrap();
    h.inspector.replay(&signed, None, ReplayMode::AsCaptured, None).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let token = vault.token().unwrap().unwrap();
    let modes = [RedactionOptions::default(), RedactionOptions::none(), RedactionOptions::default().with_self_preset()];
    for format in [ExportFormat::Ndjson, ExportFormat::Har] {
        for (m, mode) in modes.iter().enumerate() {
            let what = format!("{format:?} export, mode {m}");
            let req = request(format, ExportScope::default(), mode.clone());
            let (_, summary, text) = export_file(&h.inspector, req, vec![token.clone()], dir.path(), "x").await;
            assert_clean(&text, &what);
            assert_eq!(summary.count, 3, "{what}");
            assert!(summary.secrets_removed >= 8, "{what}: {summary:?}");
            assert!(text.contains("[secret removed]"), "{what}");
        }
    }

    // The signing secrets in use are cut even when nothing else is named.
    let req = request(ExportFormat::Ndjson, ExportScope::default(), RedactionOptions::none());
    let (_, _, text) = export_file(&h.inspector, req, vec![], dir.path(), "y").await;
    assert!(!text.contains(SECRET) && !text.contains(TEXT_SECRET));
    let first: Value = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
    assert_eq!(first["redacted"]["body"], false, "the Self body holds no secret");
    assert_eq!(first["redacted"]["headers"], serde_json::json!(["x-debug-secret"]));
    // The verdict recorded at receipt stays.
    assert_eq!(first["verification"]["status"], "verified");
}
