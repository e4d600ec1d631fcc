//! The servers under load: Hookscope's listener and the bare baseline.
//!
//! Both are served by the core's own [`Listener`] (the same hyper connection
//! settings, on the same server runtime), so the only difference measured is
//! the handler: read the body and answer, or verify, store and commit first.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use anyhow::Context as _;
use axum::http::StatusCode;
use axum::Router;
use bytes::Bytes;
use hookscope_core::signing::SigningConfig;
use hookscope_core::verify::VerifySettings;
use hookscope_core::{Inspector, InspectorConfig, Listener, DB_FILE};
use tempfile::TempDir;
use tokio::runtime::Runtime;

use crate::payload::{secret, SECRET};

pub fn loopback_any_port() -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, 0))
}

/// The baseline: reads the whole body, stores nothing, answers 200.
fn bare_router() -> Router {
    Router::new().fallback(|body: Bytes| async move {
        // Keeps the read body observably used, so the read cannot be optimised away.
        std::hint::black_box(body.len());
        StatusCode::OK
    })
}

pub fn start_bare(servers: &Runtime) -> anyhow::Result<Listener> {
    servers.block_on(Listener::bind(loopback_any_port(), bare_router())).context("cannot start the bare listener")
}

/// Hookscope with its own fresh store, verifying with the bench secret.
pub struct Hookscope {
    // Field order is drop order: stop listening, close the store, then delete its files.
    pub listener: Option<Listener>,
    pub inspector: Inspector,
    dir: TempDir,
}

impl Hookscope {
    pub fn start(servers: &Runtime, temp_root: &Path) -> anyhow::Result<Hookscope> {
        let dir = tempfile::Builder::new().prefix("hookscope-bench-").tempdir_in(temp_root)?;
        let mut config = InspectorConfig::new(dir.path().join(DB_FILE));
        config.signing = SigningConfig { secrets: vec![secret(SECRET)?], settings: VerifySettings::default() };
        let inspector = Inspector::open(config).context("cannot open a Hookscope store")?;
        let listener =
            servers.block_on(inspector.listen(loopback_any_port())).context("cannot start Hookscope's listener")?;
        Ok(Hookscope { listener: Some(listener), inspector, dir })
    }

    pub fn addr(&self) -> anyhow::Result<SocketAddr> {
        self.listener.as_ref().map(Listener::local_addr).context("the listener was already stopped")
    }

    pub fn db_path(&self) -> std::path::PathBuf {
        self.dir.path().join(DB_FILE)
    }
}
