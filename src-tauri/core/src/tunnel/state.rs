//! The tunnel's state and the pure state machine that moves it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::TunnelError;

/// What the public tunnel is doing, as shown by the front ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TunnelState {
    /// Not running: never started, or stopped by the developer.
    Off,
    /// Opening the session and the endpoint for the first time.
    Connecting,
    /// Deliveries sent to `url` reach the local listener.
    Online { url: String },
    /// The connection to ngrok dropped; the agent is reconnecting. `url` is the
    /// address that was online, if the endpoint had been opened.
    Reconnecting { url: Option<String> },
    /// The tunnel gave up. `reason` is one sentence for the developer; `code` is
    /// ngrok's `ERR_NGROK_…` code when ngrok gave one.
    Failed { reason: String, code: Option<String> },
}

/// The kind of a [`TunnelState`], without its data (the continuity log stores it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TunnelStateKind {
    Off,
    Connecting,
    Online,
    Reconnecting,
    Failed,
}

impl TunnelStateKind {
    /// The snake_case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            TunnelStateKind::Off => "off",
            TunnelStateKind::Connecting => "connecting",
            TunnelStateKind::Online => "online",
            TunnelStateKind::Reconnecting => "reconnecting",
            TunnelStateKind::Failed => "failed",
        }
    }

    /// The inverse of [`as_str`](Self::as_str).
    pub fn parse(name: &str) -> Option<TunnelStateKind> {
        Some(match name {
            "off" => TunnelStateKind::Off,
            "connecting" => TunnelStateKind::Connecting,
            "online" => TunnelStateKind::Online,
            "reconnecting" => TunnelStateKind::Reconnecting,
            "failed" => TunnelStateKind::Failed,
            _ => return None,
        })
    }
}

impl TunnelState {
    pub fn kind(&self) -> TunnelStateKind {
        match self {
            TunnelState::Off => TunnelStateKind::Off,
            TunnelState::Connecting => TunnelStateKind::Connecting,
            TunnelState::Online { .. } => TunnelStateKind::Online,
            TunnelState::Reconnecting { .. } => TunnelStateKind::Reconnecting,
            TunnelState::Failed { .. } => TunnelStateKind::Failed,
        }
    }

    /// The public URL, when one is (or was, while reconnecting) online.
    pub fn url(&self) -> Option<&str> {
        match self {
            TunnelState::Online { url } => Some(url),
            TunnelState::Reconnecting { url } => url.as_deref(),
            _ => None,
        }
    }

    /// Whether a session is running (connecting, online or reconnecting).
    pub fn is_active(&self) -> bool {
        matches!(self, TunnelState::Connecting | TunnelState::Online { .. } | TunnelState::Reconnecting { .. })
    }
}

/// What happens to the tunnel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TunnelEvent {
    /// The developer turned the tunnel on.
    ConnectRequested,
    /// The endpoint is open at this URL (first time, or after a restart).
    Connected(String),
    /// The connection to ngrok dropped or stopped answering.
    Disconnected,
    /// The session is back and the endpoint answers again at this URL.
    Reconnected(String),
    /// The tunnel gave up.
    Failed(TunnelError),
    /// The developer turned the tunnel off.
    StopRequested,
}

