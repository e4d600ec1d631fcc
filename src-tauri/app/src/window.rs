//! Habits of a desktop app: one window per data directory (a second launch
//! brings the first window forward and exits), and the window's size and
//! position remembered across restarts.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// Where the window's size and position are kept, inside the data directory.
pub const WINDOW_STATE_FILE: &str = "window-state.json";

/// What is restored: visibility and decorations are not (a window saved hidden must still open).
const PLACE: StateFlags =
    StateFlags::SIZE.union(StateFlags::POSITION).union(StateFlags::MAXIMIZED).union(StateFlags::FULLSCREEN);

/// How long the window must stay put before its place is written.
const SAVE_AFTER: Duration = Duration::from_millis(500);

/// The single-instance plugin, keyed on the data directory: a second launch on
/// the same data focuses the running window and exits with status 0 (two
/// processes must not share one database), while a launch on another data
/// directory (`HOOKSCOPE_DATA_DIR`) runs alongside.
pub fn single_instance<R: Runtime>(identifier: &str, data_dir: &Path) -> TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id(identifier, data_dir))
        .callback(|app, _args, _cwd| bring_forward(app))
        .build()
}

/// The window-state plugin, saving to the data directory rather than the
/// per-user config dir, so that each data directory (and each test) has its own.
pub fn window_state<R: Runtime>(data_dir: &Path) -> TauriPlugin<R> {
    let builder = tauri_plugin_window_state::Builder::new().with_state_flags(PLACE);
    // The plugin joins the name to its own directory; an absolute path replaces it.
    match data_dir.join(WINDOW_STATE_FILE).to_str() {
        Some(path) => builder.with_filename(path).build(),
        None => {
            tracing::warn!("the data directory's path is not UTF-8; the window state is kept in the config dir");
            builder.build()
        }
    }
}

/// Writes the window's place once it has stopped moving or resizing, not only
/// at a clean exit (all the window-state plugin does), so that an app that is
/// killed — a crash, a session ended by the system — still reopens where it was.
pub fn save_place_when_moved<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("window-place")
        .on_window_ready(|window| {
            let changes = Arc::new(AtomicU64::new(0));
            let app = window.app_handle().clone();
            window.on_window_event(move |event| {
                if !matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
                    return;
                }
                let seen = changes.fetch_add(1, Ordering::SeqCst) + 1;
                let (changes, app) = (changes.clone(), app.clone());
                tauri::async_runtime::spawn(async move {
                    tokio::time::sleep(SAVE_AFTER).await;
                    if changes.load(Ordering::SeqCst) != seen {
                        return;
                    }
                    // On the main thread, where the plugin's own exit save runs: the
                    // window's getters and the plugin's move handler then never wait on each other.
                    let main = app.clone();
                    let _ = app.run_on_main_thread(move || {
                        if let Err(error) = main.save_window_state(PLACE) {
                            tracing::warn!(%error, "the window's place could not be saved");
                        }
                    });
                });
            });
        })
        .build()
}

/// The D-Bus name the instance owns: the app identifier and a digest of the
/// data directory's canonical path (a name element is letters, digits and `_`,
/// and must not start with a digit).
fn instance_id(identifier: &str, data_dir: &Path) -> String {
    let canonical = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let digest = Sha256::digest(canonical.as_os_str().as_encoded_bytes());
    format!("{identifier}.data_{}", hex::encode(&digest[..8]))
}

fn bring_forward<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_instance_is_keyed_on_the_data_directory() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let id = instance_id("dev.hookscope.desktop", a.path());
        assert_eq!(id, instance_id("dev.hookscope.desktop", a.path()));
        assert_ne!(id, instance_id("dev.hookscope.desktop", b.path()));
        // The same directory written another way is the same instance.
        assert_eq!(id, instance_id("dev.hookscope.desktop", &a.path().join("../").join(a.path().file_name().unwrap())));
        let element = id.strip_prefix("dev.hookscope.desktop.").unwrap();
        assert!(element.starts_with("data_") && element.len() == 21, "{element}");
        assert!(element.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{element}");
    }
}
