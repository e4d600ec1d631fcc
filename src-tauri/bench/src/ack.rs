//! Figure 2: how long a sender waits for its 2xx at a steady, modest rate
//! (open loop), Hookscope beside the bare handler.
//!
//! Measured in rounds (see `rounds`): a p99 over 10 s hangs on the few slowest
//! answers, which this shared machine's stalls move most of all. The round with
//! the median Hookscope p99 is reported, beside that round's bare handler.

use serde::Serialize;

use crate::harness::Harness;
use crate::load::{LoadReport, Plan};
use crate::rounds::{self, ROUNDS};
use crate::servers::{start_bare, Hookscope};

#[derive(Debug, Serialize)]
pub struct Ack {
    pub rate: f64,
    pub rounds: Vec<Round>,
}

#[derive(Debug, Serialize)]
pub struct Round {
    pub bare: LoadReport,
    pub hookscope: LoadReport,
}

pub fn run(h: &Harness) -> anyhow::Result<Ack> {
    let plan = Plan::Paced { rate: h.settings.rate, measure: h.settings.ack };
    let mut measured = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS as u32 {
        let bare_listener = start_bare(&h.servers)?;
        let bare = h.drive(bare_listener.local_addr(), plan, 0x2001 + 0x10 * round)?;
        drop(bare_listener);

        // A fresh store each round, so every round starts from the same state.
        let hookscope = Hookscope::start(&h.servers, &h.temp_root)?;
        let paced = h.drive(hookscope.addr()?, plan, 0x2002 + 0x10 * round)?;
        measured.push(Round { bare, hookscope: paced });
    }
    Ok(Ack { rate: h.settings.rate, rounds: measured })
}

impl Ack {
    /// The round whose Hookscope p99 is the median.
    pub fn median(&self) -> Option<&Round> {
        rounds::median_by(&self.rounds, Round::p99_ms)
    }

    /// The lowest and highest Hookscope p99 over the rounds.
    pub fn p99_range(&self) -> Option<(f64, f64)> {
        rounds::range_by(&self.rounds, Round::p99_ms)
    }
}

impl Round {
    fn p99_ms(&self) -> f64 {
        self.hookscope.latency.p99_ms
    }
}
