//! Time enters the core only through a [`Clock`], so that capture, verification
//! and grouping can be tested against exact instants.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// A source of "now", in milliseconds since the Unix epoch (UTC).
#[derive(Clone)]
pub struct Clock(Source);

#[derive(Clone)]
enum Source {
    System,
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// The machine's wall clock.
    pub fn system() -> Self {
        Clock(Source::System)
    }

    /// A clock that stands still at `millis` until moved with [`Clock::set`] or [`Clock::advance`].
    pub fn manual(millis: i64) -> Self {
        Clock(Source::Manual(Arc::new(AtomicI64::new(millis))))
    }

    pub fn now_ms(&self) -> i64 {
        match &self.0 {
            Source::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
                // A wall clock set before 1970 is not worth failing a capture for.
                .unwrap_or(0),
            Source::Manual(millis) => millis.load(Ordering::SeqCst),
        }
    }

    /// Moves a manual clock to `millis`; a system clock ignores it.
    pub fn set(&self, millis: i64) {
        if let Source::Manual(m) = &self.0 {
            m.store(millis, Ordering::SeqCst);
        }
    }

    /// Moves a manual clock forward by `millis`; a system clock ignores it.
    pub fn advance(&self, millis: i64) {
        if let Source::Manual(m) = &self.0 {
            m.fetch_add(millis, Ordering::SeqCst);
        }
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Source::System => f.write_str("Clock::system"),
            Source::Manual(m) => write!(f, "Clock::manual({})", m.load(Ordering::SeqCst)),
        }
    }
}

/// Formats epoch milliseconds as RFC 3339 in UTC with millisecond precision,
/// e.g. `2026-11-26T08:30:12.345Z`.
pub fn rfc3339_ms(millis: i64) -> String {
    let nanos = i128::from(millis) * 1_000_000;
    match time::OffsetDateTime::from_unix_timestamp_nanos(nanos) {
        Ok(t) => {
            let (y, mo, d) = (t.year(), u8::from(t.month()), t.day());
            let (h, mi, s, ms) = (t.hour(), t.minute(), t.second(), t.millisecond());
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
        }
        // Out of time's range (year > 9999): keep the raw number rather than lie.
        Err(_) => millis.to_string(),
    }
}

/// Parses an RFC 3339 timestamp into epoch milliseconds.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let t = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = Clock::manual(1_000);
        assert_eq!(clock.now_ms(), 1_000);
        clock.advance(250);
        assert_eq!(clock.now_ms(), 1_250);
        clock.set(5);
        assert_eq!(clock.now_ms(), 5);
    }

    #[test]
    fn formats_and_parses_rfc3339_with_millis() {
        let ms = 1_795_681_812_345;
        let text = rfc3339_ms(ms);
        assert_eq!(text, "2026-11-26T08:30:12.345Z");
        assert_eq!(parse_rfc3339_ms(&text), Some(ms));
        assert_eq!(rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
    }
}
