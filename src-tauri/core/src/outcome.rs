//! What the sender (Svix, for Self) will do after the answer a delivery got.
//!
//! Svix's rules: a 2xx is delivered; a 4xx other than 408 and 429 is a permanent
//! rejection, never retried; everything else — 408, 429, 5xx, 1xx and 3xx (Svix
//! does not follow redirects: any non-2xx is a failure), no answer within its
//! timeout, a dropped connection — is retried on [`crate::group`]'s schedule until
//! the 8th attempt, after which it gives up.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::group::{schedule_gap, MAX_ATTEMPTS};

/// Svix counts an answer that has not arrived after about this long as a timeout.
pub const SENDER_TIMEOUT_MS: u64 = 15_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    Delivered,
    WillRetry,
    PermanentRejection,
    GaveUp,
}

/// The sender's next move after one attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SenderOutcome {
    pub kind: OutcomeKind,
    /// One plain sentence, e.g. "will retry in about 5 min (attempt 3 of 8)".
    pub summary: String,
    /// When the next attempt is due (epoch ms), when there will be one.
    #[ts(type = "number | null")]
    pub next_attempt_at_ms: Option<i64>,
    pub attempt: u32,
    pub max_attempts: u32,
}

/// The status the sender saw, given what Hookscope answered and how long it took:
/// an answer after [`SENDER_TIMEOUT_MS`] reaches a sender that has already given up.
pub fn status_seen_by_sender(answered: Option<u16>, answered_after_ms: u64) -> Option<u16> {
    answered.filter(|_| answered_after_ms < SENDER_TIMEOUT_MS)
}

/// What the sender does after attempt `attempt` (from 1) received at `received_at_ms`
/// got `status` (None: no answer — a timeout or a dropped connection).
pub fn sender_outcome(status: Option<u16>, attempt: u32, received_at_ms: i64) -> SenderOutcome {
    let attempt = attempt.max(1);
    let outcome = |kind, summary, next_attempt_at_ms| SenderOutcome {
        kind,
        summary,
        next_attempt_at_ms,
        attempt,
        max_attempts: MAX_ATTEMPTS,
    };
    match status {
        Some(200..=299) => outcome(OutcomeKind::Delivered, "delivered".to_owned(), None),
        Some(code @ 400..=499) if code != 408 && code != 429 => {
            outcome(OutcomeKind::PermanentRejection, format!("permanent rejection: Self will not retry a {code}"), None)
        }
        _ => {
            let next = attempt.saturating_add(1);
            match schedule_gap(next) {
                Some(gap) if next <= MAX_ATTEMPTS => outcome(
                    OutcomeKind::WillRetry,
                    format!(
                        "will retry in about {} (attempt {next} of {MAX_ATTEMPTS})",
                        human_duration(gap.unsigned_abs())
                    ),
                    Some(received_at_ms.saturating_add(gap)),
                ),
                _ => outcome(OutcomeKind::GaveUp, format!("gave up after {attempt} attempts"), None),
            }
        }
    }
}

