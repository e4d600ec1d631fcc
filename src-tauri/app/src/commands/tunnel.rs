use hookscope_core::tunnel::{down_since, downtime_windows, TunnelLogEntry};
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::error::{ErrorCode, IpcError};
use crate::listener::ListenerStatus;
use crate::state::AppState;
use crate::tunnel::{self, TunnelSettings, TunnelView};

/// A span when the tunnel was down although it was on; `to_ms` null while still down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DowntimeWindow {
    #[ts(type = "number")]
    pub from_ms: i64,
    #[ts(type = "number | null")]
    pub to_ms: Option<i64>,
}

#[tauri::command]
pub async fn tunnel_view(state: State<'_, AppState>) -> Result<TunnelView, IpcError> {
    Ok(tunnel::view(&state).await)
}

#[tauri::command]
pub async fn tunnel_start(app: AppHandle, state: State<'_, AppState>) -> Result<TunnelView, IpcError> {
    let ListenerStatus::Running { port, .. } = state.listener.status().await else {
        return Err(IpcError::new(ErrorCode::InvalidInput, "start the local listener first"));
    };
    tunnel::start(&app, std::net::SocketAddr::from(([127, 0, 0, 1], port))).await;
    Ok(tunnel::view(&state).await)
}

#[tauri::command]
pub async fn tunnel_stop(app: AppHandle, state: State<'_, AppState>) -> Result<TunnelView, IpcError> {
    tunnel::stop(&app).await;
    Ok(tunnel::view(&state).await)
}

#[tauri::command]
pub async fn set_tunnel_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    settings: TunnelSettings,
) -> Result<TunnelView, IpcError> {
    let path = settings.webhook_path.trim();
    if !path.starts_with('/') {
        return Err(IpcError::new(ErrorCode::InvalidInput, "the webhook path starts with /, e.g. /webhooks/self"));
    }
    if let Some(url) = settings.manual_url.as_deref().filter(|u| !u.trim().is_empty()) {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(IpcError::new(ErrorCode::InvalidInput, "a public URL starts with https://"));
        }
    }
    let clean = TunnelSettings {
        domain: settings.domain.map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()),
        webhook_path: path.to_owned(),
        manual_url: settings.manual_url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()),
    };
    tunnel::save_settings(&state.inspector, &clean).await?;
    tunnel::emit_view(&app).await;
    Ok(tunnel::view(&state).await)
}

#[tauri::command]
pub async fn set_ngrok_token(
    app: AppHandle,
    state: State<'_, AppState>,
    token: Option<String>,
) -> Result<TunnelView, IpcError> {
    {
        let vault = state.vault.lock().map_err(|_| IpcError::new(ErrorCode::Store, "the secrets are busy"))?;
        let token = token.as_deref().map(str::trim).filter(|t| !t.is_empty());
        vault
            .set_token(token)
            .map_err(|e| IpcError::new(ErrorCode::Store, hookscope_core::capture::error_chain(&e)))?;
    }
    tunnel::emit_view(&app).await;
    Ok(tunnel::view(&state).await)
}

#[tauri::command]
pub async fn tunnel_downtime(state: State<'_, AppState>) -> Result<Vec<DowntimeWindow>, IpcError> {
    let log: Vec<TunnelLogEntry> = state.inspector.store().tunnel_log(10_000).await?;
    let mut windows: Vec<DowntimeWindow> = downtime_windows(&log)
        .into_iter()
        .map(|(from_ms, to_ms)| DowntimeWindow { from_ms, to_ms: Some(to_ms) })
        .collect();
    if let Some(from_ms) = down_since(&log) {
        windows.push(DowntimeWindow { from_ms, to_ms: None });
    }
    Ok(windows)
}
