//! Hookscope's desktop shell: opens the window, starts the listener, and maps
//! the core's events and API to Tauri events and commands.

mod answers;
mod commands;
mod error;
mod events;
mod first_run;
mod listener;
mod menu;
mod painting;
mod secrets;
mod state;
mod tunnel;
mod window;

#[cfg(test)]
mod bindings;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use hookscope_core::signing::SigningConfig;
use hookscope_core::vault::Vault;
use hookscope_core::verify::{VerifySettings, DEFAULT_TOLERANCE_SECONDS};
use hookscope_core::{Inspector, InspectorConfig};
use tauri::{Emitter, Manager};

pub use crate::painting::paint_in_software_without_gpu;

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
    let data_dir = data_dir();
    let db = data_dir.join(hookscope_core::DB_FILE);
    let vault = Vault::open(&data_dir);
    let secrets = vault.load().unwrap_or_else(|error| {
        tracing::error!(error = %hookscope_core::capture::error_chain(&error), "the stored secrets could not be read");
        Vec::new()
    });
    let mut config = InspectorConfig::new(&db);
    config.signing = SigningConfig { secrets, settings: VerifySettings::default() };
    let inspector = match Inspector::open(config) {
        Ok(inspector) => inspector,
        Err(error) => {
            eprintln!("hookscope: cannot open {}: {}", db.display(), hookscope_core::capture::error_chain(&error));
            return ExitCode::FAILURE;
        }
    };
    let events = inspector.subscribe();
    let context = tauri::generate_context!("../../tauri.conf.json");
    let result = tauri::Builder::default()
        // First, so that a second launch on the same data exits before anything else starts.
        .plugin(window::single_instance(&context.config().identifier, &data_dir))
        .plugin(window::window_state(&data_dir))
        .plugin(window::save_place_when_moved())
        .plugin(tauri_plugin_dialog::init())
        .manage(commands::transfer::ChosenExports::default())
        .menu(menu::build)
        .on_menu_event(menu::on_event)
        .manage(AppState {
            inspector,
            listener: ListenerSlot::new(listener::DEFAULT_PORT),
            vault: Mutex::new(vault),
            tunnel: tunnel::TunnelSlot::default(),
        })
        .invoke_handler(tauri::generate_handler![
            commands::deliveries::list_deliveries,
            commands::deliveries::get_delivery,
            commands::listener::listener_status,
            commands::listener::start_listener,
            commands::deliveries::list_groups,
            commands::deliveries::group_chain,
            commands::deliveries::signature_report,
            commands::timeline::timeline_filter,
            commands::timeline::set_timeline_filter,
            commands::timeline::count_since,
            commands::timeline::event_types,
            commands::signing::secrets,
            commands::signing::add_secret,
            commands::signing::remove_secret,
            commands::signing::set_tolerance,
            commands::answers::answers,
            commands::answers::set_answers,
            commands::replay::replay_settings,
            commands::replay::set_replay_settings,
            commands::replay::replay_delivery,
            commands::replay::replay_edited,
            commands::replay::replays_of,
            commands::replay::curl_command,
            commands::replay::replay_in_order,
            commands::replay::idempotency_check,
            commands::replay::forward_settings,
            commands::replay::set_forward_settings,
            commands::tunnel::tunnel_view,
            commands::tunnel::tunnel_start,
            commands::tunnel::tunnel_stop,
            commands::tunnel::set_tunnel_settings,
            commands::tunnel::set_ngrok_token,
            commands::tunnel::tunnel_downtime,
            commands::retention::retention,
            commands::retention::set_retention,
            commands::retention::set_pinned,
            commands::first_run::send_test_event,
            commands::window::set_menu_enabled,
            commands::transfer::choose_export_file,
            commands::transfer::choose_import_file,
            commands::transfer::export_deliveries,
            commands::transfer::export_count,
            commands::transfer::redaction_preview,
            commands::transfer::import_file,
            commands::transfer::reverify_imported,
        ])
        .setup(move |app| {
            events::forward(app.handle().clone(), events);
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let state = handle.state::<AppState>();
                restore_tolerance(&state.inspector).await;
                if let Err(error) = state.inspector.restore_forwarding().await {
                    tracing::warn!(error = %hookscope_core::capture::error_chain(&error), "forward mode not restored");
                }
                let port = listener::initial_port(&state.inspector).await;
                let status = state.listener.start(&state.inspector, port).await;
                let _ = handle.emit(events::LISTENER_CHANGED, &status);
            });
            Ok(())
        })
        .run(context);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("hookscope: the window could not start: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Applies the saved timestamp tolerance, if it differs from the default.
async fn restore_tolerance(inspector: &Inspector) {
    let saved = inspector.store().setting(secrets::TOLERANCE_SETTING).await.ok().flatten();
    if let Some(seconds) = saved.and_then(|s| s.parse::<i64>().ok()).filter(|s| *s != DEFAULT_TOLERANCE_SECONDS) {
        secrets::apply(inspector, inspector.signing().current().secrets.clone(), seconds);
    }
}
