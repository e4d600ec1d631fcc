//! The one answer to give a delivery, from the configuration and the message's attempt number.

use super::{AnswerConfig, ScriptStep};

/// The status sent when a held connection is still open after the hold (by then a
/// Svix sender has long given up): a gateway timeout, so no sender reads it as success.
pub const HOLD_STATUS: u16 = 504;

/// How to answer one delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    /// How long to wait before answering.
    pub delay_ms: u64,
    /// Simulate a timeout: hold the connection `delay_ms` (the configured
    /// `timeout_hold_ms`) without answering, then answer [`HOLD_STATUS`] if it is still open.
    pub hold: bool,
    /// True when the answer comes from the user's configuration, false for the default 200.
    pub scripted: bool,
    /// The caller decrements `fail_next.remaining` once this answer is given.
    pub consumes_fail_next: bool,
}

impl Decision {
    /// An immediate answer with `status` that no setting asked for.
    pub fn plain(status: u16) -> Self {
        Decision { scripted: false, ..Decision::status(status, Vec::new()) }
    }

    fn status(status: u16, headers: Vec<(String, String)>) -> Self {
        Decision { status, headers, body: None, delay_ms: 0, hold: false, scripted: true, consumes_fail_next: false }
    }
}

/// Decides the answer to attempt `attempt` (from 1; 0 counts as 1) of a message.
///
/// In order: `fail_next` while it has deliveries left; the script step for this
/// attempt (attempt 1 → step 1; attempts past the end use the last step); the fixed
/// answer; a plain immediate 200. A fixed answer's delay belongs to that answer only.
pub fn decide(config: &AnswerConfig, attempt: u32) -> Decision {
    if let Some(fail) = config.fail_next.filter(|f| f.remaining > 0) {
        return Decision { consumes_fail_next: true, ..Decision::status(fail.status, Vec::new()) };
    }
    let index = usize::try_from(attempt.max(1) - 1).unwrap_or(usize::MAX);
    let step = config.script.get(index).or(config.script.last());
    match step {
        Some(ScriptStep::Status { status, headers }) => Decision::status(*status, headers.clone()),
        Some(ScriptStep::Timeout) => {
            Decision { delay_ms: config.timeout_hold_ms, hold: true, ..Decision::status(HOLD_STATUS, Vec::new()) }
        }
        None => match &config.fixed {
            Some(fixed) => Decision {
                body: fixed.body.clone(),
                delay_ms: fixed.delay_ms,
                ..Decision::status(fixed.status, fixed.headers.clone())
            },
            None => Decision { scripted: false, ..Decision::status(200, Vec::new()) },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::respond::{parse_script, FailNext, FixedAnswer};

    fn config(fail: Option<(u32, u16)>, script: &str, fixed: Option<u16>) -> AnswerConfig {
        AnswerConfig {
            fixed: fixed.map(|status| FixedAnswer {
                status,
                body: Some("fixed".into()),
                headers: vec![("X-Fixed".into(), "1".into())],
                delay_ms: 2_000,
            }),
            fail_next: fail.map(|(remaining, status)| FailNext { remaining, status }),
            script: if script.is_empty() { Vec::new() } else { parse_script(script).unwrap() },
            timeout_hold_ms: 20_000,
        }
    }

    #[test]
    fn default_is_a_plain_immediate_200() {
        assert_eq!(
            decide(&AnswerConfig::default(), 1),
            Decision {
                status: 200,
                headers: vec![],
                body: None,
                delay_ms: 0,
                hold: false,
                scripted: false,
                consumes_fail_next: false,
            }
        );
    }

    #[test]
    fn fail_next_comes_first_while_deliveries_remain() {
        let c = config(Some((2, 500)), "503,200", Some(418));
        assert_eq!(
            decide(&c, 1),
            Decision {
                status: 500,
                headers: vec![],
                body: None,
                delay_ms: 0,
                hold: false,
                scripted: true,
                consumes_fail_next: true,
            }
        );
        let spent = config(Some((0, 500)), "503,200", Some(418));
        assert_eq!(decide(&spent, 1).status, 503);
        assert!(!decide(&spent, 1).consumes_fail_next);
    }

    #[test]
    fn script_steps_follow_the_attempt_number() {
        let c = config(None, "503,429 Retry-After: 30,timeout,200", Some(418));
        assert_eq!(decide(&c, 1).status, 503);
        assert_eq!(decide(&c, 0).status, 503);
        let second = decide(&c, 2);
        assert_eq!(second.status, 429);
        assert_eq!(second.headers, vec![("Retry-After".to_owned(), "30".to_owned())]);
        assert_eq!(
            decide(&c, 3),
            Decision {
                status: 504,
                headers: vec![],
                body: None,
                delay_ms: 20_000,
                hold: true,
                scripted: true,
                consumes_fail_next: false,
            }
        );
        assert_eq!(decide(&c, 4).status, 200);
        assert!(decide(&c, 4).scripted);
    }

    #[test]
    fn attempts_past_the_script_repeat_its_last_step() {
        let c = config(None, "503,timeout", None);
        for attempt in [3, 8, 100, u32::MAX] {
            let d = decide(&c, attempt);
            assert!(d.hold, "attempt {attempt}");
            assert_eq!(d.delay_ms, 20_000);
        }
        assert_eq!(decide(&config(None, "500,200", None), 9).status, 200);
    }

    #[test]
    fn fixed_answer_applies_without_a_script() {
        assert_eq!(
            decide(&config(None, "", Some(418)), 5),
            Decision {
                status: 418,
                headers: vec![("X-Fixed".to_owned(), "1".to_owned())],
                body: Some("fixed".to_owned()),
                delay_ms: 2_000,
                hold: false,
                scripted: true,
                consumes_fail_next: false,
            }
        );
    }
}
