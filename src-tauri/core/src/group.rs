//! Which deliveries belong together, and whether a retry came when the sender said it would.
//!
//! Two keys group deliveries:
//! - the **message id** the sender gives a message and keeps across its retries
//!   (Svix `svix-id` / `webhook-id`, GitHub `x-github-delivery`, Stripe's event id);
//! - the **dedup key**, which names the business event: the same event sent twice
//!   as two messages (two message ids) still has one dedup key.
//!
//! Everything here is pure: the caller looks up what is already stored and passes it in.

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::delivery::{header_value, Headers};

/// Headers that carry a message id, most specific first.
const ID_HEADERS: [&str; 3] = ["svix-id", "webhook-id", "x-github-delivery"];

/// The sender's id for the message this delivery carries, shared by all its retries.
///
/// `svix-id`, else `webhook-id`, else GitHub's `x-github-delivery`; else, when a
/// `stripe-signature` header is present, the top-level `"id"` string of the JSON
/// body (Stripe keeps the event id across retries and puts no id in a header).
pub fn message_id(headers: &Headers, body: &[u8]) -> Option<String> {
    let from_header =
        ID_HEADERS.iter().find_map(|name| header_value(headers, name).map(str::trim).filter(|id| !id.is_empty()));
    if let Some(id) = from_header {
        return Some(id.to_owned());
    }
    let signed_by_stripe = headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("stripe-signature"));
    if signed_by_stripe {
        return BodyFields::parse(body).id.0.filter(|id| !id.is_empty());
    }
    None
}

/// The key naming the business event this delivery reports; equal keys are the same event.
///
/// In order:
/// - a Self event (a JSON body whose `type` starts with `verification.` and with a
///   string `verification_id`): `<verification_id>-<last segment of type>`, e.g.
///   `ver_123-completed` — the key Self tells receivers to deduplicate on;
/// - otherwise the message id, as `msg:<id>`: a sender that retries with a stable id
///   is telling us which deliveries are one event;
/// - otherwise `sha256:<hex of the body>`: with no id at all, byte-identical bodies
///   are the best evidence of "the same event". This also groups unrelated requests
///   that happen to have identical bodies (e.g. several empty pings); that is accepted,
///   since such requests carry no way to tell them apart anyway.
///
/// The prefixes keep the three sources from colliding; a Self key could only look
/// like a prefixed one if a `verification_id` itself began with `msg:` or `sha256:`.
pub fn dedup_key(body: &[u8], message_id: Option<&str>) -> String {
    if let Some(key) = self_event_key(body) {
        return key;
    }
    match message_id {
        Some(id) => format!("msg:{id}"),
        None => format!("sha256:{}", hex::encode(Sha256::digest(body))),
    }
}

/// The event type a JSON object body names in its top-level `type` string
/// (`verification.completed`, Stripe's `invoice.paid`); None for anything else.
pub fn event_type(body: &[u8]) -> Option<String> {
    BodyFields::parse(body).kind.0
}

fn self_event_key(body: &[u8]) -> Option<String> {
    let fields = BodyFields::parse(body);
    let kind = fields.kind.0?;
    let event = kind.strip_prefix("verification.")?;
    let segment = event.rsplit('.').next().filter(|s| !s.is_empty())?;
    let verification_id = fields.verification_id.0.filter(|id| !id.is_empty())?;
    Some(format!("{verification_id}-{segment}"))
}

/// The few top-level body fields grouping looks at. Everything else is skipped
/// without being built (serde_json skips ignored values iteratively, so hostile
/// nesting costs neither stack nor memory beyond one byte per level).
#[derive(Default, Deserialize)]
struct BodyFields {
    #[serde(default, rename = "type")]
    kind: LooseString,
    #[serde(default)]
    verification_id: LooseString,
    #[serde(default)]
    id: LooseString,
}

impl BodyFields {
    /// The fields of a JSON object body; all empty for anything else (non-JSON,
    /// invalid UTF-8, a top-level array, duplicate keys).
    fn parse(body: &[u8]) -> Self {
        // A derived struct also accepts a JSON array (fields by position); only an
        // object is a webhook payload.
        let first = body.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        if first != Some(&b'{') {
            return Self::default();
        }
        serde_json::from_slice(body).unwrap_or_default()
    }
}

/// A field that is a string when it is one and absent otherwise, so a number or an
/// object where a string was expected does not discard the other fields.
#[derive(Default)]
struct LooseString(Option<String>);

impl<'de> Deserialize<'de> for LooseString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseStringVisitor)
    }
}

struct LooseStringVisitor;

