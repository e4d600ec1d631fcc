//! A sample `verification.completed` event, signed as Self (through Svix) signs
//! it, so a developer can see the whole flow — capture, verdict, replay — before
//! the provider sends anything.
//!
//! Pure: the time, the fresh ids and any generated secret's bytes come in. The
//! sending is in [`send`].

pub mod send;
#[cfg(test)]
mod tests;

use base64::Engine as _;
use serde_json::json;

use crate::clock::rfc3339_ms;
use crate::id::IdMinter;
use crate::verify::{self, HeaderFamily, Scheme, Secret, SecretError, SignError, VerifySettings};

/// The label of the secret generated when none is configured for the test event's path.
pub const GENERATED_SECRET_LABEL: &str = "test events (generated)";

/// How many random bytes make the ids of one test event.
pub const ID_BYTES: usize = 24;

/// How many random bytes a generated signing key has (as many as Svix issues).
pub const SECRET_BYTES: usize = 24;

/// The ids that make a test event a new message and a new event: a fresh
/// `verification_id` (so its dedup key is new) and a fresh `svix-id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestEventIds {
    /// A random (version 4) UUID, as Self writes verification ids.
    pub verification_id: String,
    /// `msg_` and a ULID, like the message ids replays mint.
    pub message_id: String,
}

impl TestEventIds {
    /// The ids made from `random` at `now_ms`: the first 16 bytes are the
    /// UUID's, the last 8 seed the message id.
    pub fn from_random(now_ms: i64, random: &[u8; ID_BYTES]) -> TestEventIds {
        // ID_BYTES is 16 + 8: both copies take exactly the lengths they are given.
        let (mut uuid, mut seed) = ([0u8; 16], [0u8; 8]);
        uuid.copy_from_slice(&random[..16]);
        seed.copy_from_slice(&random[16..]);
        TestEventIds {
            verification_id: uuid_v4(uuid),
            message_id: format!("msg_{}", IdMinter::seeded(u64::from_le_bytes(seed)).mint(now_ms)),
        }
    }
}

/// A built test event: the request to POST, header names in lowercase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestEvent {
    pub ids: TestEventIds,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The test event at `now_ms`, signed with `secret` under the `svix-*` header
/// names as Self sends them. The body is Self's documented sample event with
/// the fresh verification id and `verified_at` set to now.
pub fn test_event(now_ms: i64, ids: TestEventIds, secret: &Secret) -> Result<TestEvent, SignError> {
    let body = sample_body(&ids.verification_id, &rfc3339_ms(now_ms)).into_bytes();
    let timestamp_s = now_ms.div_euclid(1000);
    let signed =
        verify::sign(HeaderFamily::Svix, secret, &VerifySettings::default(), &ids.message_id, timestamp_s, &body)?;
    let mut headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("user-agent".to_owned(), format!("Hookscope/{} (test event)", crate::VERSION)),
    ];
    headers.extend(signed);
    Ok(TestEvent { ids, headers, body })
}

/// The secret to sign a test event for `path` with: the first Standard Webhooks
/// secret that applies there, as a delivery to that path would be checked.
pub fn signing_secret<'a>(secrets: &'a [Secret], path: &str) -> Option<&'a Secret> {
    secrets.iter().find(|s| s.applies_to(&Scheme::StandardWebhooks, path))
}

/// A new Standard Webhooks secret (`whsec_` + base64 of `random`), labelled
/// [`GENERATED_SECRET_LABEL`], for every path.
pub fn generated_secret(random: &[u8; SECRET_BYTES]) -> Result<Secret, SecretError> {
    let value = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(random));
    Secret::new(GENERATED_SECRET_LABEL, Scheme::StandardWebhooks, &value, None)
}

/// Self's sample `verification.completed` (`tests/fixtures/self-verification-completed.json`),
/// field for field in the same order, written compactly as a sender sends it.
fn sample_body(verification_id: &str, verified_at: &str) -> String {
    json!({
        "type": "verification.completed",
        "verification_id": verification_id,
        "external_uuid": "a1b2c3d4-5678-4e9a-b012-3456789abcde",
        "flow_id": "9c0b4f1c-1d6c-4f1b-a8c4-9f0fa0a8d9e2",
        "flow_version_id": "b1e2c3d4-5678-4abc-9def-0123456789ab",
        "environment": "test",
        "status": "valid",
        "proof_attributes": {"age_gte_18": true, "country_allowed": true, "ofac_clear": true},
        "proof": {
            "protocol": "groth16",
            "curve": "bn128",
            "pi_a": ["1", "2", "1"],
            "pi_b": [["1", "2"], ["3", "4"], ["1", "0"]],
            "pi_c": ["5", "6", "1"],
            "publicSignals": ["7", "8"]
        },
        "verified_at": verified_at,
        "storage_state": "pending",
        "storage_uri": null
    })
    .to_string()
}

/// `b` as a version 4, RFC 4122 variant UUID in lowercase.
fn uuid_v4(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = hex::encode(b);
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}
