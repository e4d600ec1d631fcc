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
    /// The body of every answer; absent or empty = Hookscope's `{"id": …}`.
    #[serde(default)]
    #[ts(optional)]
    pub body: Option<String>,
    /// Extra answer headers, one `Name: value` per line.
    #[serde(default)]
    #[ts(optional)]
    pub headers: Option<String>,
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
    let headers = form
        .headers
        .as_deref()
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| match line.split_once(':') {
            Some((name, value)) => Ok((name.trim().to_owned(), value.trim().to_owned())),
            None => Err(invalid(format!("'{line}' is not a header: write it as Name: value"))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let body = form.body.clone().filter(|b| !b.is_empty());
    let fixed = (form.status.is_some() || delay_ms > 0 || body.is_some() || !headers.is_empty()).then(|| FixedAnswer {
        status: form.status.unwrap_or(200),
        body,
        headers,
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
        body: fixed.and_then(|f| f.body.clone()),
        headers: fixed
            .filter(|f| !f.headers.is_empty())
            .map(|f| f.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect::<Vec<_>>().join("\n")),
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
        AnswerForm {
            status,
            delay: delay.into(),
            body: None,
            headers: None,
            script: script.into(),
            fail_next: None,
            fail_status: None,
        }
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
    fn a_fixed_body_and_headers_are_kept() {
        let original = AnswerForm {
            body: Some("{\"ok\":false}".into()),
            headers: Some("Retry-After: 30\nX-Handler: test".into()),
            ..form(Some(429), "", "")
        };
        let config = config_from(&original, 20_000).unwrap();
        let fixed = config.fixed.as_ref().unwrap();
        assert_eq!(fixed.body.as_deref(), Some("{\"ok\":false}"));
        assert_eq!(
            fixed.headers,
            [("Retry-After".to_owned(), "30".to_owned()), ("X-Handler".to_owned(), "test".to_owned())]
        );
        assert_eq!(form_from(&config), original);
        assert!(config_from(&AnswerForm { headers: Some("no colon".into()), ..form(None, "", "") }, 1).is_err());
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
