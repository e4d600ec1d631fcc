//! Cross-check against an independent signer: the reference Python
//! `standardwebhooks` library signs deterministic cases (crosscheck/sign_cases.py);
//! Hookscope must verify each, reject each with one body byte flipped, and
//! produce the same signature itself.
//!
//! The Python is `$HOOKSCOPE_PYTHON`, else `<workspace>/.venv/bin/python`. When it
//! (or the library) is missing the test is skipped with a notice, unless
//! `HOOKSCOPE_REQUIRE_CROSSCHECK=1`, in which case it fails.

use std::path::PathBuf;
use std::process::Command;

use base64::Engine as _;
use hookscope_core::verify::{sign, verify, HeaderFamily, Request, Scheme, Secret, VerificationStatus, VerifySettings};
use serde_json::Value;

/// The exit status sign_cases.py uses when `standardwebhooks` is not installed.
const LIBRARY_MISSING: i32 = 3;
const EXPECTED_CASES: usize = 50;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn python() -> PathBuf {
    match std::env::var_os("HOOKSCOPE_PYTHON") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => manifest_dir().join("../../.venv/bin/python"),
    }
}

/// Skips (with a notice) or fails, as `HOOKSCOPE_REQUIRE_CROSSCHECK` says.
fn unavailable(why: &str) {
    if std::env::var("HOOKSCOPE_REQUIRE_CROSSCHECK").as_deref() == Ok("1") {
        panic!("cross-check required but {why}; run `make test`, which installs the Python venv");
    }
    eprintln!("notice: skipping the standardwebhooks cross-check: {why} (run `make test` to install it)");
}

/// The signed cases, or `None` when the signer is unavailable.
fn python_cases() -> Option<Vec<Value>> {
    let python = python();
    if !python.exists() {
        unavailable(&format!("{} does not exist", python.display()));
        return None;
    }
    let script = manifest_dir().join("tests/crosscheck/sign_cases.py");
    let out =
        Command::new(&python).arg(&script).output().unwrap_or_else(|e| panic!("running {}: {e}", python.display()));
    if out.status.code() == Some(LIBRARY_MISSING) {
        unavailable(&format!("{} has no standardwebhooks package", python.display()));
        return None;
    }
    assert!(out.status.success(), "sign_cases.py failed: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).expect("sign_cases.py prints UTF-8");
    Some(stdout.lines().map(|line| serde_json::from_str(line).expect("a JSON case per line")).collect())
}

struct Case {
    secret: Secret,
    id: String,
    timestamp: i64,
    body: Vec<u8>,
    signature: String,
}

fn parse(case: &Value) -> Case {
    let field = |k: &str| case[k].as_str().unwrap_or_else(|| panic!("{k} missing in {case}")).to_owned();
    Case {
        secret: Secret::new("python", Scheme::StandardWebhooks, &field("secret"), None).expect("a usable secret"),
        id: field("id"),
        timestamp: case["timestamp"].as_i64().expect("a numeric timestamp"),
        body: base64::engine::general_purpose::STANDARD.decode(field("body_b64")).expect("base64 body"),
        signature: field("signature_header"),
    }
}

fn check(case: &Case, body: &[u8]) -> VerificationStatus {
    let headers: Vec<(String, Vec<u8>)> = [
        ("webhook-id", case.id.clone()),
        ("webhook-timestamp", case.timestamp.to_string()),
        ("webhook-signature", case.signature.clone()),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_owned(), v.into_bytes()))
    .collect();
    let req = Request { path: "/", headers: &headers, body, received_at_ms: case.timestamp * 1000 };
    verify(&req, std::slice::from_ref(&case.secret), &VerifySettings::default()).status
}

#[test]
fn hookscope_agrees_with_the_reference_standardwebhooks_signer() {
    let Some(cases) = python_cases() else { return };
    assert_eq!(cases.len(), EXPECTED_CASES);
    for (i, raw) in cases.iter().enumerate() {
        let case = parse(raw);
        assert_eq!(check(&case, &case.body), VerificationStatus::Verified, "case {i} should verify");

        let mut flipped = case.body.clone();
        let at = i * 7919 % flipped.len().max(1);
        match flipped.get_mut(at) {
            Some(byte) => *byte ^= 0x01,
            None => flipped.push(b'x'),
        }
        assert_eq!(check(&case, &flipped), VerificationStatus::Mismatch, "case {i} with byte {at} flipped");

        let ours =
            sign(HeaderFamily::Webhook, &case.secret, &VerifySettings::default(), &case.id, case.timestamp, &case.body)
                .expect("standard webhooks signing needs no configuration");
        let header = ours.iter().find(|(n, _)| n == "webhook-signature").map(|(_, v)| v.as_str());
        assert_eq!(header, Some(case.signature.as_str()), "case {i}: Hookscope's signature differs");
    }
}
