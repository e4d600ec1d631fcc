//! `hookscope export` and `hookscope import` as a user runs them: a store filled
//! through a real listener, files written and read by the real binary.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hookscope_core::vault::Vault;
use hookscope_core::verify::{sign, HeaderFamily, Scheme, Secret, VerifySettings};
use hookscope_core::{Inspector, InspectorConfig};
use serde_json::Value;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const TOKEN: &str = "2Zx9authTOKENngrok_5f3KqLm8PwR1";
const BODY: &str = include_str!("../../core/tests/fixtures/self-verification-completed.json");

fn hookscope(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hookscope"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env("HOOKSCOPE_SECRET_STORE", "file")
        .env_remove("HOOKSCOPE_SECRET")
        .env_remove("NGROK_AUTHTOKEN")
        .output()
        .unwrap()
}

fn ok(output: &Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A store (with no secret configured) holding a Self delivery signed with
/// [`SECRET`] that also carries the secret and the token, a binary body, and a
/// plain one; returns the db path.
async fn filled(dir: &Path) -> PathBuf {
    let db = dir.join("hookscope.sqlite");
    let inspector = Inspector::open(InspectorConfig::new(&db)).unwrap();
    let listener = inspector.listen(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
    let base = format!("http://{}", listener.local_addr());
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let secret = Secret::new("s", Scheme::StandardWebhooks, SECRET, None).unwrap();
    let mut request = client
        .post(format!("{base}/webhooks/self"))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {TOKEN}"))
        .header("x-echo", SECRET);
    for (name, value) in
        sign(HeaderFamily::Svix, &secret, &VerifySettings::default(), "msg_1", now, BODY.as_bytes()).unwrap()
    {
        request = request.header(name, value);
    }
    assert_eq!(request.body(BODY).send().await.unwrap().status(), 200);
    let binary = [&[0xffu8, 0x00][..], TOKEN.as_bytes(), &[0xfe, 0x80]].concat();
    client.post(format!("{base}/bin")).body(binary).send().await.unwrap();
    client.post(format!("{base}/plain?a=1")).body("hello").send().await.unwrap();
    db
}

/// Delivery lines without what an import changes (the file it came from).
fn deliveries(ndjson: &str) -> Vec<Value> {
    ndjson
        .lines()
        .skip(1)
        .map(|line| {
            let mut value: Value = serde_json::from_str(line).unwrap();
            value.as_object_mut().unwrap().remove("imported_from");
            value
        })
        .collect()
}

#[tokio::test]
async fn export_to_stdout_import_and_export_again_match() {
    let dir = tempfile::tempdir().unwrap();
    let db = filled(dir.path()).await;
    let first = ok(&hookscope(&["export", "--format", "ndjson", "--no-default-redactions"], &db));
    let manifest: Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    assert_eq!((manifest["format"].as_str(), manifest["count"].as_u64()), (Some("hookscope-log"), Some(3)));
    let file = dir.path().join("shared.ndjson");
    std::fs::write(&file, &first).unwrap();

    let other = dir.path().join("other/hookscope.sqlite");
    let imported = ok(&hookscope(&["import", file.to_str().unwrap()], &other));
    assert_eq!(imported, "imported 3 deliveries from shared.ndjson (0 already present, 0 rejected)\n");
    let again = ok(&hookscope(&["import", file.to_str().unwrap()], &other));
    assert_eq!(again, "imported 0 deliveries from shared.ndjson (3 already present, 0 rejected)\n");
    let second = ok(&hookscope(&["export", "--format", "ndjson", "--no-default-redactions"], &other));
    assert_eq!(deliveries(&second), deliveries(&first));
    let listed: Vec<Value> =
        ok(&hookscope(&["list", "--json"], &other)).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(listed.iter().all(|d| d["imported_from"] == "shared.ndjson"));
    // Exported from a store without secrets, the signed delivery reads no_secret…
    assert_eq!(listed[0]["verification"]["status"], "no_secret");

    // …until re-verified here with the secret.
    let refused = hookscope(&["import", file.to_str().unwrap(), "--reverify"], &other);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--reverify needs a signing secret"));
    let reverified = ok(&hookscope(&["import", file.to_str().unwrap(), "--reverify", "--secret", SECRET], &other));
    assert!(reverified.ends_with("re-verified 3 imported deliveries against your signing secrets\n"), "{reverified}");
    let listed: Value =
        serde_json::from_str(ok(&hookscope(&["list", "--json"], &other)).lines().next().unwrap()).unwrap();
    // Signed minutes ago at most: within tolerance of its receipt.
    assert_eq!(listed["verification"]["status"], "verified");
}

#[tokio::test]
async fn har_export_to_a_file_imports_with_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = filled(dir.path()).await;
    let har = dir.path().join("evidence.har");
    let output = hookscope(&["export", "--format", "har", "--self-preset", "-o", har.to_str().unwrap()], &db);
    ok(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("exported 3 deliveries ("), "{stderr}");
    assert!(stderr.contains("; 1 bodies redacted"), "{stderr}");
    assert!(!dir.path().join("evidence.har.partial").exists());
    let doc: Value = serde_json::from_slice(&std::fs::read(&har).unwrap()).unwrap();
    let entries = doc["log"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["_hookscope"]["redacted"]["json_paths"][0], "proof");
    assert_eq!(entries[1]["request"]["postData"]["encoding"], "base64");

    let other = dir.path().join("other/hookscope.sqlite");
    let imported = ok(&hookscope(&["import", har.to_str().unwrap()], &other));
    assert_eq!(imported, "imported 3 deliveries from evidence.har (0 already present, 0 rejected)\n");

    // A selection and a verdict filter.
    let id = entries[2]["_hookscope"]["id"].as_str().unwrap();
    let one = ok(&hookscope(&["export", "--format", "ndjson", "--id", id], &db));
    assert_eq!(one.lines().count(), 2);
    let none = ok(&hookscope(&["export", "--format", "ndjson", "--status", "verified"], &db));
    assert_eq!(none.lines().count(), 1, "no delivery verified in a store without secrets");
}

#[tokio::test]
async fn saved_secrets_and_the_authtoken_never_reach_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = filled(dir.path()).await;
    let vault = Vault::in_dir(dir.path());
    vault.save(&[Secret::new("current", Scheme::StandardWebhooks, SECRET, None).unwrap()]).unwrap();
    vault.set_token(Some(TOKEN)).unwrap();
    let key = SECRET.strip_prefix("whsec_").unwrap();
    for format in ["ndjson", "har"] {
        for mode in [&["--no-default-redactions"][..], &[], &["--self-preset"]] {
            let mut args = vec!["export", "--format", format];
            args.extend_from_slice(mode);
            let text = ok(&hookscope(&args, &db));
            for needle in [SECRET, key, TOKEN] {
                assert!(!text.contains(needle), "{format} {mode:?}: {needle} leaked");
            }
            // The binary body still holds its other bytes around the cut token.
            assert!(text.contains("[secret removed]"), "{format} {mode:?}");
        }
    }
}

