//! Secrets never reach the logs: the real `hookscope listen` at trace level,
//! with a signing secret, forward mode re-signing, and a tunnel token, takes
//! valid and invalid signed deliveries; `hookscope replay --resign` and `curl
//! --resign` sign with the secret, and a mistyped secret is refused. Nothing any
//! of them prints holds the secret (as `whsec_…`, its base64 key, or the key's
//! bytes in hex) or the ngrok token.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use hmac::Mac as _;

/// The key behind the secret: 32 bytes, so its hex and base64 forms are long and unmistakable.
const KEY: &[u8; 32] = b"hookscope-log-test-secret-key-32";
const TOKEN: &str = "2ZtLogTestTokenNeverPrinted_4kQ9xVbN7mR2sT8wY3zA1cD6";

fn secret() -> String {
    format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(KEY))
}

/// Every form the secret or the token could leak in.
fn forbidden() -> Vec<String> {
    let base64_key = base64::engine::general_purpose::STANDARD.encode(KEY);
    let hex: String = KEY.iter().map(|b| format!("{b:02x}")).collect();
    let unpadded = base64_key.trim_end_matches('=').to_owned();
    vec![secret(), base64_key, unpadded, hex.to_uppercase(), hex, TOKEN.to_owned()]
}

fn sign(id: &str, timestamp: &str, body: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(KEY).unwrap();
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
}

fn hookscope() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hookscope"));
    command.env("HOOKSCOPE_LOG", "trace").env("NGROK_AUTHTOKEN", TOKEN).env_remove("HOOKSCOPE_SECRET");
    command
}

/// Collects a child's output as it comes.
fn collect(stream: impl Read + Send + 'static, into: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            let mut text = into.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
}

/// Waits until `output` holds `what` (a guard against a hang, not a speed check).
fn wait_for(output: &Mutex<String>, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !output.lock().unwrap().contains(what) {
        assert!(Instant::now() < deadline, "never printed {what:?}:\n{}", output.lock().unwrap());
        std::thread::sleep(Duration::from_millis(50));
    }
}

async fn handler() -> String {
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhooks/self", socket.local_addr().unwrap());
    let app = axum::Router::new().fallback(|| async { "handled" });
    tokio::spawn(async move { axum::serve(socket, app).await.unwrap() });
    url
}

fn stop(mut child: Child) {
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let _ = child.wait();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_or_token_in_anything_printed_at_trace_level() {
    let target = handler().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("logs.sqlite");
    let output: Arc<Mutex<String>> = Arc::default();
    let mut listen = hookscope()
        .args(["listen", "--port", "0", "--tunnel", "--secret", &secret(), "--forward", &target, "--resign", "--db"])
        .arg(&db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(listen.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let base = first.trim().strip_prefix("listening on ").unwrap().split(' ').next().unwrap().to_owned();
    output.lock().unwrap().push_str(&first);
    collect(stdout, output.clone());
    collect(listen.stderr.take().unwrap(), output.clone());

    let web = reqwest::Client::builder().no_proxy().build().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs().to_string();
    let body = r#"{"type":"verification.completed","verification_id":"logs"}"#;
    let mut ids = Vec::new();
    for (id, signature) in
        [("msg_valid", sign("msg_valid", &now, body)), ("msg_invalid", sign("msg_invalid", &now, "other"))]
    {
        let answer = web
            .post(format!("{base}/webhooks/self"))
            .header("svix-id", id)
            .header("svix-timestamp", &now)
            .header("svix-signature", signature)
            .body(body)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        ids.push(serde_json::from_str::<serde_json::Value>(&answer).unwrap()["id"].as_str().unwrap().to_owned());
    }
    wait_for(&output, " verified ");
    wait_for(&output, " mismatch ");
    // Offline, the tunnel fails; by then it has used the token.
    wait_for(&output, "tunnel: failed");

    let mut printed = output.lock().unwrap().clone();
    for args in [
        vec!["replay", &ids[0], "--resign", "--to", &target],
        vec!["replay", &ids[1], "--resign", "--new-id", "--to", &target],
        vec!["curl", &ids[0], "--resign", "--to", &target],
    ] {
        let run = hookscope().args(&args).args(["--secret", &secret(), "--db"]).arg(&db).output().unwrap();
        assert!(run.status.success(), "{args:?}: {}", String::from_utf8_lossy(&run.stderr));
        printed.push_str(&String::from_utf8_lossy(&run.stdout));
        printed.push_str(&String::from_utf8_lossy(&run.stderr));
    }
    // A mistyped secret is refused without being repeated back.
    let typo = format!("{}!", secret());
    let refused =
        hookscope().args(["replay", &ids[0], "--resign", "--secret", &typo, "--db"]).arg(&db).output().unwrap();
    assert!(!refused.status.success());
    printed.push_str(&String::from_utf8_lossy(&refused.stderr));
    stop(listen);
    printed.push_str(&output.lock().unwrap());

    // Logging really was at trace level, and the signing really happened.
    assert!(printed.contains("TRACE"), "no trace lines were printed");
    assert!(printed.contains("handled"), "the replays' answers are missing:\n{printed}");
    for leak in forbidden() {
        if let Some(at) = printed.find(&leak) {
            let line = printed[..at].rsplit('\n').next().unwrap_or_default();
            panic!("{leak:?} was printed, in the line starting {line:?}");
        }
    }
}
