use tauri::State;

use crate::error::IpcError;
use crate::first_run::{self, TestEventView};
use crate::state::AppState;

#[tauri::command]
pub async fn send_test_event(state: State<'_, AppState>) -> Result<TestEventView, IpcError> {
    first_run::send(&state).await
}
