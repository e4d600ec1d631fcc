//! The first-run "Send test event": a signed sample `verification.completed`
//! posted to the running listener at the webhook path, so the whole flow shows
//! before the provider sends anything.

use hookscope_core::test_event::send::{random_bytes, TestEventError, TestEventSent};
use hookscope_core::test_event::{generated_secret, signing_secret, SECRET_BYTES};
use hookscope_core::verify::Secret;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{ErrorCode, IpcError};
use crate::listener::ListenerStatus;
use crate::secrets;
use crate::state::AppState;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TestEventView {
    pub sent: TestEventSent,
    /// The label of the secret the event was signed with.
    pub secret_label: String,
    /// When no secret applied, the one generated and added to the secrets: its
    /// value, given this once so it can go into the developer's own handler.
    pub generated_secret: Option<String>,
}

/// Sends a test event to the listener, signed with the secret a delivery to the
/// webhook path is checked against — or, when there is none, with a generated
/// secret that is added to the secrets first, so the event verifies.
pub async fn send(state: &AppState) -> Result<TestEventView, IpcError> {
    let ListenerStatus::Running { url, .. } = state.listener.status().await else {
        return Err(IpcError::new(ErrorCode::Listen, "the listener is not running: start it first"));
    };
    let path = crate::tunnel::settings(&state.inspector).await.webhook_path;
    let (secret, generated) = secret_for(state, &path)?;
    let sent = state.inspector.send_test_event(&format!("{url}{path}"), &secret).await.map_err(ipc_error)?;
    Ok(TestEventView { sent, secret_label: secret.label().to_owned(), generated_secret: generated })
}

fn secret_for(state: &AppState, path: &str) -> Result<(Secret, Option<String>), IpcError> {
    let vault = state.vault.lock().map_err(|_| IpcError::new(ErrorCode::Store, "the secrets are busy"))?;
    let signing = state.inspector.signing().current();
    if let Some(secret) = signing_secret(&signing.secrets, path) {
        return Ok((secret.clone(), None));
    }
    let secret = generated_secret(&random_bytes::<SECRET_BYTES>().map_err(ipc_error)?)
        .map_err(|e| IpcError::new(ErrorCode::InvalidInput, e.to_string()))?;
    let mut list = signing.secrets.clone();
    list.push(secret.clone());
    vault.save(&list).map_err(|e| IpcError::new(ErrorCode::Store, hookscope_core::capture::error_chain(&e)))?;
    secrets::apply(&state.inspector, list, signing.settings.tolerance_seconds);
    let value = secret.reveal().to_owned();
    Ok((secret, Some(value)))
}

fn ipc_error(error: TestEventError) -> IpcError {
    let code = match error {
        TestEventError::Sign(_) | TestEventError::BadUrl(_) => ErrorCode::InvalidInput,
        _ => ErrorCode::Listen,
    };
    IpcError::new(code, hookscope_core::capture::error_chain(&error))
}
