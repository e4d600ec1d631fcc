//! The timeline's filter: kept across restarts, the new deliveries it holds
//! back, and the event types to choose from.

use hookscope_core::store::TimelineFilter;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

/// The filter the timeline showed when the app last ran.
#[tauri::command]
pub async fn timeline_filter(state: State<'_, AppState>) -> Result<TimelineFilter, IpcError> {
    Ok(state.inspector.store().saved_filter().await?)
}

#[tauri::command]
pub async fn set_timeline_filter(state: State<'_, AppState>, filter: TimelineFilter) -> Result<(), IpcError> {
    Ok(state.inspector.store().save_filter(&filter).await?)
}

/// How many deliveries from `from` on (itself included) match `filter`; at most 1,000.
#[tauri::command]
pub async fn count_since(state: State<'_, AppState>, from: String, filter: TimelineFilter) -> Result<u32, IpcError> {
    Ok(state.inspector.store().count_since(&from, filter).await?)
}

/// The event types of stored deliveries, alphabetically.
#[tauri::command]
pub async fn event_types(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    Ok(state.inspector.store().event_types().await?)
}