/// A duration in words: "250 ms", "1.5 s", "5 min", "2 h", "1 h 30 min", "1 min 30 s".
pub fn human_duration(ms: u64) -> String {
    if ms < 1_000 {
        return format!("{ms} ms");
    }
    let hours = ms / 3_600_000;
    let minutes = ms % 3_600_000 / 60_000;
    let rest_ms = ms % 60_000;
    let mut parts = Vec::new();
    if hours > 0 {
        parts.push(format!("{hours} h"));
    }
    if minutes > 0 {
        parts.push(format!("{minutes} min"));
    }
    if rest_ms > 0 {
        let (seconds, millis) = (rest_ms / 1_000, rest_ms % 1_000);
        if millis == 0 {
            parts.push(format!("{seconds} s"));
        } else {
            let fraction = format!("{millis:03}");
            parts.push(format!("{seconds}.{} s", fraction.trim_end_matches('0')));
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_700_000_000_000;

    fn summary(status: Option<u16>, attempt: u32) -> String {
        sender_outcome(status, attempt, T).summary
    }

    #[test]
    fn two_hundreds_are_delivered() {
        for status in [200, 201, 204, 299] {
            assert_eq!(
                sender_outcome(Some(status), 3, T),
                SenderOutcome {
                    kind: OutcomeKind::Delivered,
                    summary: "delivered".to_owned(),
                    next_attempt_at_ms: None,
                    attempt: 3,
                    max_attempts: 8,
                }
            );
        }
    }

    #[test]
    fn client_errors_are_permanent_rejections() {
        for status in [400, 401, 404, 410] {
            let o = sender_outcome(Some(status), 1, T);
            assert_eq!(o.kind, OutcomeKind::PermanentRejection);
            assert_eq!(o.summary, format!("permanent rejection: Self will not retry a {status}"));
            assert_eq!(o.next_attempt_at_ms, None);
        }
        // Even on the last attempt, a rejection is a rejection.
        assert_eq!(sender_outcome(Some(404), 8, T).kind, OutcomeKind::PermanentRejection);
    }

    #[test]
    fn retried_statuses_and_no_answer_are_retried() {
        for status in [Some(408), Some(429), Some(500), Some(502), Some(503), None] {
            assert_eq!(
                sender_outcome(status, 1, T),
                SenderOutcome {
                    kind: OutcomeKind::WillRetry,
                    summary: "will retry in about 5 s (attempt 2 of 8)".to_owned(),
                    next_attempt_at_ms: Some(T + 5_000),
                    attempt: 1,
                    max_attempts: 8,
                },
                "status {status:?}"
            );
        }
    }

    #[test]
    fn redirects_and_informational_are_failures_and_retried() {
        for status in [301, 302, 304, 307, 101] {
            assert_eq!(sender_outcome(Some(status), 2, T).summary, "will retry in about 5 min (attempt 3 of 8)");
        }
    }

    #[test]
    fn each_failed_attempt_announces_the_next_until_the_eighth() {
        let expected = [
            (1, "will retry in about 5 s (attempt 2 of 8)", Some(T + 5_000)),
            (2, "will retry in about 5 min (attempt 3 of 8)", Some(T + 300_000)),
            (3, "will retry in about 30 min (attempt 4 of 8)", Some(T + 1_800_000)),
            (4, "will retry in about 2 h (attempt 5 of 8)", Some(T + 7_200_000)),
            (5, "will retry in about 5 h (attempt 6 of 8)", Some(T + 18_000_000)),
            (6, "will retry in about 10 h (attempt 7 of 8)", Some(T + 36_000_000)),
            (7, "will retry in about 10 h (attempt 8 of 8)", Some(T + 36_000_000)),
            (8, "gave up after 8 attempts", None),
        ];
        for (attempt, text, next) in expected {
            let o = sender_outcome(Some(503), attempt, T);
            assert_eq!(o.summary, text);
            assert_eq!(o.next_attempt_at_ms, next);
            assert_eq!(o.attempt, attempt);
        }
        assert_eq!(sender_outcome(None, 8, T).kind, OutcomeKind::GaveUp);
        assert_eq!(sender_outcome(Some(500), 7, T).kind, OutcomeKind::WillRetry);
    }

    #[test]
    fn attempt_zero_counts_as_the_first() {
        assert_eq!(summary(Some(500), 0), "will retry in about 5 s (attempt 2 of 8)");
    }

    #[test]
    fn a_late_answer_is_a_timeout_to_the_sender() {
        assert_eq!(status_seen_by_sender(Some(200), 14_999), Some(200));
        assert_eq!(status_seen_by_sender(Some(200), 15_000), None);
        assert_eq!(status_seen_by_sender(None, 0), None);
    }

    #[test]
    fn outcome_serialises_snake_case() {
        let json = serde_json::to_string(&sender_outcome(Some(500), 8, T)).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"gave_up","summary":"gave up after 8 attempts","next_attempt_at_ms":null,"attempt":8,"max_attempts":8}"#
        );
    }

    #[test]
    fn durations_in_words() {
        let cases = [
            (0, "0 ms"),
            (250, "250 ms"),
            (1_500, "1.5 s"),
            (2_000, "2 s"),
            (5_000, "5 s"),
            (90_000, "1 min 30 s"),
            (300_000, "5 min"),
            (1_800_000, "30 min"),
            (5_400_000, "1 h 30 min"),
            (7_200_000, "2 h"),
            (36_000_000, "10 h"),
            (60_250, "1 min 0.25 s"),
        ];
        for (ms, text) in cases {
            assert_eq!(human_duration(ms), text);
        }
    }
}
