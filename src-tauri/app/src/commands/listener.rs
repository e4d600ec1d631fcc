use tauri::{AppHandle, Emitter, State};

use crate::error::{ErrorCode, IpcError};
use crate::events::LISTENER_CHANGED;
use crate::listener::ListenerStatus;
use crate::state::AppState;

#[tauri::command]
pub async fn listener_status(state: State<'_, AppState>) -> Result<ListenerStatus, IpcError> {
    Ok(state.listener.status().await)
}

#[tauri::command]
pub async fn start_listener(app: AppHandle, state: State<'_, AppState>, port: u16) -> Result<ListenerStatus, IpcError> {
    if port == 0 {
        return Err(IpcError::new(ErrorCode::InvalidInput, "choose a port from 1 to 65535"));
    }
    let status = state.listener.start(&state.inspector, port).await;
    let _ = app.emit(LISTENER_CHANGED, &status);
    Ok(status)
}
