//! What every phase shares: the two runtimes, the settings, where stores go.

use std::net::SocketAddr;
use std::path::PathBuf;

use tokio::runtime::{Builder, Runtime};

use crate::load::{self, LoadReport, Plan};
use crate::payload::DeliveryMaker;
use crate::settings::Settings;

pub struct Harness {
    /// Runs every server under test (Hookscope's listener and the baseline), built the same way.
    pub servers: Runtime,
    /// Runs the load generator, apart so it never shares worker threads with a server.
    load: Runtime,
    pub settings: Settings,
    /// Where each phase's temporary store directory is made.
    pub temp_root: PathBuf,
}

impl Harness {
    pub fn new(settings: Settings) -> anyhow::Result<Harness> {
        let runtime = |name: &str| Builder::new_multi_thread().thread_name(name).enable_all().build();
        Ok(Harness {
            servers: runtime("bench-server")?,
            load: runtime("bench-load")?,
            settings,
            temp_root: std::env::temp_dir(),
        })
    }

    /// Runs `work` on the load generator's runtime (apart from the servers').
    pub fn on_load<F: std::future::Future>(&self, work: F) -> F::Output {
        self.load.block_on(work)
    }

    /// Drives `addr` as `plan` says; `tag` keeps this run's delivery ids apart from others'.
    pub fn drive(&self, addr: SocketAddr, plan: Plan, tag: u32) -> anyhow::Result<LoadReport> {
        let maker = DeliveryMaker::new(tag)?;
        self.load.block_on(load::run(addr, self.settings.connections, plan, maker))
    }
}
