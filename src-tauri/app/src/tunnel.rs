//! The desktop app's public URL: the ngrok tunnel (or a URL entered by hand),
//! the webhook URL to register, and the continuity log behind the stale-URL warning.

use std::net::SocketAddr;
use std::sync::Mutex;

use hookscope_core::tunnel::{url_changed, webhook_url, Tunnel, TunnelConfig, TunnelLogEntry, TunnelState};
use hookscope_core::Inspector;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager};
use ts_rs::TS;

use crate::events::TUNNEL_CHANGED;
use crate::state::AppState;

const SETTINGS_KEY: &str = "tunnel.settings";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TunnelSettings {
    /// A domain reserved on the ngrok account, so the registered URL survives restarts.
    pub domain: Option<String>,
    /// The path registered at the provider, e.g. `/webhooks/self`.
    pub webhook_path: String,
    /// A public URL from elsewhere (another tunnel, a deployed proxy), used when the tunnel is off.
    pub manual_url: Option<String>,
}

impl Default for TunnelSettings {
    fn default() -> Self {
        TunnelSettings { domain: None, webhook_path: "/webhooks/self".into(), manual_url: None }
    }
}

/// The public URL changed since it was last online: what is registered at the provider is stale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StaleUrl {
    pub previous: String,
    pub current: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TunnelView {
    pub state: TunnelState,
    /// The tunnel's URL while online, else the manual URL.
    pub public_url: Option<String>,
    /// `public_url` + the webhook path: what to register at the provider.
    pub webhook_url: Option<String>,
    pub settings: TunnelSettings,
    /// Whether an authtoken is available (saved, or `NGROK_AUTHTOKEN`).
    pub has_token: bool,
    pub stale_url: Option<StaleUrl>,
}

/// The running tunnel, and what the window shows about it.
#[derive(Default)]
pub struct TunnelSlot {
    running: tokio::sync::Mutex<Option<Tunnel>>,
    state: Mutex<Option<TunnelState>>,
    stale: Mutex<Option<StaleUrl>>,
    /// The URL online before this tunnel came up (from the log), to detect a change.
    previous_url: Mutex<Option<Option<String>>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Plain values, valid even if a holder panicked.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

pub async fn settings(inspector: &Inspector) -> TunnelSettings {
    match inspector.store().setting(SETTINGS_KEY).await {
        Ok(Some(json)) => serde_json::from_str(&json).unwrap_or_default(),
        _ => TunnelSettings::default(),
    }
}

pub async fn save_settings(inspector: &Inspector, settings: &TunnelSettings) -> Result<(), hookscope_core::StoreError> {
    let json = serde_json::to_string(settings).map_err(hookscope_core::StoreError::Encode)?;
    inspector.store().set_setting(SETTINGS_KEY, &json).await
}

/// The authtoken: `NGROK_AUTHTOKEN`, else the saved one.
pub fn token(state: &AppState) -> Option<String> {
    std::env::var("NGROK_AUTHTOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| state.vault.lock().ok().and_then(|vault| vault.token().ok().flatten()))
}

pub async fn view(state: &AppState) -> TunnelView {
    let settings = settings(&state.inspector).await;
    let tunnel_state = lock(&state.tunnel.state).clone().unwrap_or(TunnelState::Off);
    let public_url = tunnel_state.url().map(str::to_owned).or_else(|| settings.manual_url.clone());
    TunnelView {
        webhook_url: public_url.as_deref().map(|url| webhook_url(url, &settings.webhook_path)),
        public_url,
        has_token: token(state).is_some(),
        stale_url: lock(&state.tunnel.stale).clone(),
        state: tunnel_state,
        settings,
    }
}

pub async fn emit_view(app: &AppHandle) {
    let view = view(&app.state::<AppState>()).await;
    let _ = app.emit(TUNNEL_CHANGED, &view);
}

/// Starts the tunnel to the running listener; each state change is logged and shown.
pub async fn start(app: &AppHandle, local: SocketAddr) {
    let state = app.state::<AppState>();
    let mut running = state.tunnel.running.lock().await;
    if let Some(old) = running.take() {
        old.stop().await;
    }
    let previous = state.inspector.store().last_online_url().await.ok().flatten();
    *lock(&state.tunnel.previous_url) = Some(previous);
    let settings = settings(&state.inspector).await;
    let config = TunnelConfig { authtoken: token(&state), domain: settings.domain.clone(), local };
    let handle = app.clone();
    let tunnel = Tunnel::start(config, move |new_state| {
        let handle = handle.clone();
        tauri::async_runtime::spawn(async move { on_change(&handle, new_state).await });
    })
    .await;
    *running = Some(tunnel);
}

pub async fn stop(app: &AppHandle) {
    let state = app.state::<AppState>();
    let tunnel = state.tunnel.running.lock().await.take();
    if let Some(tunnel) = tunnel {
        tunnel.stop().await;
    }
}

async fn on_change(app: &AppHandle, new_state: TunnelState) {
    let state = app.state::<AppState>();
    let now = state.inspector.clock().now_ms();
    if let Err(error) = state.inspector.store().record_tunnel(TunnelLogEntry::new(now, &new_state)).await {
        tracing::warn!(error = %hookscope_core::capture::error_chain(&error), "could not log the tunnel state");
    }
    if let TunnelState::Online { url } = &new_state {
        let previous = lock(&state.tunnel.previous_url).clone().flatten();
        if url_changed(previous.as_deref(), url) {
            *lock(&state.tunnel.stale) =
                Some(StaleUrl { previous: previous.unwrap_or_default(), current: url.clone() });
        }
    }
    *lock(&state.tunnel.state) = Some(new_state);
    emit_view(app).await;
}
