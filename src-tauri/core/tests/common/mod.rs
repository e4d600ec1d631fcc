//! Shared set-up for the core's integration tests: a real SQLite file in a
//! temp dir and a real listener on 127.0.0.1, port 0.
#![allow(dead_code)]

use std::net::SocketAddr;

use hookscope_core::{Clock, Inspector, InspectorConfig, Listener};

pub struct Harness {
    pub inspector: Inspector,
    pub listener: Listener,
    pub clock: Clock,
    pub dir: tempfile::TempDir,
}

/// 2026-11-26T08:30:12.345Z
pub const T0: i64 = 1_795_681_812_345;

impl Harness {
    pub async fn start() -> Harness {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(configure: impl FnOnce(&mut InspectorConfig)) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let clock = Clock::manual(T0);
        let mut config = InspectorConfig::new(dir.path().join("hookscope.sqlite"));
        config.clock = clock.clone();
        config.id_seed = Some(1);
        configure(&mut config);
        let inspector = Inspector::open(config).unwrap();
        let listener = inspector.listen(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
        Harness { inspector, listener, clock, dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.listener.local_addr())
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}