#[tokio::test]
async fn malformed_files_are_reported_with_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = filled(dir.path()).await;
    let text = ok(&hookscope(&["export", "--format", "ndjson"], &db));
    let mut lines: Vec<&str> = text.lines().collect();
    lines[2] = "{\"id\": ";
    let broken = dir.path().join("broken.ndjson");
    std::fs::write(&broken, lines.join("\n")).unwrap();
    let other = dir.path().join("other/hookscope.sqlite");
    let output = hookscope(&["import", broken.to_str().unwrap()], &other);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "imported 2 deliveries from broken.ndjson (0 already present, 1 rejected)\n"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("  line 3: not a delivery: EOF while parsing"), "{stderr}");

    std::fs::write(&broken, "{\"format\":\"hookscope-log\",\"version\":7}\n").unwrap();
    let newer = hookscope(&["import", broken.to_str().unwrap()], &other);
    assert_eq!(newer.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&newer.stderr).contains("written by a newer Hookscope"));
    let bad_path = hookscope(&["export", "--format", "ndjson", "--redact-json", "a..b"], &db);
    assert!(String::from_utf8_lossy(&bad_path.stderr).contains("the JSON path 'a..b' is empty or has an empty segment"));
    let bad_format = hookscope(&["export", "--format", "xml"], &db);
    assert!(String::from_utf8_lossy(&bad_format.stderr).contains("'xml' is not a format: use ndjson or har"));
}
