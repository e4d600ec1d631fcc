use hookscope_core::forward::ForwardSettings;
use hookscope_core::replay::{Edit, ReplayMode};
use hookscope_core::replays::{ReplayRecord, ReplaySettings};
use tauri::State;

use crate::error::{ErrorCode, IpcError};
use crate::state::AppState;

#[tauri::command]
pub async fn replay_settings(state: State<'_, AppState>) -> Result<ReplaySettings, IpcError> {
    Ok(state.inspector.replay_settings().await?)
}

#[tauri::command]
pub async fn set_replay_settings(
    state: State<'_, AppState>,
    settings: ReplaySettings,
) -> Result<ReplaySettings, IpcError> {
    Ok(state.inspector.set_replay_settings(settings).await?)
}

#[tauri::command]
pub async fn replay_delivery(
    state: State<'_, AppState>,
    id: String,
    target: Option<String>,
    mode: ReplayMode,
) -> Result<ReplayRecord, IpcError> {
    Ok(state.inspector.replay(&id, target, mode, None).await?)
}

#[tauri::command]
pub async fn replay_edited(
    state: State<'_, AppState>,
    id: String,
    target: Option<String>,
    body: String,
    headers: Vec<(String, String)>,
    resign: bool,
    new_message_id: bool,
) -> Result<ReplayRecord, IpcError> {
    if headers.iter().any(|(name, _)| name.trim().is_empty()) {
        return Err(IpcError::new(ErrorCode::InvalidInput, "every header needs a name"));
    }
    let edit = Edit {
        body: body.into_bytes().into(),
        headers: headers.into_iter().map(|(n, v)| (n.trim().to_ascii_lowercase(), v.into_bytes())).collect(),
    };
    let mode = ReplayMode::Edited { resign, new_message_id };
    Ok(state.inspector.replay(&id, target, mode, Some(edit)).await?)
}

#[tauri::command]
pub async fn replays_of(state: State<'_, AppState>, id: String) -> Result<Vec<ReplayRecord>, IpcError> {
    Ok(state.inspector.store().replays_of(&id).await?)
}

#[tauri::command]
pub async fn curl_command(
    state: State<'_, AppState>,
    id: String,
    target: Option<String>,
    resign: bool,
) -> Result<String, IpcError> {
    Ok(state.inspector.curl(&id, target, resign).await?)
}

#[tauri::command]
pub async fn replay_in_order(
    state: State<'_, AppState>,
    ids: Vec<String>,
    target: Option<String>,
    mode: ReplayMode,
) -> Result<Vec<ReplayRecord>, IpcError> {
    Ok(state.inspector.replay_in_order(&ids, target, mode).await?)
}

#[tauri::command]
pub async fn idempotency_check(
    state: State<'_, AppState>,
    id: String,
    target: Option<String>,
    copies: usize,
) -> Result<Vec<ReplayRecord>, IpcError> {
    Ok(state.inspector.idempotency_check(&id, target, copies).await?)
}

#[tauri::command]
pub async fn forward_settings(state: State<'_, AppState>) -> Result<ForwardSettings, IpcError> {
    Ok(state.inspector.forward_settings().await?)
}

#[tauri::command]
pub async fn set_forward_settings(
    state: State<'_, AppState>,
    settings: ForwardSettings,
) -> Result<ForwardSettings, IpcError> {
    Ok(state.inspector.set_forward_settings(settings).await?)
}
