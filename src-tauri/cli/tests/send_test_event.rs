//! `hookscope send-test-event` against `hookscope listen`, both real processes.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

use base64::Engine as _;
use hmac::Mac as _;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// A running `hookscope listen`; its output is kept open so that it can go on printing.
struct Listener {
    child: Child,
    _output: std::io::Lines<BufReader<ChildStdout>>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn hookscope() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hookscope"));
    command.env_remove("HOOKSCOPE_SECRET");
    command
}

/// `hookscope listen` on a free port; returns it with its base URL.
fn listen(db: &Path, extra: &[&str]) -> (Listener, String) {
    let mut child = hookscope()
        .args(["listen", "--port", "0"])
        .args(extra)
        .arg("--db")
        .arg(db)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let base = first.strip_prefix("listening on ").unwrap().split(' ').next().unwrap().to_owned();
    (Listener { child, _output: lines }, base)
}

fn send(args: &[&str]) -> String {
    let output = hookscope().arg("send-test-event").args(args).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The stored delivery the output names (`…, stored as ID`), as `show --json` prints it.
fn stored(output: &str, db: &Path) -> serde_json::Value {
    let id = output.trim_end().rsplit("stored as ").next().unwrap();
    let shown = hookscope().args(["show", id, "--json", "--db"]).arg(db).output().unwrap();
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    serde_json::from_slice(&shown.stdout).unwrap()
}

fn header<'a>(delivery: &'a serde_json::Value, name: &str) -> &'a str {
    let headers = delivery["headers"].as_array().unwrap();
    headers.iter().find(|h| h[0] == name).and_then(|h| h[1].as_str()).unwrap()
}

#[test]
fn a_test_event_signed_with_the_listeners_secret_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite");
    let (_listener, base) = listen(&db, &["--secret", SECRET]);
    let output = send(&["--to", &format!("{base}/webhooks/self"), "--secret", SECRET]);
    assert!(output.starts_with("sent msg_"), "{output}");
    assert!(output.contains(": answered 200, stored as "), "{output}");
    let delivery = stored(&output, &db);
    assert_eq!(delivery["path"], "/webhooks/self");
    assert_eq!(delivery["verification"]["status"], "verified");
    assert_eq!(delivery["verification"]["matched_secret"], "1");
}

#[test]
fn without_a_secret_one_is_generated_printed_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite");
    let (_listener, base) = listen(&db, &[]);
    let output = send(&["--to", &format!("{base}/hooks")]);
    let generated = output.lines().next().unwrap().strip_prefix("signed with a generated secret: ").unwrap();
    assert!(generated.starts_with("whsec_") && generated.len() == 38, "{generated}");

    // The listener has no secret; the printed one checks out by hand.
    let delivery = stored(&output, &db);
    assert_eq!(delivery["verification"]["status"], "no_secret");
    let key = base64::engine::general_purpose::STANDARD.decode(&generated["whsec_".len()..]).unwrap();
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    let (id, timestamp) = (header(&delivery, "svix-id"), header(&delivery, "svix-timestamp"));
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(delivery["body"].as_str().unwrap().as_bytes());
    let expected = format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()));
    assert_eq!(header(&delivery, "svix-signature"), expected);
}
