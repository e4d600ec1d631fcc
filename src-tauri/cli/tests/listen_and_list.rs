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

fn listen(db: &Path) -> Listening {
    let mut child = hookscope()
        .args(["listen", "--port", "0", "--db"])
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
        let line = server.lines.next().unwrap().unwrap();
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
