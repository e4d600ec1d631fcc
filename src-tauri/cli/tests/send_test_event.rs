//! `hookscope send-test-event`, a real process, against a real listener on 127.0.0.1.

use std::process::Command;

use base64::Engine as _;
use hmac::Mac as _;
use hookscope_core::signing::SigningConfig;
use hookscope_core::verify::{Scheme, Secret, VerificationStatus};
use hookscope_core::{DeliveryJson, Inspector, InspectorConfig, Listener};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

struct Listening {
    inspector: Inspector,
    listener: Listener,
    _dir: tempfile::TempDir,
}

async fn listen(secrets: Vec<Secret>) -> Listening {
    let dir = tempfile::tempdir().unwrap();
    let mut config = InspectorConfig::new(dir.path().join("t.sqlite"));
    config.signing = SigningConfig { secrets, ..Default::default() };
    let inspector = Inspector::open(config).unwrap();
    let listener = inspector.listen("127.0.0.1:0".parse().unwrap()).await.unwrap();
    Listening { inspector, listener, _dir: dir }
}

/// Runs `hookscope send-test-event ARGS` to `path` on the listener; returns its output.
async fn send(at: &Listening, path: &str, args: &[&str]) -> String {
    let to = format!("http://{}{path}", at.listener.local_addr());
    let mut command = Command::new(env!("CARGO_BIN_EXE_hookscope"));
    command.env_remove("HOOKSCOPE_SECRET").args(["send-test-event", "--to", &to]).args(args);
    let output = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The stored delivery the output names (`…, stored as ID`).
async fn stored(output: &str, at: &Listening) -> DeliveryJson {
    let id = output.trim_end().rsplit("stored as ").next().unwrap();
    at.inspector.delivery(id).await.unwrap().unwrap().to_json()
}

fn header<'a>(delivery: &'a DeliveryJson, name: &str) -> &'a str {
    delivery.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_event_signed_with_the_listeners_secret_verifies() {
    let at = listen(vec![Secret::new("current", Scheme::StandardWebhooks, SECRET, None).unwrap()]).await;
    let output = send(&at, "/webhooks/self", &["--secret", SECRET]).await;
    assert!(output.starts_with("sent msg_"), "{output}");
    assert!(output.contains(": answered 200, stored as "), "{output}");
    let delivery = stored(&output, &at).await;
    assert_eq!(delivery.path, "/webhooks/self");
    let verification = delivery.verification.unwrap();
    assert_eq!(verification.status, VerificationStatus::Verified);
    assert_eq!(verification.matched_secret.as_deref(), Some("current"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_secret_one_is_generated_printed_and_used() {
    let at = listen(Vec::new()).await;
    let output = send(&at, "/hooks", &[]).await;
    let generated = output.lines().next().unwrap().strip_prefix("signed with a generated secret: ").unwrap();
    assert!(generated.starts_with("whsec_") && generated.len() == 38, "{generated}");

    // The listener has no secret; the printed one checks out by hand.
    let delivery = stored(&output, &at).await;
    assert_eq!(delivery.verification.as_ref().unwrap().status, VerificationStatus::NoSecret);
    let key = base64::engine::general_purpose::STANDARD.decode(&generated["whsec_".len()..]).unwrap();
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    let (id, timestamp) = (header(&delivery, "svix-id"), header(&delivery, "svix-timestamp"));
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(delivery.body.as_deref().unwrap().as_bytes());
    let expected = format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()));
    assert_eq!(header(&delivery, "svix-signature"), expected);
}
