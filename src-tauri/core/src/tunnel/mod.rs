//! The built-in public tunnel: an ngrok agent session (the `ngrok` crate, no
//! external binary) that exposes the local listener at a public URL, so
//! providers can deliver webhooks to Hookscope.
//!
//! - [`Tunnel`] runs the session in a task and reports every [`TunnelState`]
//!   change; it never touches the local listener, which keeps capturing
//!   whatever the tunnel does.
//! - [`next`] is the pure state machine behind it; [`TunnelError`] maps ngrok's
//!   failures (`ERR_NGROK_…`) to one sentence each.
//! - [`TunnelLogEntry`], [`url_changed`], [`downtime_windows`] and [`down_since`]
//!   support the continuity log the front end keeps.
//! - [`webhook_url`] builds the URL to register at the provider.

mod error;
mod log;
mod run;
mod state;
mod url;

use std::fmt;
use std::net::SocketAddr;

pub use error::{TunnelError, TunnelErrorKind, AUTHTOKEN_URL};
pub use log::{down_since, downtime_windows, url_changed, TunnelLogEntry};
pub use run::{Tunnel, CONNECT_TIMEOUT};
pub use state::{next, TunnelEvent, TunnelState, TunnelStateKind};
pub use url::webhook_url;

/// What the tunnel needs to start.
#[derive(Clone)]
pub struct TunnelConfig {
    /// The ngrok authtoken; `None` (or blank) fails at once with where to get one.
    pub authtoken: Option<String>,
    /// A domain reserved on the ngrok account; `None` uses the account's own address.
    pub domain: Option<String>,
    /// The local listener to expose (an unspecified address means loopback).
    pub local: SocketAddr,
}

/// Hand-written so the authtoken never reaches a log.
impl fmt::Debug for TunnelConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TunnelConfig")
            .field("authtoken", &self.authtoken.as_ref().map(|_| "********"))
            .field("domain", &self.domain)
            .field("local", &self.local)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::TunnelConfig;

    #[test]
    fn debug_hides_the_authtoken() {
        let config = TunnelConfig {
            authtoken: Some("2xyzSECRETtoken".into()),
            domain: Some("a.ngrok.app".into()),
            local: "127.0.0.1:8080".parse().unwrap(),
        };
        let debug = format!("{config:?}");
        assert!(!debug.contains("SECRET"), "{debug}");
        assert!(debug.contains("********") && debug.contains("a.ngrok.app") && debug.contains("127.0.0.1:8080"));
        let none = format!("{:?}", TunnelConfig { authtoken: None, ..config });
        assert!(none.contains("authtoken: None"), "{none}");
    }
}