impl<'de> Visitor<'de> for LooseStringVisitor {
    type Value = LooseString;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseString, E> {
        Ok(LooseString(Some(v.to_owned())))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<LooseString, E> {
        Ok(LooseString(None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<LooseString, E> {
        Ok(LooseString(None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<LooseString, E> {
        Ok(LooseString(None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<LooseString, E> {
        Ok(LooseString(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<LooseString, E> {
        Ok(LooseString(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LooseString, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(LooseString(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LooseString, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(LooseString(None))
    }
}

/// How a delivery relates to the ones received before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Relation {
    /// The first delivery of its event.
    Original,
    /// The sender retrying a message: `of` is the first delivery with the same message id.
    Retry { of: String },
    /// The same event sent again as a new message: `of` is the first delivery with the same dedup key.
    DuplicateEvent { of: String },
    /// Hookscope re-sending a captured delivery: `of` is the delivery replayed.
    Replay { of: String },
}

/// What is already stored about a new delivery's keys, looked up before it is stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// The first delivery with the new delivery's dedup key.
    pub first_with_key: Option<String>,
    /// The first delivery with the new delivery's message id (None when it has no message id).
    pub first_with_message: Option<String>,
    /// How many deliveries the sender has made of this message so far, replays excluded.
    pub attempts_of_message: u32,
}

/// Where a new delivery sits among the ones before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Classification {
    /// The sender's attempt number for this message, from 1; a replay is attempt 1.
    pub attempt: u32,
    /// The first delivery of the same event (same dedup key), for retries, duplicate
    /// events and replays alike; None for an original.
    pub duplicate_of: Option<String>,
    pub relation: Relation,
}

/// Classifies a new delivery. `replay_of` is the delivery Hookscope replayed when
/// Hookscope itself sent this one; replays are not the sender's attempts.
pub fn classify(known: &Known, replay_of: Option<&str>) -> Classification {
    if let Some(source) = replay_of {
        return Classification {
            attempt: 1,
            duplicate_of: known.first_with_key.clone().or_else(|| Some(source.to_owned())),
            relation: Relation::Replay { of: source.to_owned() },
        };
    }
    if let Some(first) = &known.first_with_message {
        // A stored first delivery is at least one attempt, whatever the count says.
        let attempt = known.attempts_of_message.max(1).saturating_add(1);
        return Classification {
            attempt,
            duplicate_of: known.first_with_key.clone().or_else(|| Some(first.clone())),
            relation: Relation::Retry { of: first.clone() },
        };
    }
    match &known.first_with_key {
        Some(first) => Classification {
            attempt: 1,
            duplicate_of: Some(first.clone()),
            relation: Relation::DuplicateEvent { of: first.clone() },
        },
        None => Classification { attempt: 1, duplicate_of: None, relation: Relation::Original },
    }
}

/// Svix gives up after this many attempts.
pub const MAX_ATTEMPTS: u32 = 8;

/// Svix's wait before attempts 2..=8, in ms: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
const GAPS_MS: [i64; 7] =
    [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];

/// Svix's jitter is about ±20%: a gap within a fifth of the expected one is on time.
const JITTER_DIVISOR: i64 = 5;

/// Absolute slack on top of the jitter, for network and queueing latency. It only
/// matters for the 5 s step, where 20% is a single second.
const SLACK_MS: i64 = 1_000;

/// The scheduled wait in ms between attempt `attempt - 1` and attempt `attempt`
/// (2..=8); None for attempt 1 (sent at once) and past the last attempt.
pub fn schedule_gap(attempt: u32) -> Option<i64> {
    let index = usize::try_from(attempt.checked_sub(2)?).ok()?;
    GAPS_MS.get(index).copied()
}

/// How an actual wait compares with the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GapTiming {
    Early,
    AsScheduled,
    Late,
}

/// An attempt's actual wait next to the scheduled one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GapVerdict {
    #[ts(type = "number")]
    pub expected_ms: i64,
    #[ts(type = "number")]
    pub actual_ms: i64,
    pub timing: GapTiming,
}

/// Compares the wait before attempt `attempt` with Svix's schedule, allowing ±20%
/// jitter plus 1 s; None when the schedule has no wait for that attempt.
pub fn compare_gap(attempt: u32, actual_gap_ms: i64) -> Option<GapVerdict> {
    let expected_ms = schedule_gap(attempt)?;
    let tolerance = expected_ms / JITTER_DIVISOR + SLACK_MS;
    let timing = if actual_gap_ms < expected_ms - tolerance {
        GapTiming::Early
    } else if actual_gap_ms > expected_ms + tolerance {
        GapTiming::Late
    } else {
        GapTiming::AsScheduled
    };
    Some(GapVerdict { expected_ms, actual_ms: actual_gap_ms, timing })
}

#[cfg(test)]
mod tests;
