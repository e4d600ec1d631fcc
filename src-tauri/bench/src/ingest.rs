//! Figure 1: sustained ingest over 64 keep-alive connections, Hookscope
//! (verify, store, commit, then answer) beside a bare handler that only reads.

use serde::Serialize;

use crate::harness::Harness;
use crate::load::{LoadReport, Plan};
use crate::servers::{start_bare, Hookscope};

#[derive(Debug, Serialize)]
pub struct Ingest {
    pub bare: LoadReport,
    pub hookscope: LoadReport,
    /// Rows in Hookscope's store afterwards: every 200 should be one.
    pub stored: u64,
}

pub fn run(h: &Harness) -> anyhow::Result<Ingest> {
    let plan = Plan::Timed { warmup: h.settings.warmup, measure: h.settings.ingest };

    let bare_listener = start_bare(&h.servers)?;
    let bare = h.drive(bare_listener.local_addr(), plan, 0x1001)?;
    drop(bare_listener);

    let hookscope = Hookscope::start(&h.servers, &h.temp_root)?;
    let measured = h.drive(hookscope.addr()?, plan, 0x1002)?;
    let stored = h.servers.block_on(hookscope.inspector.store().count())?;
    Ok(Ingest { bare, hookscope: measured, stored })
}

impl Ingest {
    /// Hookscope's rate as a share of the bare handler's.
    pub fn ratio(&self) -> f64 {
        if self.bare.per_second > 0.0 {
            self.hookscope.per_second / self.bare.per_second
        } else {
            0.0
        }
    }
}
