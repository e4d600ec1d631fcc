//! Figure 2: how long a sender waits for its 2xx at a steady, modest rate
//! (open loop), Hookscope beside the bare handler.

use serde::Serialize;

use crate::harness::Harness;
use crate::load::{LoadReport, Plan};
use crate::servers::{start_bare, Hookscope};

#[derive(Debug, Serialize)]
pub struct Ack {
    pub rate: f64,
    pub bare: LoadReport,
    pub hookscope: LoadReport,
}

pub fn run(h: &Harness) -> anyhow::Result<Ack> {
    let plan = Plan::Paced { rate: h.settings.rate, measure: h.settings.ack };

    let bare_listener = start_bare(&h.servers)?;
    let bare = h.drive(bare_listener.local_addr(), plan, 0x2001)?;
    drop(bare_listener);

    let hookscope = Hookscope::start(&h.servers, &h.temp_root)?;
    let measured = h.drive(hookscope.addr()?, plan, 0x2002)?;
    Ok(Ack { rate: h.settings.rate, bare, hookscope: measured })
}
