//! Retention: how much the store keeps. Pure rules and words; the pruning
//! itself runs on the store's writer (`store::prune`).
//!
//! Defaults: 100,000 deliveries and 1 GiB of bodies. Self's events are a few
//! kilobytes, so 100,000 of them (weeks of a busy integration's traffic, and
//! the size the timeline and event pages are benchmarked at) take a few hundred
//! megabytes; the byte cap bounds the file when bodies are large (the listener
//! takes up to 10 MiB each), so the disk cannot fill up unnoticed.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const DEFAULT_MAX_DELIVERIES: u64 = 100_000;
pub const DEFAULT_MAX_BODY_BYTES: u64 = 1 << 30;
/// The smallest byte cap accepted: below it a single large body would empty the store.
pub const MIN_MAX_BODY_BYTES: u64 = 1 << 20;

/// The cap on stored deliveries. Pinned deliveries are kept on top of it: they are
/// not counted, so pinning can never make a new delivery go at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Retention {
    /// The most deliveries kept.
    #[ts(type = "number")]
    pub max_deliveries: u64,
    /// The most bytes of bodies kept, all deliveries together.
    #[ts(type = "number")]
    pub max_body_bytes: u64,
}

impl Default for Retention {
    fn default() -> Self {
        Retention { max_deliveries: DEFAULT_MAX_DELIVERIES, max_body_bytes: DEFAULT_MAX_BODY_BYTES }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RetentionError {
    #[error("keep at least 1 delivery")]
    NoDeliveries,
    #[error("keep at least 1 MiB of bodies")]
    TooFewBytes,
    #[error("'{0}' is not a size: write a number of bytes, or one with K, M or G (e.g. 500M, 1G)")]
    BadSize(String),
}

impl Retention {
    pub fn validate(&self) -> Result<(), RetentionError> {
        if self.max_deliveries == 0 {
            return Err(RetentionError::NoDeliveries);
        }
        if self.max_body_bytes < MIN_MAX_BODY_BYTES {
            return Err(RetentionError::TooFewBytes);
        }
        Ok(())
    }

    /// What pruning brings the store down to once it went over: 1% under the cap,
    /// so a store at its cap is pruned now and then, not after every delivery.
    pub fn targets(&self) -> (u64, u64) {
        (self.max_deliveries - self.max_deliveries / 100, self.max_body_bytes - self.max_body_bytes / 100)
    }

    pub fn is_over(&self, deliveries: u64, body_bytes: u64) -> bool {
        deliveries > self.max_deliveries || body_bytes > self.max_body_bytes
    }

    /// "up to 100000 deliveries and 1 GiB of bodies".
    pub fn describe(&self) -> String {
        format!("up to {} deliveries and {} of bodies", self.max_deliveries, format_size(self.max_body_bytes))
    }
}

/// How full the store is, next to its cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Usage {
    /// Deliveries counted against the cap (the unpinned ones).
    #[ts(type = "number")]
    pub deliveries: u64,
    /// Their bodies' bytes.
    #[ts(type = "number")]
    pub body_bytes: u64,
    /// Pinned deliveries, kept on top of the cap.
    #[ts(type = "number")]
    pub pinned: u64,
    #[ts(type = "number")]
    pub pinned_body_bytes: u64,
}

/// The cap and the usage, as the settings show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct RetentionView {
    pub retention: Retention,
    pub usage: Usage,
}

/// Parses a size: bytes, or a number with K, M or G (powers of 1024; "KB", "KiB",
/// "MB", "MiB", "GB", "GiB" alike, any case), e.g. `1G`, `500MiB`, `1.5g`.
pub fn parse_size(text: &str) -> Result<u64, RetentionError> {
    let bad = || RetentionError::BadSize(text.to_owned());
    let trimmed = text.trim();
    let split = trimmed.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(bad()),
    };
    let value: f64 = number.parse().map_err(|_| bad())?;
    let bytes = value * (1u64 << shift) as f64;
    if !bytes.is_finite() || bytes < 0.0 || bytes >= u64::MAX as f64 {
        return Err(bad());
    }
    Ok(bytes.round() as u64)
}

/// A size in the largest unit that keeps it readable: "1 GiB", "1.5 MiB", "512 B".
pub fn format_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value.fract() == 0.0 {
        format!("{value} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_powers_of_1024() {
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("500MiB"), Ok(500 << 20));
        assert_eq!(parse_size("2 mb"), Ok(2 << 20));
        assert_eq!(parse_size("1.5k"), Ok(1536));
        assert_eq!(parse_size(" 3KB "), Ok(3072));
        for bad in ["", "G", "1X", "-1M", "1..2M", "1e9", "99999999999T"] {
            assert_eq!(parse_size(bad), Err(RetentionError::BadSize(bad.to_owned())), "{bad}");
        }
    }

    #[test]
    fn sizes_format_readably() {
        assert_eq!(format_size(0), "0 B");
        assert_eq!(format_size(512), "512 B");
        assert_eq!(format_size(1 << 30), "1 GiB");
        assert_eq!(format_size(1536 << 10), "1.5 MiB");
        assert_eq!(Retention::default().describe(), "up to 100000 deliveries and 1 GiB of bodies");
    }

    #[test]
    fn caps_below_the_minimums_are_refused() {
        assert_eq!(Retention::default().validate(), Ok(()));
        assert_eq!(Retention { max_deliveries: 0, ..Default::default() }.validate(), Err(RetentionError::NoDeliveries));
        let tiny = Retention { max_body_bytes: MIN_MAX_BODY_BYTES - 1, ..Default::default() };
        assert_eq!(tiny.validate(), Err(RetentionError::TooFewBytes));
    }

    #[test]
    fn pruning_goes_one_percent_under_the_cap_and_exactly_to_small_caps() {
        assert_eq!(Retention::default().targets(), (99_000, (1 << 30) - (1 << 30) / 100));
        let small = Retention { max_deliveries: 10, max_body_bytes: MIN_MAX_BODY_BYTES };
        assert_eq!(small.targets().0, 10);
        assert!(small.is_over(11, 0));
        assert!(!small.is_over(10, MIN_MAX_BODY_BYTES));
        assert!(small.is_over(1, MIN_MAX_BODY_BYTES + 1));
    }
}
