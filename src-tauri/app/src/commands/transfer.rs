//! Export and import: the native file dialogs, then a few lines over the core.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;

use hookscope_core::export::{
    ExportFormat, ExportRequest, ExportScope, ExportSummary, RedactionOptions, RedactionPreview,
};
use hookscope_core::import::ImportSummary;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::{DialogExt as _, FilePath};
use tokio::sync::oneshot;

use crate::error::{ErrorCode, IpcError};
use crate::state::AppState;

/// The paths chosen in the save dialog: an export is written only to one of
/// them, so the webview cannot have a file written anywhere else.
#[derive(Default)]
pub struct ChosenExports(Mutex<HashSet<PathBuf>>);

/// Asks where to save an export (the native save dialog); None when cancelled.
#[tauri::command]
pub async fn choose_export_file(
    app: AppHandle,
    chosen_exports: State<'_, ChosenExports>,
    format: ExportFormat,
    suggested_name: String,
) -> Result<Option<String>, IpcError> {
    let (chosen, answer) = oneshot::channel();
    let label = match format {
        ExportFormat::Ndjson => "Hookscope log",
        ExportFormat::Har => "HAR file",
    };
    app.dialog()
        .file()
        .set_title("Export deliveries")
        .set_file_name(suggested_name)
        .add_filter(label, &[format.extension()])
        .save_file(move |path| {
            let _ = chosen.send(path);
        });
    let chosen = local_path(answer.await.ok().flatten());
    if let (Some(path), Ok(mut paths)) = (&chosen, chosen_exports.0.lock()) {
        paths.insert(PathBuf::from(path));
    }
    Ok(chosen)
}

/// Asks which file to import (the native open dialog); None when cancelled.
#[tauri::command]
pub async fn choose_import_file(app: AppHandle) -> Result<Option<String>, IpcError> {
    let (chosen, answer) = oneshot::channel();
    app.dialog()
        .file()
        .set_title("Import deliveries")
        .add_filter("Hookscope log or HAR file", &["ndjson", "jsonl", "har", "json"])
        .pick_file(move |path| {
            let _ = chosen.send(path);
        });
    Ok(local_path(answer.await.ok().flatten()))
}

fn local_path(chosen: Option<FilePath>) -> Option<String> {
    chosen.and_then(|path| path.into_path().ok()).map(|path| path.to_string_lossy().into_owned())
}

/// Writes the export to `path`, which the save dialog must have given; the
/// signing secrets and the ngrok authtoken are never written.
#[tauri::command]
pub async fn export_deliveries(
    state: State<'_, AppState>,
    chosen_exports: State<'_, ChosenExports>,
    request: ExportRequest,
    path: String,
) -> Result<ExportSummary, IpcError> {
    let chosen = chosen_exports.0.lock().map(|paths| paths.contains(&PathBuf::from(&path))).unwrap_or(false);
    if !chosen {
        return Err(IpcError::new(ErrorCode::InvalidInput, "choose where to save the export in the save dialog"));
    }
    let never_write = crate::tunnel::token(&state).into_iter().collect();
    Ok(state.inspector.export_to_file(request, never_write, &PathBuf::from(path)).await?)
}

/// How many deliveries an export of `scope` would hold.
#[tauri::command]
pub async fn export_count(state: State<'_, AppState>, scope: ExportScope) -> Result<u64, IpcError> {
    Ok(state.inspector.export_count(scope).await?)
}

/// What exporting delivery `id` with `redaction` would leave out.
#[tauri::command]
pub async fn redaction_preview(
    state: State<'_, AppState>,
    id: String,
    redaction: RedactionOptions,
) -> Result<RedactionPreview, IpcError> {
    let never_write = crate::tunnel::token(&state).into_iter().collect();
    state
        .inspector
        .redaction_preview(&id, &redaction, never_write)
        .await?
        .ok_or_else(|| IpcError::not_found("the delivery"))
}

/// Imports a Hookscope log or HAR file; progress goes out as `import-progress`.
#[tauri::command]
pub async fn import_file(state: State<'_, AppState>, path: String) -> Result<ImportSummary, IpcError> {
    Ok(state.inspector.import(&PathBuf::from(path)).await?)
}

/// Re-verifies the imported deliveries against the secrets in use (progress as `reverify-progress`).
#[tauri::command]
pub async fn reverify_imported(state: State<'_, AppState>) -> Result<(), IpcError> {
    // Runs on after the answer; its progress and end come as events, a failure in the log.
    let run = state.inspector.reverify_imported();
    tauri::async_runtime::spawn(async move {
        match run.await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                tracing::error!(error = %hookscope_core::capture::error_chain(&error), "re-verifying imported deliveries failed")
            }
            Err(error) => tracing::error!(%error, "re-verifying imported deliveries stopped"),
        }
    });
    Ok(())
}
