//! The sentence shown while Hookscope answers anything but a plain immediate 2xx, so
//! that failures the user asked for are never mistaken for real ones.

use super::{AnswerConfig, FixedAnswer, ScriptStep};
use crate::outcome::{human_duration, SENDER_TIMEOUT_MS};

/// What is being answered, in one sentence; None for a plain immediate 2xx.
///
/// Rules appear in the order they apply, e.g. "Failing the next 3 deliveries with 503,
/// then answering by script: 503, then 200". A script hides the fixed answer, which
/// it always overrides.
pub fn banner(config: &AnswerConfig) -> Option<String> {
    let failing = config.fail_next.filter(|f| f.remaining > 0).map(|f| match f.remaining {
        1 => format!("Failing the next delivery with {}", f.status),
        n => format!("Failing the next {n} deliveries with {}", f.status),
    });
    let afterwards = if config.script.is_empty() {
        config.fixed.as_ref().and_then(fixed_sentence)
    } else {
        Some(format!("Answering by script: {}", script_list(&config.script)))
    };
    match (failing, afterwards) {
        (Some(failing), Some(afterwards)) => Some(format!("{failing}, then {}", lowercase_first(&afterwards))),
        (failing, afterwards) => failing.or(afterwards),
    }
}

fn fixed_sentence(fixed: &FixedAnswer) -> Option<String> {
    let success = (200..=299).contains(&fixed.status);
    let delay = human_duration(fixed.delay_ms);
    let sentence = match (success, fixed.delay_ms) {
        (true, 0) => return None,
        (true, _) => format!("Delaying every answer by {delay}"),
        (false, 0) => format!("Answering {} to every delivery", fixed.status),
        (false, _) => format!("Answering {} to every delivery after {delay}", fixed.status),
    };
    if fixed.delay_ms >= SENDER_TIMEOUT_MS {
        let timeout = human_duration(SENDER_TIMEOUT_MS);
        return Some(format!("{sentence} (Self counts an answer after {timeout} as a timeout)"));
    }
    Some(sentence)
}

/// "503", "503, then 200", "503, 429, timeout, then 200".
fn script_list(script: &[ScriptStep]) -> String {
    let labels: Vec<String> = script
        .iter()
        .map(|step| match step {
            ScriptStep::Status { status, .. } => status.to_string(),
            ScriptStep::Timeout => "timeout".to_owned(),
        })
        .collect();
    match labels.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, before)) => format!("{}, then {last}", before.join(", ")),
        None => String::new(),
    }
}

fn lowercase_first(sentence: &str) -> String {
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::respond::{parse_script, FailNext};

    fn fixed(status: u16, delay_ms: u64) -> AnswerConfig {
        AnswerConfig {
            fixed: Some(FixedAnswer {
                status,
                body: Some("ok".into()),
                headers: vec![("X-A".into(), "b".into())],
                delay_ms,
            }),
            ..AnswerConfig::default()
        }
    }

    fn scripted(script: &str) -> AnswerConfig {
        AnswerConfig { script: parse_script(script).unwrap(), ..AnswerConfig::default() }
    }

    #[test]
    fn plain_immediate_success_has_no_banner() {
        assert_eq!(banner(&AnswerConfig::default()), None);
        assert_eq!(banner(&fixed(200, 0)), None);
        assert_eq!(banner(&fixed(204, 0)), None);
        let spent = AnswerConfig { fail_next: Some(FailNext { remaining: 0, status: 503 }), ..AnswerConfig::default() };
        assert_eq!(banner(&spent), None);
    }

    #[test]
    fn fixed_answers() {
        assert_eq!(banner(&fixed(503, 0)).as_deref(), Some("Answering 503 to every delivery"));
        assert_eq!(banner(&fixed(200, 2_000)).as_deref(), Some("Delaying every answer by 2 s"));
        assert_eq!(banner(&fixed(500, 1_500)).as_deref(), Some("Answering 500 to every delivery after 1.5 s"));
        assert_eq!(
            banner(&fixed(200, 20_000)).as_deref(),
            Some("Delaying every answer by 20 s (Self counts an answer after 15 s as a timeout)")
        );
    }

    #[test]
    fn failing_the_next_deliveries() {
        let mut config =
            AnswerConfig { fail_next: Some(FailNext { remaining: 3, status: 503 }), ..AnswerConfig::default() };
        assert_eq!(banner(&config).as_deref(), Some("Failing the next 3 deliveries with 503"));
        config.fail_next = Some(FailNext { remaining: 1, status: 500 });
        assert_eq!(banner(&config).as_deref(), Some("Failing the next delivery with 500"));
        config.fixed = fixed(429, 0).fixed;
        assert_eq!(
            banner(&config).as_deref(),
            Some("Failing the next delivery with 500, then answering 429 to every delivery")
        );
    }

    #[test]
    fn scripts() {
        assert_eq!(
            banner(&scripted("503,429 Retry-After: 30,timeout,200")).as_deref(),
            Some("Answering by script: 503, 429, timeout, then 200")
        );
        assert_eq!(banner(&scripted("503,200")).as_deref(), Some("Answering by script: 503, then 200"));
        assert_eq!(banner(&scripted("timeout")).as_deref(), Some("Answering by script: timeout"));
        let mut both = scripted("503,200");
        both.fixed = fixed(418, 0).fixed;
        both.fail_next = Some(FailNext { remaining: 2, status: 500 });
        assert_eq!(
            banner(&both).as_deref(),
            Some("Failing the next 2 deliveries with 500, then answering by script: 503, then 200")
        );
    }
}
