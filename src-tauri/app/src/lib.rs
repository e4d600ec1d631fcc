//! Hookscope's desktop shell: opens the window, starts the listener, and maps
//! the core's events and API to Tauri events and commands.

mod commands;
mod error;
mod events;
mod listener;
mod state;

#[cfg(test)]
mod bindings;

use std::path::PathBuf;
use std::process::ExitCode;

use hookscope_core::{Inspector, InspectorConfig};
use tauri::{Emitter, Manager};

use crate::listener::ListenerSlot;
use crate::state::AppState;

/// The data directory: `HOOKSCOPE_DATA_DIR`, else the per-user data dir.
fn data_dir() -> PathBuf {
    std::env::var_os("HOOKSCOPE_DATA_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(hookscope_core::default_data_dir)
}

pub fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HOOKSCOPE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let db = data_dir().join(hookscope_core::DB_FILE);
    let inspector = match Inspector::open(InspectorConfig::new(&db)) {
        Ok(inspector) => inspector,
        Err(error) => {
            eprintln!("hookscope: cannot open {}: {}", db.display(), hookscope_core::capture::error_chain(&error));
            return ExitCode::FAILURE;
        }
    };
    let events = inspector.subscribe();
    let result = tauri::Builder::default()
        .manage(AppState { inspector, listener: ListenerSlot::new(listener::DEFAULT_PORT) })
        .invoke_handler(tauri::generate_handler![
            commands::deliveries::list_deliveries,
            commands::deliveries::get_delivery,
            commands::listener::listener_status,
            commands::listener::start_listener,
        ])
        .setup(move |app| {
            events::forward(app.handle().clone(), events);
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let state = handle.state::<AppState>();
                let port = listener::initial_port(&state.inspector).await;
                let status = state.listener.start(&state.inspector, port).await;
                let _ = handle.emit(events::LISTENER_CHANGED, &status);
            });
            Ok(())
        })
        .run(tauri::generate_context!("../../tauri.conf.json"));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("hookscope: the window could not start: {error}");
            ExitCode::FAILURE
        }
    }
}