/// The state after `event`. Events that make no sense in `state` (a late
/// `Connected` after a stop, a second failure) leave it unchanged.
pub fn next(state: TunnelState, event: TunnelEvent) -> TunnelState {
    use TunnelEvent as E;
    use TunnelState as S;
    match (state, event) {
        (_, E::StopRequested) => S::Off,
        (S::Off | S::Failed { .. }, E::ConnectRequested) => S::Connecting,
        (S::Connecting | S::Online { .. } | S::Reconnecting { .. }, E::Connected(url) | E::Reconnected(url)) => {
            S::Online { url }
        }
        (S::Online { url }, E::Disconnected) => S::Reconnecting { url: Some(url) },
        (S::Connecting, E::Disconnected) => S::Reconnecting { url: None },
        (S::Connecting | S::Online { .. } | S::Reconnecting { .. }, E::Failed(error)) => {
            S::Failed { reason: error.sentence(), code: error.code().map(str::to_owned) }
        }
        (state, _) => state,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tunnel::error::TunnelErrorKind;

    const URL: &str = "https://abc.ngrok.app";

    fn online() -> TunnelState {
        TunnelState::Online { url: URL.into() }
    }

    fn failed() -> TunnelState {
        TunnelState::Failed { reason: "earlier".into(), code: None }
    }

    fn reconnecting() -> TunnelState {
        TunnelState::Reconnecting { url: Some(URL.into()) }
    }

    fn all_states() -> Vec<TunnelState> {
        vec![TunnelState::Off, TunnelState::Connecting, online(), reconnecting(), failed()]
    }

    fn limit() -> TunnelError {
        TunnelError::classify(Some("ERR_NGROK_108"), "too many sessions")
    }

    #[test]
    fn connect_requested_starts_from_off_and_failed_only() {
        assert_eq!(next(TunnelState::Off, TunnelEvent::ConnectRequested), TunnelState::Connecting);
        assert_eq!(next(failed(), TunnelEvent::ConnectRequested), TunnelState::Connecting);
        for state in [TunnelState::Connecting, online(), reconnecting()] {
            assert_eq!(next(state.clone(), TunnelEvent::ConnectRequested), state);
        }
    }

    #[test]
    fn connected_goes_online_from_every_running_state() {
        let to = "https://new.ngrok.app".to_owned();
        for state in [TunnelState::Connecting, online(), reconnecting(), TunnelState::Reconnecting { url: None }] {
            assert_eq!(next(state, TunnelEvent::Connected(to.clone())), TunnelState::Online { url: to.clone() });
        }
    }

    #[test]
    fn late_connected_after_stop_or_failure_is_ignored() {
        for state in [TunnelState::Off, failed()] {
            assert_eq!(next(state.clone(), TunnelEvent::Connected(URL.into())), state);
            assert_eq!(next(state.clone(), TunnelEvent::Reconnected(URL.into())), state);
        }
    }

    #[test]
    fn disconnected_keeps_the_url_while_reconnecting() {
        assert_eq!(next(online(), TunnelEvent::Disconnected), reconnecting());
        assert_eq!(next(TunnelState::Connecting, TunnelEvent::Disconnected), TunnelState::Reconnecting { url: None });
        for state in [TunnelState::Off, reconnecting(), failed()] {
            assert_eq!(next(state.clone(), TunnelEvent::Disconnected), state);
        }
    }

    #[test]
    fn reconnected_goes_back_online() {
        assert_eq!(next(reconnecting(), TunnelEvent::Reconnected(URL.into())), online());
        assert_eq!(next(online(), TunnelEvent::Reconnected(URL.into())), online());
        assert_eq!(next(TunnelState::Connecting, TunnelEvent::Reconnected(URL.into())), online());
    }

    #[test]
    fn failed_keeps_the_sentence_and_the_code() {
        let expected = TunnelState::Failed { reason: limit().sentence(), code: Some("ERR_NGROK_108".into()) };
        for state in [TunnelState::Connecting, online(), reconnecting()] {
            assert_eq!(next(state, TunnelEvent::Failed(limit())), expected);
        }
    }

    #[test]
    fn failure_after_stop_or_failure_is_ignored() {
        assert_eq!(next(TunnelState::Off, TunnelEvent::Failed(limit())), TunnelState::Off);
        assert_eq!(next(failed(), TunnelEvent::Failed(limit())), failed());
    }

    #[test]
    fn stop_turns_every_state_off() {
        for state in all_states() {
            assert_eq!(next(state, TunnelEvent::StopRequested), TunnelState::Off);
        }
    }

    #[test]
    fn missing_token_fails_with_code_none() {
        let state = next(TunnelState::Connecting, TunnelEvent::Failed(TunnelError::no_token()));
        let TunnelState::Failed { reason, code } = state else { panic!("not failed") };
        assert_eq!(code, None);
        assert!(reason.contains("https://dashboard.ngrok.com/get-started/your-authtoken"));
        assert_eq!(TunnelError::no_token().kind(), TunnelErrorKind::NoToken);
    }

    #[test]
    fn states_serialize_tagged_snake_case() {
        let json = |s: &TunnelState| serde_json::to_string(s).unwrap();
        assert_eq!(json(&TunnelState::Off), r#"{"state":"off"}"#);
        assert_eq!(json(&online()), r#"{"state":"online","url":"https://abc.ngrok.app"}"#);
        assert_eq!(json(&TunnelState::Reconnecting { url: None }), r#"{"state":"reconnecting","url":null}"#);
        assert_eq!(
            json(&TunnelState::Failed { reason: "r".into(), code: Some("ERR_NGROK_105".into()) }),
            r#"{"state":"failed","reason":"r","code":"ERR_NGROK_105"}"#
        );
        for state in all_states() {
            assert_eq!(serde_json::from_str::<TunnelState>(&json(&state)).unwrap(), state);
        }
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for state in all_states() {
            let kind = state.kind();
            assert_eq!(TunnelStateKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(TunnelStateKind::parse("up"), None);
    }

    #[test]
    fn url_and_activity() {
        assert_eq!(online().url(), Some(URL));
        assert_eq!(reconnecting().url(), Some(URL));
        assert_eq!(TunnelState::Reconnecting { url: None }.url(), None);
        assert_eq!(failed().url(), None);
        assert!(TunnelState::Connecting.is_active() && online().is_active() && reconnecting().is_active());
        assert!(!TunnelState::Off.is_active() && !failed().is_active());
    }
}
