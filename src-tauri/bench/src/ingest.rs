//! Figure 1: sustained ingest over 64 keep-alive connections, Hookscope
//! (verify, store, commit, then answer) beside a bare handler that only reads.
//! Measured in rounds (see `rounds`); the round with the median share is reported.

use serde::Serialize;

use crate::harness::Harness;
use crate::load::{LoadReport, Plan};
use crate::rounds::{self, ROUNDS};
use crate::servers::{start_bare, Hookscope};

#[derive(Debug, Serialize)]
pub struct Ingest {
    pub rounds: Vec<Round>,
}

#[derive(Debug, Serialize)]
pub struct Round {
    pub bare: LoadReport,
    pub hookscope: LoadReport,
    /// Rows in this round's fresh store afterwards: every 200, less what retention
    /// pruned beyond its default cap of the newest 100,000, as in the app.
    pub stored: u64,
}

pub fn run(h: &Harness) -> anyhow::Result<Ingest> {
    let plan = Plan::Timed { warmup: h.settings.warmup, measure: h.settings.ingest };
    let mut rounds = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS as u32 {
        let bare_listener = start_bare(&h.servers)?;
        let bare = h.drive(bare_listener.local_addr(), plan, 0x1001 + 0x10 * round)?;
        drop(bare_listener);

        // A fresh store each round, so every round starts from the same state.
        let hookscope = Hookscope::start(&h.servers, &h.temp_root)?;
        let measured = h.drive(hookscope.addr()?, plan, 0x1002 + 0x10 * round)?;
        let stored = h.servers.block_on(hookscope.inspector.store().count())?;
        rounds.push(Round { bare, hookscope: measured, stored });
    }
    Ok(Ingest { rounds })
}

impl Ingest {
    /// The round whose share of bare is the median.
    pub fn median(&self) -> Option<&Round> {
        rounds::median_by(&self.rounds, Round::ratio)
    }

    /// The lowest and highest share of bare over the rounds.
    pub fn share_range(&self) -> Option<(f64, f64)> {
        rounds::range_by(&self.rounds, Round::ratio)
    }
}

impl Round {
    /// Hookscope's rate as a share of the bare handler's.
    pub fn ratio(&self) -> f64 {
        if self.bare.per_second > 0.0 {
            self.hookscope.per_second / self.bare.per_second
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::latency::LatencySummary;

    fn rate(per_second: f64) -> LoadReport {
        LoadReport {
            per_second,
            window_s: 10.0,
            latency: LatencySummary::default(),
            ok: 0,
            non_200: 0,
            failed: 0,
            late_sends: 0,
        }
    }

    fn round(bare: f64, hookscope: f64) -> Round {
        Round { bare: rate(bare), hookscope: rate(hookscope), stored: 0 }
    }

    #[test]
    fn the_round_with_the_median_share_is_reported_with_the_range() {
        let ingest =
            Ingest { rounds: vec![round(40_000.0, 12_000.0), round(50_000.0, 10_000.0), round(30_000.0, 15_000.0)] };
        let median = ingest.median().unwrap();
        assert_eq!((median.bare.per_second, median.hookscope.per_second), (40_000.0, 12_000.0));
        assert_eq!(ingest.share_range(), Some((0.2, 0.5)));
    }

    #[test]
    fn no_rounds_no_median_and_a_dead_baseline_is_a_zero_share() {
        assert!(Ingest { rounds: Vec::new() }.median().is_none());
        assert!(Ingest { rounds: Vec::new() }.share_range().is_none());
        assert_eq!(round(0.0, 12_000.0).ratio(), 0.0);
        let two = Ingest { rounds: vec![round(10.0, 5.0), round(10.0, 2.0)] };
        assert_eq!(two.median().unwrap().hookscope.per_second, 2.0);
    }
}
