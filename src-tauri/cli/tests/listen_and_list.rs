//! The CLI end to end: `hookscope listen` in the background, real POSTs, then
//! `hookscope list --json` / `show --json` read back exactly what was sent.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

use base64::Engine as _;

struct Listening {
    child: Child,
    lines: std::io::Lines<BufReader<ChildStdout>>,
    base: String,
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn hookscope() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hookscope"))
}

impl Listening {
    /// The next line about a stored delivery (they start with the time).
    fn next_delivery_line(&mut self) -> String {
        loop {
            let line = self.lines.next().unwrap().unwrap();
            if line.starts_with(|c: char| c.is_ascii_digit()) {
                return line;
            }
        }
    }

    /// Lines printed at start, before any delivery.
    fn preamble(&mut self) -> Vec<String> {
        let mut lines = Vec::new();
        while let Some(Ok(line)) = self.lines.next() {
            let done = line.starts_with("verifying") || line.starts_with("no signing secret");
            lines.push(line);
            if done {
                break;
            }
        }
        if let Some(Ok(line)) = self.lines.next() {
            lines.push(line);
        }
        lines
    }
}

fn listen(db: &Path) -> Listening {
    listen_with(db, &[])
}

fn listen_with(db: &Path, extra: &[&str]) -> Listening {
    let mut child = hookscope()
        .args(["listen", "--port", "0"])
        .args(extra)
        .arg("--db")
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let base = first.strip_prefix("listening on ").unwrap().split(' ').next().unwrap().to_owned();
    Listening { child, lines, base }
}

fn run_json(args: &[&str], db: &Path) -> Vec<serde_json::Value> {
    let output = hookscope().args(args).arg("--db").arg(db).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[tokio::test]
async fn list_json_returns_exactly_what_was_posted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite");
    let mut server = listen(&db);
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let json_body = include_str!("../../core/tests/fixtures/self-verification-completed.json");
    let binary_body = vec![0u8, 159, 146, 150, 0xff];
    let sent: Vec<(&str, Vec<u8>)> =
        vec![("/webhooks/self?a=1&b=%2F", json_body.as_bytes().to_vec()), ("/bin", binary_body), ("/empty", vec![])];
    for (path, body) in &sent {
        let response = client
            .post(format!("{}{path}", server.base))
            .header("x-order", "1")
            .header("x-order", "2")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        // One printed line per stored delivery: time, method, path, size, status.
        let line = server.next_delivery_line();
        assert!(line.contains(&format!("POST    {path}")), "{line}");
        assert!(line.contains(" 200  unsigned "), "{line}");
    }

    let listed = run_json(&["list", "--json"], &db);
    assert_eq!(listed.len(), 3);
    for (object, (path, body)) in listed.iter().zip(&sent) {
        assert_eq!(object["method"], "POST");
        assert_eq!(object["path"], *path);
        assert_eq!(object["size"], body.len());
        assert_eq!(object["response"]["status"], 200);
        assert!(object["received_at"].as_str().unwrap().ends_with('Z'));
        let got = match (object.get("body"), object.get("body_base64")) {
            (Some(text), None) => text.as_str().unwrap().as_bytes().to_vec(),
            (None, Some(b64)) => base64::engine::general_purpose::STANDARD.decode(b64.as_str().unwrap()).unwrap(),
            other => panic!("exactly one of body/body_base64 expected, got {other:?}"),
        };
        assert_eq!(&got, body);
        let orders: Vec<&str> = object["headers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h[0] == "x-order")
            .map(|h| h[1].as_str().unwrap())
            .collect();
        assert_eq!(orders, ["1", "2"]);
    }

    let id = listed[1]["id"].as_str().unwrap();
    let shown = run_json(&["show", id, "--json"], &db);
    assert_eq!(shown, vec![listed[1].clone()]);
}

#[test]
fn show_of_an_unknown_id_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let output = hookscope().args(["show", "01NOPE"]).arg("--db").arg(dir.path().join("x.sqlite")).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no delivery with id 01NOPE"));
}

