//! Scripted answers: Hookscope answering deliveries with chosen statuses, delays and
//! timeouts, to watch how the sender reacts.
//!
//! [`AnswerConfig`] is the setting (desktop settings, CLI flags parsed by [`script`]);
//! [`decide`] turns it and a message's attempt number into one answer; [`banner`]
//! says in one sentence what is being answered, so a failing setup is never forgotten.

mod banner;
mod decide;
mod live;
pub mod script;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use banner::banner;
pub use decide::{decide, Decision, HOLD_STATUS};
pub use live::Answers;
pub use script::{parse_delay, parse_script, parse_status, ScriptError};

/// How long a `timeout` step holds the connection: longer than Svix's 15 s timeout.
pub const DEFAULT_TIMEOUT_HOLD_MS: u64 = 20_000;

/// What Hookscope answers. The rules apply in order: `fail_next`, `script`, `fixed`,
/// then a plain immediate 200.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct AnswerConfig {
    /// The answer to every delivery, when no other rule applies.
    pub fixed: Option<FixedAnswer>,
    /// Fail the next few deliveries, whatever their attempt number.
    pub fail_next: Option<FailNext>,
    /// One step per attempt of a message; attempts past the end repeat the last step.
    pub script: Vec<ScriptStep>,
    /// How long a `timeout` step holds the connection without answering.
    #[ts(type = "number")]
    pub timeout_hold_ms: u64,
}

impl Default for AnswerConfig {
    fn default() -> Self {
        AnswerConfig { fixed: None, fail_next: None, script: Vec::new(), timeout_hold_ms: DEFAULT_TIMEOUT_HOLD_MS }
    }
}

impl AnswerConfig {
    /// Checks what the UI or a settings file may have got wrong: every status is an
    /// HTTP status and every header can be sent.
    pub fn validate(&self) -> Result<(), ScriptError> {
        if let Some(fixed) = &self.fixed {
            script::check_status(fixed.status)?;
            for (name, value) in &fixed.headers {
                script::check_header(name, value)?;
            }
        }
        if let Some(fail) = &self.fail_next {
            script::check_status(fail.status)?;
        }
        for step in &self.script {
            if let ScriptStep::Status { status, headers } = step {
                script::check_status(*status)?;
                for (name, value) in headers {
                    script::check_header(name, value)?;
                }
            }
        }
        Ok(())
    }
}

/// The same answer to every delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FixedAnswer {
    pub status: u16,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// How long to wait before answering.
    #[serde(default)]
    #[ts(type = "number")]
    pub delay_ms: u64,
}

/// Answer the next `remaining` deliveries with `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FailNext {
    pub remaining: u32,
    pub status: u16,
}

/// The answer to one attempt of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScriptStep {
    Status {
        status: u16,
        #[serde(default)]
        headers: Vec<(String, String)>,
    },
    /// Hold the connection without answering, so the sender times out.
    Timeout,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_holds_timeouts_for_twenty_seconds() {
        let config: AnswerConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(config, AnswerConfig::default());
        assert_eq!(config.timeout_hold_ms, 20_000);
        assert_eq!(config.script, Vec::new());
    }

    #[test]
    fn config_round_trips_through_json() {
        let config = AnswerConfig {
            fixed: Some(FixedAnswer {
                status: 503,
                body: Some("down".into()),
                headers: vec![("Retry-After".into(), "30".into())],
                delay_ms: 2_000,
            }),
            fail_next: Some(FailNext { remaining: 3, status: 500 }),
            script: vec![ScriptStep::Status { status: 429, headers: vec![] }, ScriptStep::Timeout],
            timeout_hold_ms: 20_000,
        };
        let json = serde_json::to_string(&config).unwrap();
        assert_eq!(
            json,
            r#"{"fixed":{"status":503,"body":"down","headers":[["Retry-After","30"]],"delay_ms":2000},"fail_next":{"remaining":3,"status":500},"script":[{"kind":"status","status":429,"headers":[]},{"kind":"timeout"}],"timeout_hold_ms":20000}"#
        );
        assert_eq!(serde_json::from_str::<AnswerConfig>(&json).unwrap(), config);
    }

    #[test]
    fn validate_rejects_unsendable_settings() {
        let mut config = AnswerConfig {
            fixed: Some(FixedAnswer { status: 700, body: None, headers: vec![], delay_ms: 0 }),
            ..AnswerConfig::default()
        };
        assert_eq!(config.validate(), Err(ScriptError::NotAStatus("700".into())));
        config.fixed = None;
        config.script = vec![ScriptStep::Status { status: 503, headers: vec![("X-Bad".into(), "a\r\nb".into())] }];
        assert_eq!(config.validate(), Err(ScriptError::BadHeader("X-Bad: a\r\nb".into())));
        config.script = vec![ScriptStep::Timeout];
        assert_eq!(config.validate(), Ok(()));
    }
}
