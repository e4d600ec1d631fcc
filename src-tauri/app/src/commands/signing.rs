use hookscope_core::verify::Secret;
use tauri::State;

use crate::error::{ErrorCode, IpcError};
use crate::secrets::{self, NewSecret, SecretsView, TOLERANCE_SETTING};
use crate::state::AppState;

fn current(state: &AppState) -> (Vec<Secret>, i64) {
    let signing = state.inspector.signing().current();
    (signing.secrets.clone(), signing.settings.tolerance_seconds)
}

fn vault_error(error: hookscope_core::vault::VaultError) -> IpcError {
    IpcError::new(ErrorCode::Store, hookscope_core::capture::error_chain(&error))
}

#[tauri::command]
pub fn secrets(state: State<'_, AppState>) -> Result<SecretsView, IpcError> {
    let vault = state.vault.lock().map_err(|_| IpcError::new(ErrorCode::Store, "the secrets are busy"))?;
    let (list, tolerance) = current(&state);
    Ok(secrets::view(&vault, &list, tolerance))
}

#[tauri::command]
pub async fn add_secret(state: State<'_, AppState>, secret: NewSecret) -> Result<SecretsView, IpcError> {
    let vault = state.vault.lock().map_err(|_| IpcError::new(ErrorCode::Store, "the secrets are busy"))?;
    let (mut list, tolerance) = current(&state);
    list.push(secrets::parse(&secret, &list)?);
    vault.save(&list).map_err(vault_error)?;
    secrets::apply(&state.inspector, list.clone(), tolerance);
    Ok(secrets::view(&vault, &list, tolerance))
}

#[tauri::command]
pub async fn remove_secret(state: State<'_, AppState>, label: String) -> Result<SecretsView, IpcError> {
    let vault = state.vault.lock().map_err(|_| IpcError::new(ErrorCode::Store, "the secrets are busy"))?;
    let (mut list, tolerance) = current(&state);
    list.retain(|s| s.label() != label);
    vault.save(&list).map_err(vault_error)?;
    secrets::apply(&state.inspector, list.clone(), tolerance);
    Ok(secrets::view(&vault, &list, tolerance))
}

#[tauri::command]
pub async fn set_tolerance(state: State<'_, AppState>, seconds: i64) -> Result<SecretsView, IpcError> {
    if !(1..=86_400).contains(&seconds) {
        return Err(IpcError::new(ErrorCode::InvalidInput, "the tolerance must be from 1 to 86400 seconds"));
    }
    state.inspector.store().set_setting(TOLERANCE_SETTING, &seconds.to_string()).await?;
    let (list, _) = current(&state);
    secrets::apply(&state.inspector, list.clone(), seconds);
    let vault = state.vault.lock().map_err(|_| IpcError::new(ErrorCode::Store, "the secrets are busy"))?;
    Ok(secrets::view(&vault, &list, seconds))
}
