//! Figures measured in rounds (the bare handler, then Hookscope, back to back),
//! reported by the round in the middle.
//!
//! On a shared 2-core machine the speed drifts within minutes: one build's ingest
//! rate ranged from 11,841 to 15,325/s over 11 runs, and the bare handler's ack
//! p99 from 0.31 to 3.85 ms over a day. One pair alone can make a change look a
//! sixth better or worse than it is; the middle of three is steadier, and the
//! range over the rounds says how far apart they were.

/// Rounds per figure; odd, so one round holds the median.
pub const ROUNDS: usize = 3;

/// The round whose `key` is the median (the lower middle for an even count).
pub fn median_by<T>(rounds: &[T], key: impl Fn(&T) -> f64) -> Option<&T> {
    let mut sorted: Vec<&T> = rounds.iter().collect();
    sorted.sort_by(|a, b| key(a).total_cmp(&key(b)));
    sorted.get(sorted.len().saturating_sub(1) / 2).copied()
}

/// The lowest and highest `key` over the rounds.
pub fn range_by<T>(rounds: &[T], key: impl Fn(&T) -> f64) -> Option<(f64, f64)> {
    let keys = || rounds.iter().map(&key);
    Some((keys().reduce(f64::min)?, keys().reduce(f64::max)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_round_and_the_range_follow_the_key() {
        let p99s = [6.5, 1.7, 2.4];
        assert_eq!(median_by(&p99s, |p| *p), Some(&2.4));
        assert_eq!(range_by(&p99s, |p| *p), Some((1.7, 6.5)));
    }

    #[test]
    fn no_rounds_have_no_median_and_two_take_the_lower() {
        assert!(median_by(&[] as &[f64], |p| *p).is_none());
        assert!(range_by(&[] as &[f64], |p| *p).is_none());
        assert_eq!(median_by(&[3.0, 2.0], |p| *p), Some(&2.0));
    }
}
