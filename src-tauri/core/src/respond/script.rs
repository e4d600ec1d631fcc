//! The CLI's text forms of an answer: a status (`503`), a delay (`2s`) and a script
//! of one step per attempt (`503,429 Retry-After: 30,timeout,200`).
//!
//! A step's header is written `Name: value` after the status. Steps are separated by
//! commas, so a header value cannot contain one (write `Retry-After` in seconds, not
//! as an HTTP date).

use super::ScriptStep;

/// The longest delay accepted: anything longer only ties up the sender's connection.
pub const MAX_DELAY_MS: u64 = 10 * 60_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScriptError {
    #[error("'{0}' is not an HTTP status (100–599)")]
    NotAStatus(String),
    #[error("unknown step '{0}': expected a status like 503, '429 Retry-After: 30', or 'timeout'")]
    UnknownStep(String),
    #[error("the script is empty: expected steps like '503,429 Retry-After: 30,timeout,200'")]
    EmptyScript,
    #[error("step {0} is empty: separate steps with single commas")]
    EmptyStep(usize),
    #[error("'{0}' is not a header: expected 'Name: value', e.g. 'Retry-After: 30'")]
    BadHeader(String),
    #[error("'{0}' is not a delay: expected e.g. 250ms, 2s, 1.5s or 1m")]
    BadDelay(String),
    #[error("'{0}' is not a whole number of milliseconds")]
    FractionalDelay(String),
    #[error("'{0}' is too long: a delay is at most 10 min")]
    DelayTooLong(String),
}

/// Parses `503,429 Retry-After: 30,timeout,200` into one step per attempt.
pub fn parse_script(text: &str) -> Result<Vec<ScriptStep>, ScriptError> {
    if text.trim().is_empty() {
        return Err(ScriptError::EmptyScript);
    }
    text.split(',').enumerate().map(|(index, step)| parse_step(step.trim(), index + 1)).collect()
}

fn parse_step(step: &str, position: usize) -> Result<ScriptStep, ScriptError> {
    if step.is_empty() {
        return Err(ScriptError::EmptyStep(position));
    }
    if step.eq_ignore_ascii_case("timeout") {
        return Ok(ScriptStep::Timeout);
    }
    if !step.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(ScriptError::UnknownStep(step.to_owned()));
    }
    let (code, header) = step.split_once(char::is_whitespace).map_or((step, ""), |(code, rest)| (code, rest.trim()));
    let status = parse_status(code)?;
    let headers = if header.is_empty() { Vec::new() } else { vec![parse_header(header)?] };
    Ok(ScriptStep::Status { status, headers })
}

fn parse_header(text: &str) -> Result<(String, String), ScriptError> {
    let (name, value) = text.split_once(':').ok_or_else(|| ScriptError::BadHeader(text.to_owned()))?;
    let (name, value) = (name.trim(), value.trim());
    check_header(name, value)?;
    Ok((name.to_owned(), value.to_owned()))
}

/// Parses a status code, 100 to 599.
pub fn parse_status(text: &str) -> Result<u16, ScriptError> {
    let text = text.trim();
    let not_a_status = || ScriptError::NotAStatus(text.to_owned());
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_a_status());
    }
    let status = text.parse().map_err(|_| not_a_status())?;
    check_status(status).map(|()| status)
}

pub(crate) fn check_status(status: u16) -> Result<(), ScriptError> {
    if (100..=599).contains(&status) {
        Ok(())
    } else {
        Err(ScriptError::NotAStatus(status.to_string()))
    }
}

/// A header that can be sent: a token name (RFC 9110) and a value without control
/// characters other than tab.
pub(crate) fn check_header(name: &str, value: &str) -> Result<(), ScriptError> {
    let is_token_char = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    let name_ok = !name.is_empty() && name.bytes().all(is_token_char);
    let value_ok = value.bytes().all(|b| b == b'\t' || (b >= 0x20 && b != 0x7f));
    if name_ok && value_ok {
        Ok(())
    } else {
        Err(ScriptError::BadHeader(format!("{name}: {value}")))
    }
}

