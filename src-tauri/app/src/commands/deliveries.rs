use hookscope_core::store::Page;
use hookscope_core::DeliveryJson;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

#[tauri::command]
pub async fn list_deliveries(state: State<'_, AppState>, before: Option<String>, limit: u32) -> Result<Page, IpcError> {
    Ok(state.inspector.page(before, limit, Default::default()).await?)
}

#[tauri::command]
pub async fn get_delivery(state: State<'_, AppState>, id: String) -> Result<DeliveryJson, IpcError> {
    match state.inspector.delivery(&id).await? {
        Some(delivery) => Ok(delivery.to_json()),
        None => Err(IpcError::not_found("the delivery")),
    }
}
