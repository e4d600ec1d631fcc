//! `hookscope listen --forward`, `hookscope replay` and `hookscope curl` against a
//! real local handler that checks signatures with its own verifier.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use hmac::Mac as _;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// What the handler saw: the body, and whether its Standard Webhooks signature checked out now.
type Seen = Arc<Mutex<Vec<(Vec<u8>, bool)>>>;

fn signature(id: &str, timestamp: &str, body: &[u8]) -> String {
    let key = base64::engine::general_purpose::STANDARD.decode(SECRET.trim_start_matches("whsec_")).unwrap();
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

async fn handler() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let app = axum::Router::new().fallback(move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
        let log = log.clone();
        async move {
            let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            let (id, timestamp) = (text("svix-id"), text("svix-timestamp"));
            let fresh = timestamp.parse::<i64>().is_ok_and(|t| (now() - t).abs() <= 300);
            let valid = fresh && text("svix-signature").split(' ').any(|s| s == signature(&id, &timestamp, &body));
            log.lock().unwrap().push((body.to_vec(), valid));
            axum::http::StatusCode::NO_CONTENT
        }
    });
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhooks/self", socket.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(socket, app).await.unwrap() });
    (url, seen)
}

fn hookscope(args: &[&str], db: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hookscope")).args(args).arg("--db").arg(db).output().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forward_replay_and_curl_reach_the_handler() {
    let (target, seen) = handler().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let mut listen = Command::new(env!("CARGO_BIN_EXE_hookscope"))
        .args(["listen", "--port", "0", "--secret", SECRET, "--forward", &target, "--db"])
        .arg(&db)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(listen.stdout.take().unwrap()).lines();
    let base =
        lines.next().unwrap().unwrap().strip_prefix("listening on ").unwrap().split(' ').next().unwrap().to_owned();

    // Captured "hours ago" as far as its signature goes: only a re-signed replay verifies now.
    let old = (now() - 6 * 3600).to_string();
    let body = br#"{"type":"verification.completed","verification_id":"cli"}"#;
    let answer = reqwest::Client::new()
        .post(format!("{base}/webhooks/self"))
        .header("svix-id", "msg_cli")
        .header("svix-timestamp", &old)
        .header("svix-signature", signature("msg_cli", &old, body))
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    let id = serde_json::from_str::<serde_json::Value>(&answer.text().await.unwrap()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let forwarded = lines.by_ref().map(Result::unwrap).find(|l| l.contains("forwarded to")).unwrap();
    assert!(forwarded.contains(": 204 in "), "{forwarded}");
    let _ = listen.kill();
    let _ = listen.wait();
    assert_eq!(seen.lock().unwrap().last().unwrap(), &(body.to_vec(), false), "as captured: stale signature");

    let resigned = hookscope(&["replay", &id, "--to", &target, "--resign", "--secret", SECRET], &db);
    assert!(resigned.status.success(), "{}", String::from_utf8_lossy(&resigned.stderr));
    assert!(String::from_utf8_lossy(&resigned.stdout).contains("→ 204 in "));
    assert_eq!(seen.lock().unwrap().last().unwrap(), &(body.to_vec(), true), "re-signed: verifies now");

    let copies = hookscope(&["replay", &id, "--to", &target, "--copies", "3", "--secret", SECRET], &db);
    assert!(copies.status.success(), "{}", String::from_utf8_lossy(&copies.stderr));
    assert_eq!(String::from_utf8_lossy(&copies.stdout).matches("→ 204").count(), 3);

    let curl = hookscope(&["curl", &id, "--to", &target, "--resign", "--secret", SECRET], &db);
    let command = String::from_utf8(curl.stdout).unwrap();
    let before = seen.lock().unwrap().len();
    let ran = Command::new("sh").arg("-c").arg(&command).output().unwrap();
    assert!(ran.status.success(), "{}", String::from_utf8_lossy(&ran.stderr));
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), before + 1);
    assert_eq!(seen.last().unwrap(), &(body.to_vec(), true), "curl reproduces the re-signed bytes");

    let listed = hookscope(&["show", &id, "--json"], &db);
    let json: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(json["replays"].as_array().unwrap().len(), 5, "forward + replay + 3 copies");
    assert_eq!(json["replays"].as_array().unwrap().last().unwrap()["forwarded"], true);
}
