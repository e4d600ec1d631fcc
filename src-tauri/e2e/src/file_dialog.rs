//! Answers the app's native GTK file dialogs (Export's save dialog, Import's
//! open dialog) the way a person would, typing a path with `xdotool` on the
//! Xvfb display: WebDriver only reaches the webview, not native windows.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::PATIENCE;

fn xdotool(args: &[&str]) -> String {
    let output = Command::new("xdotool")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run xdotool (install it with `make test-tools`): {e}"));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Waits for the visible window titled `title`, and gives it the keyboard; its id.
async fn focus_window(title: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    let window = loop {
        let found = xdotool(&["search", "--onlyvisible", "--name", title]);
        if let Some(id) = found.lines().last() {
            break id.to_owned();
        }
        assert!(Instant::now() < deadline, "no window titled {title:?} opened");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // Without a window manager nobody gives the new window focus: take it, and
    // give GTK a moment to put the cursor in its field.
    xdotool(&["windowfocus", &window]);
    tokio::time::sleep(Duration::from_millis(500)).await;
    window
}

/// Types `path` as the file name in the save dialog titled `title`, and saves.
pub async fn save_as(title: &str, path: &Path) {
    let window = focus_window(title).await;
    // The name field has the focus with the suggested name selected: replace it.
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    type_and_confirm(&window, path).await;
}

/// Opens `path` from the open dialog titled `title`, through its location field.
pub async fn open(title: &str, path: &Path) {
    let window = focus_window(title).await;
    xdotool(&["key", "--clearmodifiers", "ctrl+l"]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    type_and_confirm(&window, path).await;
}

async fn type_and_confirm(window: &str, path: &Path) {
    xdotool(&["type", "--delay", "5", &path.to_string_lossy()]);
    // GTK completes the path as it is typed, and an Enter it takes for the
    // completion does not confirm: press it until the dialog closes.
    let deadline = Instant::now() + PATIENCE;
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        xdotool(&["key", "Return"]);
        tokio::time::sleep(Duration::from_millis(500)).await;
        let open = xdotool(&["search", "--onlyvisible", "--name", "."]);
        if !open.lines().any(|id| id == window) {
            return;
        }
        assert!(Instant::now() < deadline, "the file dialog did not take {}", path.display());
    }
}
