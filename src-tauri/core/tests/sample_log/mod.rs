//! A store holding one of each kind of delivery an export must carry — signed
//! and verified, a retry, a signature mismatch, a binary body, a query string,
//! a replay with its answer — captured through the real listener.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use hookscope_core::export::{ExportFormat, ExportRequest, ExportScope, ExportSummary, RedactionOptions};
use hookscope_core::replay::ReplayMode;
use hookscope_core::replays::ReplaySettings;
use hookscope_core::signing::SigningConfig;
use hookscope_core::verify::{sign, HeaderFamily, Scheme, Secret, VerifySettings};
use hookscope_core::{Inspector, InspectorConfig};
use serde_json::Value;

use crate::common::{client, Harness, T0};

pub const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
pub const OTHER: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
pub const BODY: &str = include_str!("../fixtures/self-verification-completed.json");
/// Not UTF-8: must travel as base64 and come back byte for byte.
pub const BINARY: &[u8] = &[0x00, 0x9f, 0x92, 0x96, 0xff, 0xfe, b'{', 0x80, b'\n', 0xc3];

pub struct Sample {
    pub h: Harness,
    pub signed: String,
    pub retry: String,
    pub mismatch: String,
    pub binary: String,
    pub plain: String,
}

pub fn secret(value: &str) -> Secret {
    Secret::new("current", Scheme::StandardWebhooks, value, None).unwrap()
}

pub fn signing(value: &str) -> SigningConfig {
    SigningConfig { secrets: vec![secret(value)], settings: VerifySettings::default() }
}

/// Posts `body` to `path` with `headers`, and returns the stored id.
pub async fn post(h: &Harness, path: &str, headers: &[(String, String)], body: Vec<u8>) -> String {
    let mut request = client().post(h.url(path));
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let answer = request.body(body).send().await.unwrap().text().await.unwrap();
    serde_json::from_str::<Value>(&answer).unwrap()["id"].as_str().unwrap().to_owned()
}

/// Self's headers for `body`, signed with `value` at the harness's start.
pub fn signed_headers(value: &str, message_id: &str, body: &str) -> Vec<(String, String)> {
    let mut headers =
        sign(HeaderFamily::Svix, &secret(value), &VerifySettings::default(), message_id, T0 / 1000, body.as_bytes())
            .unwrap();
    headers.push(("content-type".into(), "application/json".into()));
    headers.push(("authorization".into(), "Bearer handler-token-123".into()));
    headers
}

/// A local handler for replays: answers 200 with what it received.
pub async fn echo_handler() -> String {
    let app = axum::Router::new().fallback(|body: bytes::Bytes| async move { (axum::http::StatusCode::OK, body) });
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhooks/self", socket.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(socket, app).await.unwrap() });
    url
}

pub async fn populated() -> Sample {
    let h = Harness::start_with(|c| c.signing = signing(SECRET)).await;
    let signed = post(&h, "/webhooks/self", &signed_headers(SECRET, "msg_1", BODY), BODY.into()).await;
    h.clock.advance(5_000);
    let retry = post(&h, "/webhooks/self", &signed_headers(SECRET, "msg_1", BODY), BODY.into()).await;
    h.clock.advance(1_000);
    let mismatch = post(&h, "/webhooks/self", &signed_headers(OTHER, "msg_2", BODY), BODY.into()).await;
    h.clock.advance(1_000);
    let octets = vec![("content-type".to_owned(), "application/octet-stream".to_owned())];
    let binary = post(&h, "/bin", &octets, BINARY.to_vec()).await;
    h.clock.advance(1_000);
    let plain = post(&h, "/plain?x=1&y=%2F", &[], b"hello".to_vec()).await;
    let target = echo_handler().await;
    h.inspector.set_replay_settings(ReplaySettings { target: Some(target), timeout_seconds: 5 }).await.unwrap();
    h.inspector.replay(&signed, None, ReplayMode::AsCaptured, None).await.unwrap();
    Sample { h, signed, retry, mismatch, binary, plain }
}

/// An empty inspector with no secrets, in its own directory.
pub fn empty() -> (tempfile::TempDir, Inspector) {
    let dir = tempfile::tempdir().unwrap();
    let inspector = Inspector::open(InspectorConfig::new(dir.path().join("other.sqlite"))).unwrap();
    (dir, inspector)
}

pub fn request(format: ExportFormat, scope: ExportScope, redaction: RedactionOptions) -> ExportRequest {
    ExportRequest { format, scope, redaction }
}

/// Exports to `dir/name` and returns the path, the summary and the text.
pub async fn export_file(
    inspector: &Inspector,
    request: ExportRequest,
    never_write: Vec<String>,
    dir: &Path,
    name: &str,
) -> (PathBuf, ExportSummary, String) {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    let summary = inspector.export(request, never_write, file).await.unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(summary.bytes, bytes.len() as u64);
    (path, summary, String::from_utf8(bytes).unwrap())
}

/// The delivery lines of a Hookscope log, without what an import changes: the
/// file it came from and the replays' row numbers.
pub fn comparable_lines(text: &str) -> Vec<Value> {
    text.lines()
        .skip(1)
        .map(|line| {
            let mut value: Value = serde_json::from_str(line).unwrap();
            let object = value.as_object_mut().unwrap();
            object.remove("imported_from");
            for replay in object["replays"].as_array_mut().unwrap() {
                replay.as_object_mut().unwrap().remove("id");
            }
            value
        })
        .collect()
}
