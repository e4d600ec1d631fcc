//! The answer settings as the window edits them: a few text fields, parsed by the core.

use hookscope_core::respond::{parse_delay, parse_script, AnswerConfig, Answers, FailNext, FixedAnswer, ScriptStep};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{ErrorCode, IpcError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AnswerForm {
    /// The status for every delivery; null = 200.
    pub status: Option<u16>,
    /// A wait before answering, e.g. "2s" or "250ms"; empty = none.
    pub delay: String,
    /// One step per attempt, e.g. "503,429 Retry-After: 30,timeout,200"; empty = none.
    pub script: String,
    /// Fail this many of the next deliveries…
    pub fail_next: Option<u32>,
    /// …with this status (default 503).
    pub fail_status: Option<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AnswersView {
    pub form: AnswerForm,
    /// What the window must say while answers are not a plain 200, e.g. "Answering 503 to every delivery".
    pub banner: Option<String>,
}

fn invalid(error: impl std::fmt::Display) -> IpcError {
    IpcError::new(ErrorCode::InvalidInput, error.to_string())
}

pub fn config_from(form: &AnswerForm, timeout_hold_ms: u64) -> Result<AnswerConfig, IpcError> {
    let delay_ms = match form.delay.trim() {
        "" => 0,
        text => parse_delay(text).map_err(invalid)?,
    };
    let script = match form.script.trim() {
        "" => Vec::new(),
        text => parse_script(text).map_err(invalid)?,
    };
    let fixed = (form.status.is_some() || delay_ms > 0).then(|| FixedAnswer {
        status: form.status.unwrap_or(200),
        body: None,
        headers: Vec::new(),
        delay_ms,
    });
    let fail_next = form
        .fail_next
        .filter(|n| *n > 0)
        .map(|remaining| FailNext { remaining, status: form.fail_status.unwrap_or(503) });
    let config = AnswerConfig { fixed, fail_next, script, timeout_hold_ms };
    config.validate().map_err(invalid)?;
    Ok(config)
}

pub fn form_from(config: &AnswerConfig) -> AnswerForm {
    let script = config
        .script
        .iter()
        .map(|step| match step {
            ScriptStep::Timeout => "timeout".to_owned(),
            ScriptStep::Status { status, headers } => std::iter::once(status.to_string())
                .chain(headers.iter().map(|(n, v)| format!("{n}: {v}")))
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect::<Vec<_>>()
        .join(",");
    let fixed = config.fixed.as_ref();
    AnswerForm {
        status: fixed.map(|f| f.status).filter(|s| *s != 200),
        delay: fixed.map(|f| f.delay_ms).filter(|d| *d > 0).map(|d| format!("{d}ms")).unwrap_or_default(),
        script,
        fail_next: config.fail_next.map(|f| f.remaining),
        fail_status: config.fail_next.map(|f| f.status),
    }
}

pub fn view(answers: &Answers) -> AnswersView {
    AnswersView { form: form_from(&answers.get()), banner: answers.banner() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(status: Option<u16>, delay: &str, script: &str) -> AnswerForm {
        AnswerForm { status, delay: delay.into(), script: script.into(), fail_next: None, fail_status: None }
    }

    #[test]
    fn a_form_round_trips_through_the_config() {
        let original = AnswerForm {
            fail_next: Some(2),
            fail_status: Some(500),
            ..form(Some(503), "2000ms", "503,429 Retry-After: 30,timeout,200")
        };
        let config = config_from(&original, 20_000).unwrap();
        assert_eq!(config.script.len(), 4);
        assert_eq!(config.fixed.as_ref().map(|f| (f.status, f.delay_ms)), Some((503, 2_000)));
        assert_eq!(form_from(&config), original);
    }

    #[test]
    fn an_empty_form_is_a_plain_200_with_no_banner() {
        let answers = Answers::new(config_from(&form(None, "", ""), 20_000).unwrap());
        assert_eq!(view(&answers).banner, None);
    }

    #[test]
    fn bad_fields_are_refused_with_the_parsers_words() {
        let error = config_from(&form(None, "", "503,tiemout"), 20_000).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains("tiemout"), "{}", error.message);
        assert!(config_from(&form(Some(600), "", ""), 20_000).is_err());
        assert!(config_from(&form(None, "soon", ""), 20_000).is_err());
    }
}
