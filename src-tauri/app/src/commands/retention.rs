//! Retention settings and pins.

use hookscope_core::retention::{Retention, RetentionView};
use tauri::State;

use crate::error::{ErrorCode, IpcError};
use crate::state::AppState;

#[tauri::command]
pub async fn retention(state: State<'_, AppState>) -> Result<RetentionView, IpcError> {
    Ok(state.inspector.store().retention_view().await?)
}

/// Saves the cap; the store is pruned in the background if it is over it.
#[tauri::command]
pub async fn set_retention(state: State<'_, AppState>, retention: Retention) -> Result<RetentionView, IpcError> {
    retention.validate().map_err(|e| IpcError::new(ErrorCode::InvalidInput, e.to_string()))?;
    state.inspector.store().set_retention(retention).await?;
    Ok(state.inspector.store().retention_view().await?)
}

/// Pins (kept whatever the cap) or unpins a delivery; answers with its new state.
#[tauri::command]
pub async fn set_pinned(state: State<'_, AppState>, id: String, pinned: bool) -> Result<bool, IpcError> {
    match state.inspector.store().set_pinned(&id, pinned).await? {
        true => Ok(pinned),
        false => Err(IpcError::not_found("the delivery")),
    }
}
