//! Delivery ids: ULIDs (26 characters of Crockford base32) that sort by arrival.
//!
//! The store's single writer mints them in commit order, so ids are strictly
//! increasing even when the clock stalls or steps back. Randomness comes from a
//! seedable generator, so tests get exact ids.

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_BITS: u32 = 80;
const RANDOM_MASK: u128 = (1 << RANDOM_BITS) - 1;
const TIME_MASK: u64 = (1 << 48) - 1;

/// Mints strictly increasing ULIDs.
pub struct IdMinter {
    rng: fastrand::Rng,
    last: u128,
}

impl IdMinter {
    /// A minter seeded from the operating system's entropy.
    pub fn new() -> Self {
        Self::with_rng(fastrand::Rng::new())
    }

    /// A minter whose ids are fully determined by `seed` and the timestamps given.
    pub fn seeded(seed: u64) -> Self {
        Self::with_rng(fastrand::Rng::with_seed(seed))
    }

    fn with_rng(rng: fastrand::Rng) -> Self {
        IdMinter { rng, last: 0 }
    }

    /// The next id for something received at `millis` (epoch milliseconds).
    pub fn mint(&mut self, millis: i64) -> String {
        let time = u64::try_from(millis).unwrap_or(0) & TIME_MASK;
        let random = self.rng.u128(..) & RANDOM_MASK;
        let mut value = (u128::from(time) << RANDOM_BITS) | random;
        if value <= self.last {
            // Same millisecond (or a clock that stepped back): keep order by
            // counting up from the last id, as the ULID spec's monotonic mode does.
            value = self.last.wrapping_add(1);
        }
        self.last = value;
        encode(value)
    }
}

impl Default for IdMinter {
    fn default() -> Self {
        Self::new()
    }
}

fn encode(mut value: u128) -> String {
    let mut out = [b'0'; 26];
    for slot in out.iter_mut().rev() {
        // The index is `value & 31`, always below 32: in range of CROCKFORD.
        *slot = CROCKFORD[(value & 31) as usize];
        value >>= 5;
    }
    out.iter().map(|&b| char::from(b)).collect()
}

/// Whether `text` has the shape of an id minted here (26 Crockford characters).
pub fn looks_like_id(text: &str) -> bool {
    text.len() == 26 && text.bytes().all(|b| CROCKFORD.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_time_and_stay_increasing_within_a_millisecond() {
        let mut minter = IdMinter::seeded(7);
        let a = minter.mint(1_000);
        let b = minter.mint(1_000);
        let c = minter.mint(999); // the clock stepped back
        let d = minter.mint(2_000);
        assert!(a < b && b < c && c < d, "{a} {b} {c} {d}");
        assert!([&a, &b, &c, &d].iter().all(|id| looks_like_id(id)));
    }

    #[test]
    fn the_time_part_is_the_ulid_timestamp() {
        let mut minter = IdMinter::seeded(1);
        // 1_469_918_176_385 ms is "01ARYZ6S41" in the ULID spec's example.
        assert!(minter.mint(1_469_918_176_385).starts_with("01ARYZ6S41"));
    }

    #[test]
    fn a_seed_fixes_the_ids() {
        let mut a = IdMinter::seeded(42);
        let mut b = IdMinter::seeded(42);
        assert_eq!(a.mint(5), b.mint(5));
    }
}