/// Parses a delay — `250ms`, `2s`, `1.5s`, `1m` — into milliseconds.
pub fn parse_delay(text: &str) -> Result<u64, ScriptError> {
    let text = text.trim();
    let bad = || ScriptError::BadDelay(text.to_owned());
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    let (number, unit) = (&text[..split], text[split..].trim());
    let unit_ms: u128 = match unit.to_ascii_lowercase().as_str() {
        "ms" => 1,
        "s" => 1_000,
        "m" | "min" => 60_000,
        "" if !number.is_empty() && number.bytes().all(|b| b == b'0') => 1,
        _ => return Err(bad()),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let fraction = fraction.trim_end_matches('0');
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits_only(whole) || !digits_only(fraction) {
        return Err(bad());
    }
    // Anything with more digits is over the limit (or finer than a nanosecond): bounding
    // the lengths keeps the arithmetic below within u128.
    if whole.trim_start_matches('0').len() > 12 {
        return Err(ScriptError::DelayTooLong(text.to_owned()));
    }
    if fraction.len() > 12 {
        return Err(ScriptError::FractionalDelay(text.to_owned()));
    }
    // Both are digit strings of bounded length; only an empty one fails to parse, and means 0.
    let whole: u128 = whole.parse().unwrap_or(0);
    let fraction_units: u128 = fraction.parse().unwrap_or(0);
    let scale = 10u128.pow(fraction.len() as u32);
    if !(fraction_units * unit_ms).is_multiple_of(scale) {
        return Err(ScriptError::FractionalDelay(text.to_owned()));
    }
    let ms = whole * unit_ms + fraction_units * unit_ms / scale;
    match u64::try_from(ms) {
        Ok(ms) if ms <= MAX_DELAY_MS => Ok(ms),
        _ => Err(ScriptError::DelayTooLong(text.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16) -> ScriptStep {
        ScriptStep::Status { status, headers: vec![] }
    }

    #[test]
    fn parses_the_documented_example() {
        assert_eq!(
            parse_script("503,429 Retry-After: 30,timeout,200"),
            Ok(vec![
                status(503),
                ScriptStep::Status { status: 429, headers: vec![("Retry-After".to_owned(), "30".to_owned())] },
                ScriptStep::Timeout,
                status(200),
            ])
        );
    }

    #[test]
    fn tolerates_spaces_and_case() {
        assert_eq!(
            parse_script(" 500 , TIMEOUT ,  429   retry-after:5 "),
            Ok(vec![
                status(500),
                ScriptStep::Timeout,
                ScriptStep::Status { status: 429, headers: vec![("retry-after".to_owned(), "5".to_owned())] },
            ])
        );
    }

    #[test]
    fn rejects_bad_scripts_with_clear_messages() {
        let message = |text: &str| parse_script(text).unwrap_err().to_string();
        assert_eq!(message("503,600"), "'600' is not an HTTP status (100–599)");
        assert_eq!(
            message("503,tiemout"),
            "unknown step 'tiemout': expected a status like 503, '429 Retry-After: 30', or 'timeout'"
        );
        assert_eq!(message(""), "the script is empty: expected steps like '503,429 Retry-After: 30,timeout,200'");
        assert_eq!(message("503,,200"), "step 2 is empty: separate steps with single commas");
        assert_eq!(message("503,"), "step 2 is empty: separate steps with single commas");
        assert_eq!(
            message("429 Retry-After"),
            "'Retry-After' is not a header: expected 'Name: value', e.g. 'Retry-After: 30'"
        );
        assert_eq!(
            message("429 Retry After: 30"),
            "'Retry After: 30' is not a header: expected 'Name: value', e.g. 'Retry-After: 30'"
        );
        assert_eq!(message("5o3"), "'5o3' is not an HTTP status (100–599)");
        assert_eq!(
            message("timeout 30"),
            "unknown step 'timeout 30': expected a status like 503, '429 Retry-After: 30', or 'timeout'"
        );
        // An HTTP-date Retry-After contains a comma, which splits the step.
        assert_eq!(
            parse_script("503 Retry-After: Wed, 21 Oct 2015 07:28:00 GMT"),
            Err(ScriptError::NotAStatus("21".to_owned()))
        );
    }

    #[test]
    fn statuses_from_100_to_599() {
        assert_eq!(parse_status("100"), Ok(100));
        assert_eq!(parse_status(" 503 "), Ok(503));
        assert_eq!(parse_status("599"), Ok(599));
        for bad in ["99", "600", "0", "-1", "abc", "", "1000", "20 0", "+200"] {
            assert_eq!(parse_status(bad), Err(ScriptError::NotAStatus(bad.trim().to_owned())), "{bad}");
        }
        assert_eq!(parse_status("600").unwrap_err().to_string(), "'600' is not an HTTP status (100–599)");
    }

    #[test]
    fn delays_in_ms_s_and_m() {
        let cases = [
            ("2s", 2_000),
            ("250ms", 250),
            ("1.5s", 1_500),
            ("1m", 60_000),
            ("0.25s", 250),
            ("1.5m", 90_000),
            ("2 s", 2_000),
            ("2S", 2_000),
            (".5s", 500),
            ("2.s", 2_000),
            ("0", 0),
            ("0ms", 0),
            ("10m", 600_000),
            ("1.500000s", 1_500),
        ];
        for (text, ms) in cases {
            assert_eq!(parse_delay(text), Ok(ms), "{text}");
        }
    }

    #[test]
    fn rejects_bad_delays() {
        for bad in ["", "2", "s", "2h", "1.2.3s", "-1s", "two s", ".s", "2 seconds"] {
            assert_eq!(parse_delay(bad), Err(ScriptError::BadDelay(bad.to_owned())), "{bad}");
        }
        assert_eq!(parse_delay("0.5ms"), Err(ScriptError::FractionalDelay("0.5ms".to_owned())));
        assert_eq!(parse_delay("1.0001s").unwrap_err().to_string(), "'1.0001s' is not a whole number of milliseconds");
        assert_eq!(parse_delay("11m").unwrap_err().to_string(), "'11m' is too long: a delay is at most 10 min");
        assert_eq!(
            parse_delay("99999999999999999999999999s"),
            Err(ScriptError::DelayTooLong("99999999999999999999999999s".to_owned()))
        );
        assert_eq!(
            parse_delay("1.0000000000000000001s"),
            Err(ScriptError::FractionalDelay("1.0000000000000000001s".to_owned()))
        );
    }
}
