//! The desktop app's listener: which port it is on, and what went wrong if it is not.

use std::net::{Ipv4Addr, SocketAddr};

use hookscope_core::{Inspector, Listener};
use serde::Serialize;
use tokio::sync::Mutex;
use ts_rs::TS;

/// The default port; `HOOKSCOPE_PORT` or the saved setting override it.
pub const DEFAULT_PORT: u16 = 8790;
const PORT_SETTING: &str = "listener.port";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ListenerStatus {
    Starting { port: u16 },
    Running { url: String, port: u16 },
    Failed { port: u16, message: String },
}

/// The one running listener (or none), and its status.
pub struct ListenerSlot {
    inner: Mutex<(Option<Listener>, ListenerStatus)>,
}

impl ListenerSlot {
    pub fn new(port: u16) -> Self {
        ListenerSlot { inner: Mutex::new((None, ListenerStatus::Starting { port })) }
    }

    pub async fn status(&self) -> ListenerStatus {
        self.inner.lock().await.1.clone()
    }

    /// (Re)starts listening on 127.0.0.1:`port`; on success the port is saved for next time.
    pub async fn start(&self, inspector: &Inspector, port: u16) -> ListenerStatus {
        let mut slot = self.inner.lock().await;
        // Release the old socket first, so "start again on the same port" works.
        slot.0 = None;
        let status = match inspector.listen(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await {
            Ok(listener) => {
                let addr = listener.local_addr();
                slot.0 = Some(listener);
                if let Err(error) = inspector.store().set_setting(PORT_SETTING, &addr.port().to_string()).await {
                    tracing::warn!(error = %hookscope_core::capture::error_chain(&error), "could not save the port");
                }
                ListenerStatus::Running { url: format!("http://{addr}"), port: addr.port() }
            }
            Err(error) => ListenerStatus::Failed { port, message: error.to_string() },
        };
        slot.1 = status.clone();
        status
    }
}

/// The port to start on: `HOOKSCOPE_PORT`, else the last port that worked, else 8790.
pub async fn initial_port(inspector: &Inspector) -> u16 {
    if let Some(port) = std::env::var("HOOKSCOPE_PORT").ok().and_then(|p| p.trim().parse().ok()) {
        return port;
    }
    match inspector.store().setting(PORT_SETTING).await {
        Ok(Some(saved)) => saved.parse().unwrap_or(DEFAULT_PORT),
        _ => DEFAULT_PORT,
    }
}
