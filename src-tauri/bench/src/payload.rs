//! Signed Self `verification.completed` deliveries, 2 KiB each, as Svix sends them.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context as _};
use bytes::Bytes;
use hookscope_core::verify::{sign, HeaderFamily, Scheme, Secret, VerifySettings};

/// Every body is exactly this long, padding included.
pub const BODY_BYTES: usize = 2048;

/// The path Self would post to.
pub const PATH: &str = "/webhooks/self";

/// The signing secret the senders use and the listeners are configured with.
pub const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// The secret the store is switched to before re-verification.
pub const ROTATED_SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

const FIXTURE: &str = include_str!("../../core/tests/fixtures/self-verification-completed.json");

/// Stands where each delivery's `verification_id` goes; 36 characters like a UUID.
const ID_PLACEHOLDER: &str = "00000000-0000-4000-8000-000000000000";

pub fn secret(value: &str) -> anyhow::Result<Secret> {
    Secret::new("bench", Scheme::StandardWebhooks, value, None).context("the bench secret does not parse")
}

/// One delivery ready to post.
pub struct Signed {
    pub body: Bytes,
    /// Lowercase header names, as [`sign`] returns them.
    pub headers: Vec<(String, String)>,
}

/// Makes signed deliveries numbered `n`, each with its own `verification_id`
/// and `svix-id`, so no two group together as retries of one event.
pub struct DeliveryMaker {
    template: Vec<u8>,
    id_at: usize,
    secret: Secret,
    settings: VerifySettings,
    /// Keeps ids from different phases apart.
    tag: u32,
}

impl DeliveryMaker {
    pub fn new(tag: u32) -> anyhow::Result<DeliveryMaker> {
        let template = padded_template()?;
        let id_at = find(&template, ID_PLACEHOLDER.as_bytes()).context("the placeholder id is not in the template")?;
        Ok(DeliveryMaker { template, id_at, secret: secret(SECRET)?, settings: VerifySettings::default(), tag })
    }

    pub fn make(&self, n: u64) -> anyhow::Result<Signed> {
        let mut body = self.template.clone();
        // Always the placeholder's 36 characters (8-4-4-4-12 hex digits: a u32 and n masked to
        // 48 bits), and the placeholder was found in the template: the copy below stays in bounds.
        let id = format!("{:08x}-0000-4000-8000-{:012x}", self.tag, n & 0xffff_ffff_ffff);
        body[self.id_at..self.id_at + ID_PLACEHOLDER.len()].copy_from_slice(id.as_bytes());
        let message_id = format!("msg_bench_{:08x}_{n}", self.tag);
        let headers = sign(HeaderFamily::Svix, &self.secret, &self.settings, &message_id, unix_seconds(), &body)?;
        Ok(Signed { body: Bytes::from(body), headers })
    }
}

/// The fixture with a placeholder id and a `padding` field that brings it to [`BODY_BYTES`].
fn padded_template() -> anyhow::Result<Vec<u8>> {
    let mut json: serde_json::Value = serde_json::from_str(FIXTURE).context("the fixture is not JSON")?;
    let object = json.as_object_mut().context("the fixture is not a JSON object")?;
    object.insert("verification_id".into(), ID_PLACEHOLDER.into());
    object.insert("padding".into(), "".into());
    let bare = serde_json::to_vec(&json)?.len();
    if bare > BODY_BYTES {
        bail!("the fixture is already {bare} bytes, over {BODY_BYTES}");
    }
    if let Some(object) = json.as_object_mut() {
        object.insert("padding".into(), "x".repeat(BODY_BYTES - bare).into());
    }
    let body = serde_json::to_vec(&json)?;
    if body.len() != BODY_BYTES {
        bail!("the padded body is {} bytes, not {BODY_BYTES}", body.len());
    }
    Ok(body)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn unix_seconds() -> i64 {
    // A clock before 1970 would make every delivery stale, not break the run.
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deliveries_are_2_kib_distinct_and_signed() {
        let maker = DeliveryMaker::new(7).unwrap();
        let (a, b) = (maker.make(1).unwrap(), maker.make(2).unwrap());
        assert_eq!((a.body.len(), b.body.len()), (BODY_BYTES, BODY_BYTES));
        assert_ne!(a.body, b.body);
        let json: serde_json::Value = serde_json::from_slice(&a.body).unwrap();
        assert_eq!(json["verification_id"], "00000007-0000-4000-8000-000000000001");
        assert_eq!(json["type"], "verification.completed");
        let names: Vec<&str> = a.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["svix-id", "svix-timestamp", "svix-signature"]);
    }
}
