//! How deliveries look in a terminal.

use std::fmt::Write as _;

use hookscope_core::clock::rfc3339_ms;
use hookscope_core::group::Relation;
use hookscope_core::verify::VerificationStatus;
use hookscope_core::{Delivery, DeliverySummary};

/// The verdict as one word, as the JSON spells it.
pub fn verdict(status: Option<VerificationStatus>) -> &'static str {
    match status {
        Some(VerificationStatus::Verified) => "verified",
        Some(VerificationStatus::Stale) => "stale",
        Some(VerificationStatus::Mismatch) => "mismatch",
        Some(VerificationStatus::Malformed) => "malformed",
        Some(VerificationStatus::Unsigned) => "unsigned",
        Some(VerificationStatus::NoSecret) => "no_secret",
        None => "not_checked",
    }
}

/// How a delivery relates to earlier ones, e.g. "attempt 2 (retry of 01…)".
pub fn relation(s: &DeliverySummary) -> Option<String> {
    match &s.relation {
        Relation::Original => None,
        Relation::Retry { of } => Some(format!("attempt {} (retry of {of})", s.attempt)),
        Relation::DuplicateEvent { of } => Some(format!("duplicate event of {of}")),
        Relation::Replay { of } => Some(format!("replay of {of}")),
    }
}

/// One line per delivery: time, method, path, size, answered status, verdict,
/// then how it relates to earlier deliveries and what the sender will do.
pub fn summary_line(s: &DeliverySummary) -> String {
    let mut line = format!(
        "{}  {:<7} {}  {}  {}  {}",
        rfc3339_ms(s.received_at_ms),
        s.method,
        printable(&s.path),
        size(s.size),
        s.status,
        verdict(s.verification)
    );
    if let Some(rejection) = &s.rejection {
        let _ = write!(line, "  (rejected: {})", rejection.replace('_', " "));
    }
    if let Some(relation) = relation(s) {
        let _ = write!(line, "  {relation}");
    }
    if s.outcome != "delivered" {
        let _ = write!(line, "  sender: {}", s.outcome);
    }
    let _ = write!(line, "  {}", s.id);
    line
}

/// A readable view of one delivery: request line, headers, body.
pub fn detail(d: &Delivery) -> String {
    let c = &d.captured;
    let mut out = String::new();
    let _ = writeln!(out, "id:          {}", d.id);
    let _ = writeln!(out, "received:    {}", rfc3339_ms(c.received_at_ms));
    let _ = writeln!(out, "from:        {}", c.remote_addr.as_deref().unwrap_or("unknown"));
    let _ = writeln!(out, "request:     {} {}", c.method, printable(&c.path));
    let _ = writeln!(out, "size:        {}", size(c.body.len() as u64));
    let _ = writeln!(out, "answered:    {}{}", d.answer.status, if d.answer.scripted { " (scripted)" } else { "" });
    if let Some(r) = c.rejection {
        let _ = writeln!(out, "rejected:    {}", r.code().replace('_', " "));
    }
    let summary = d.summary();
    let _ = writeln!(out, "sender:      {}", summary.outcome);
    if let Some(relation) = relation(&summary) {
        let _ = writeln!(out, "group:       {relation}");
    }
    if let Some(v) = &c.verification {
        let _ = writeln!(out, "signature:   {} — {}", verdict(Some(v.status)), v.detail);
        for hint in &v.hints {
            let _ = writeln!(out, "  hint: {hint}");
        }
    }
    let _ = writeln!(out, "\nheaders:");
    for (name, value) in &c.headers {
        let _ = writeln!(out, "  {name}: {}", printable(&String::from_utf8_lossy(value)));
    }
    let _ = writeln!(out, "\nbody:");
    match std::str::from_utf8(&c.body) {
        Ok(text) => {
            let _ = writeln!(out, "{}", printable_multiline(text));
        }
        Err(_) => {
            let _ = writeln!(out, "({} bytes, not UTF-8; use --json for base64)", c.body.len());
        }
    }
    out
}

/// One line for a forward (or replay) and the handler's answer.
pub fn forward_line(record: &hookscope_core::replays::ReplayRecord) -> String {
    use hookscope_core::replay::ReplayResult;
    let what = if record.forwarded { "forwarded to" } else { "replayed to" };
    match &record.outcome.result {
        ReplayResult::Answered(r) => {
            format!("→ {what} {}: {} in {} ms", record.target, r.status, record.outcome.latency_ms)
        }
        ReplayResult::Failed(f) => format!("→ {what} {}: failed: {}", record.target, f.message),
    }
}

/// Human-readable byte count.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// Escapes control characters so a payload cannot drive the terminal.
fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

fn printable_multiline(text: &str) -> String {
    text.split('\n').map(printable).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("/a\u{1b}[31mb"), "/a\\u{1b}[31mb");
        assert_eq!(printable_multiline("a\nb\tc"), "a\nb\\tc");
    }

    #[test]
    fn sizes_are_readable() {
        assert_eq!(size(12), "12 B");
        assert_eq!(size(2048), "2.0 KiB");
        assert_eq!(size(3 * 1024 * 1024), "3.0 MiB");
    }
}
