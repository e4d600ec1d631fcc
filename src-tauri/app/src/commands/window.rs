use tauri::AppHandle;

use crate::error::{ErrorCode, IpcError};

/// The window's available actions: their menu items are enabled, the others disabled.
#[tauri::command]
pub fn set_menu_enabled(app: AppHandle, actions: Vec<String>) -> Result<(), IpcError> {
    crate::menu::set_enabled(&app, &actions).map_err(|e| IpcError::new(ErrorCode::InvalidInput, e.to_string()))
}
