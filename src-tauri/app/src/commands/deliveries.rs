use hookscope_core::inspector::SignatureReport;
use hookscope_core::store::{GroupChain, GroupPage, Page, TimelineFilter};
use hookscope_core::DeliveryJson;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

#[tauri::command]
pub async fn list_deliveries(
    state: State<'_, AppState>,
    before: Option<String>,
    limit: u32,
    filter: Option<TimelineFilter>,
) -> Result<Page, IpcError> {
    Ok(state.inspector.page(before, limit, filter.unwrap_or_default()).await?)
}

#[tauri::command]
pub async fn get_delivery(state: State<'_, AppState>, id: String) -> Result<DeliveryJson, IpcError> {
    state.inspector.delivery_json(&id).await?.ok_or_else(|| IpcError::not_found("the delivery"))
}

#[tauri::command]
pub async fn list_groups(
    state: State<'_, AppState>,
    before: Option<String>,
    limit: u32,
    filter: Option<TimelineFilter>,
) -> Result<GroupPage, IpcError> {
    Ok(state.inspector.groups(before, limit, filter.unwrap_or_default()).await?)
}

#[tauri::command]
pub async fn group_chain(state: State<'_, AppState>, dedup_key: String) -> Result<GroupChain, IpcError> {
    Ok(state.inspector.chain(&dedup_key).await?)
}

#[tauri::command]
pub async fn signature_report(state: State<'_, AppState>, id: String) -> Result<SignatureReport, IpcError> {
    state.inspector.signature_report(&id).await?.ok_or_else(|| IpcError::not_found("the delivery"))
}