#[tokio::test]
async fn secrets_and_a_respond_script_on_the_command_line() {
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite");
    let mut server = listen_with(&db, &["--secret", secret, "--respond-script", "503,200"]);
    let preamble = server.preamble().join("\n");
    assert!(preamble.contains("verifying with 1 secret(s), tolerance 300 s"), "{preamble}");
    assert!(preamble.contains("Answering by script: 503, then 200"), "{preamble}");
    assert!(!preamble.contains(secret));

    // The official spec example, re-signed at the current time by the test.
    let body = r#"{"test": 2432232314}"#;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs().to_string();
    let signature = sign(secret, "msg_cli", &now, body);
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut statuses = Vec::new();
    for tampered in [false, true] {
        let sent = if tampered { format!("{body}\n") } else { body.to_owned() };
        let response = client
            .post(format!("{}/webhooks/self", server.base))
            .header("svix-id", "msg_cli")
            .header("svix-timestamp", &now)
            .header("svix-signature", &signature)
            .body(sent)
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [503, 200], "attempt 1 then 2 of the same message");
    let first = server.next_delivery_line();
    assert!(first.contains(" 503  verified "), "{first}");
    assert!(first.contains("sender: will retry in about 5 s (attempt 2 of 8)"), "{first}");
    let second = server.next_delivery_line();
    assert!(second.contains(" 200  mismatch "), "{second}");
    assert!(second.contains("attempt 2 (retry of "), "{second}");

    let mismatches = run_json(&["list", "--json", "--status", "mismatch"], &db);
    assert_eq!(mismatches.len(), 1);
    assert_eq!(mismatches[0]["verification"]["status"], "mismatch");
    assert_eq!(mismatches[0]["attempt"], 2);
    assert!(mismatches[0]["verification"]["hints"].to_string().contains("trailing newline"));
    let bad = hookscope().args(["list", "--status", "bogus", "--db"]).arg(&db).output().unwrap();
    assert!(String::from_utf8_lossy(&bad.stderr).contains("'bogus' is not a verdict"));
}

/// A Standard Webhooks signature, computed here independently of Hookscope's signer.
fn sign(secret: &str, id: &str, timestamp: &str, body: &str) -> String {
    use base64::Engine as _;
    use hmac::Mac as _;
    let key = base64::engine::general_purpose::STANDARD.decode(secret.trim_start_matches("whsec_")).unwrap();
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
}

#[test]
fn the_tunnel_fails_fast_and_clearly_offline_while_the_listener_keeps_capturing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tunnel.sqlite");
    let mut child = hookscope()
        .args(["listen", "--port", "0", "--tunnel", "--db"])
        .arg(&db)
        .env("NGROK_AUTHTOKEN", "not-a-real-token")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base =
        lines.next().unwrap().unwrap().strip_prefix("listening on ").unwrap().split(' ').next().unwrap().to_owned();
    let started = std::time::Instant::now();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let failed = line.starts_with("tunnel: failed");
        seen.push(line);
        if failed {
            break;
        }
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "the offline failure took {:?}", started.elapsed());
    let text = seen.join("\n");
    assert!(text.contains("tunnel: connecting"), "{text}");
    assert!(text.to_lowercase().contains("ngrok"), "{text}");
    assert!(!text.contains("not-a-real-token"), "the token must never be printed: {text}");
    let status = std::process::Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", &format!("{base}/still-here")])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&status.stdout), "200");
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::test]
async fn list_filters_by_search_event_type_status_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite");
    let mut server = listen(&db);
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let self_event = include_str!("../../core/tests/fixtures/self-verification-completed.json");
    let sent = [
        ("/webhooks/self", "alpha", self_event.to_owned()),
        ("/webhooks/stripe", "beta", r#"{"type":"invoice.paid","id":"evt_9"}"#.to_owned()),
        ("/other", "gamma", "plain text with Needle-77 inside".to_owned()),
    ];
    for (path, marker, body) in &sent {
        let url = format!("{}{path}", server.base);
        let response = client.post(url).header("x-marker", *marker).body(body.clone()).send().await.unwrap();
        assert_eq!(response.status(), 200);
        server.next_delivery_line();
    }
    let listed_paths = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list", "--json"];
        all.extend_from_slice(args);
        run_json(&all, &db).iter().map(|o| o["path"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(listed_paths(&["--search", "2c6d5a4b"]), ["/webhooks/self"]);
    assert_eq!(listed_paths(&["--search", "needle-77"]), ["/other"]);
    assert_eq!(listed_paths(&["--search", "\"x-marker: beta\""]), ["/webhooks/stripe"]);
    assert_eq!(listed_paths(&["--search", "webhooks"]), ["/webhooks/self", "/webhooks/stripe"]);
    assert_eq!(listed_paths(&["--search", "webhooks", "--type", "invoice.paid"]), ["/webhooks/stripe"]);
    assert_eq!(listed_paths(&["--type", "verification.completed", "--type", "invoice.paid"]).len(), 2);
    assert_eq!(listed_paths(&["--answered", "2xx", "--since", "1h"]).len(), 3);
    assert!(listed_paths(&["--answered", "5xx"]).is_empty());
    assert!(listed_paths(&["--until", "2000-01-01T00:00:00Z"]).is_empty());
    assert!(listed_paths(&["--duplicates"]).is_empty());

    let text = hookscope().args(["list", "--search", "needle"]).arg("--db").arg(&db).output().unwrap();
    let lines = String::from_utf8(text.stdout).unwrap();
    assert_eq!(lines.lines().count(), 1, "{lines}");
    assert!(lines.contains("/other"), "{lines}");

    let short = hookscope().args(["list", "--search", "id"]).arg("--db").arg(&db).output().unwrap();
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 3 characters"));
    let bad = hookscope().args(["list", "--answered", "7xx"]).arg("--db").arg(&db).output().unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a status"));
}
