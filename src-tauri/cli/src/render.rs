//! How deliveries look in a terminal.

use std::fmt::Write as _;

use hookscope_core::clock::rfc3339_ms;
use hookscope_core::{Delivery, DeliverySummary};

/// One line per delivery: time, method, path, size, answered status.
pub fn summary_line(s: &DeliverySummary) -> String {
    let mut line = format!(
        "{}  {:<7} {}  {}  {}",
        rfc3339_ms(s.received_at_ms),
        s.method,
        printable(&s.path),
        size(s.size),
        s.status
    );
    if let Some(rejection) = &s.rejection {
        let _ = write!(line, "  (rejected: {})", rejection.replace('_', " "));
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
    let _ = writeln!(out, "answered:    {}", c.status);
    if let Some(r) = c.rejection {
        let _ = writeln!(out, "rejected:    {}", r.code().replace('_', " "));
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
