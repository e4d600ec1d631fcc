//! Latency samples and their percentiles.

use std::time::Duration;

use serde::Serialize;

/// The nearest-rank percentile of `sorted` (ascending): the smallest sample
/// with at least `p` % of the samples at or below it. `None` when empty.
///
/// Nearest-rank always returns a real sample (no interpolation), so a p99 of
/// 2 ms means some request really took 2 ms.
pub fn percentile(sorted: &[u64], p: f64) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = ((p / 100.0) * n as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, n) - 1])
}

/// p50, p99 and max of a set of latencies, in milliseconds.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct LatencySummary {
    pub samples: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl LatencySummary {
    /// Summarises latencies given in nanoseconds (sorted in place).
    pub fn from_nanos(samples: &mut [u64]) -> LatencySummary {
        samples.sort_unstable();
        let ms = |p: f64| percentile(samples, p).map_or(0.0, nanos_to_ms);
        LatencySummary { samples: samples.len(), p50_ms: ms(50.0), p99_ms: ms(99.0), max_ms: ms(100.0) }
    }

    /// Summarises a handful of timed calls.
    pub fn from_durations(durations: &[Duration]) -> LatencySummary {
        let mut nanos: Vec<u64> = durations.iter().map(|d| duration_nanos(*d)).collect();
        Self::from_nanos(&mut nanos)
    }

    /// `p50 / p99 / max` for a table cell.
    pub fn cell(&self) -> String {
        if self.samples == 0 {
            return "no samples".to_owned();
        }
        format!("{} / {} / {} ms", ms_text(self.p50_ms), ms_text(self.p99_ms), ms_text(self.max_ms))
    }
}

pub fn duration_nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

fn nanos_to_ms(nanos: u64) -> f64 {
    nanos as f64 / 1_000_000.0
}

/// Milliseconds with enough digits to tell sub-millisecond figures apart.
pub fn ms_text(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.2}")
    } else {
        format!("{ms:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let hundred: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&hundred, 50.0), Some(50));
        assert_eq!(percentile(&hundred, 99.0), Some(99));
        assert_eq!(percentile(&hundred, 99.5), Some(100));
        assert_eq!(percentile(&hundred, 100.0), Some(100));
        assert_eq!(percentile(&hundred, 0.0), Some(1));

        let ten: Vec<u64> = (1..=10).map(|i| i * 10).collect();
        // 99 % of 10 samples is 9.9, so the 10th (the max) is the p99.
        assert_eq!(percentile(&ten, 99.0), Some(100));
        assert_eq!(percentile(&ten, 50.0), Some(50));

        assert_eq!(percentile(&[7], 50.0), Some(7));
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn summary_sorts_and_converts_to_milliseconds() {
        let mut nanos = vec![3_000_000, 1_000_000, 2_000_000];
        let s = LatencySummary::from_nanos(&mut nanos);
        assert_eq!((s.samples, s.p50_ms, s.p99_ms, s.max_ms), (3, 2.0, 3.0, 3.0));
    }
}
