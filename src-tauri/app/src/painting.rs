//! How the webview paints on a machine without a GPU.
//!
//! WebKitGTK composites the page with OpenGL. With no GPU render node (a virtual
//! machine, a remote or virtual X display) that OpenGL runs on the CPU, and each
//! frame costs more than WebKit's own software painting: with 2,000 stored, the
//! first rows showed 350–410 ms after the page began loading with compositing off
//! against 470–570 ms with it on, under Xvfb on a 2-core machine. There, unless
//! the user set it either way, compositing is turned off.

use std::ffi::OsString;

/// WebKitGTK's switch for accelerated compositing (any value turns it off).
const COMPOSITING_OFF: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Turns compositing off when no GPU render node is found. Call first thing in
/// `main`, before any thread starts: setting the environment of a process whose
/// other threads may read it is a data race.
#[cfg(target_os = "linux")]
pub fn paint_in_software_without_gpu() {
    let render_nodes: Vec<OsString> = std::fs::read_dir("/dev/dri")
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    if compositing_off(std::env::var_os(COMPOSITING_OFF), &render_nodes) {
        std::env::set_var(COMPOSITING_OFF, "1");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn paint_in_software_without_gpu() {}

/// Whether to turn compositing off: the user's own setting stands; otherwise off
/// when `/dev/dri` lists no `renderD*` node.
fn compositing_off(user_setting: Option<OsString>, dri_entries: &[OsString]) -> bool {
    user_setting.is_none() && !dri_entries.iter().any(|name| name.to_string_lossy().starts_with("renderD"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn off_only_without_a_render_node_and_without_the_users_own_setting() {
        assert!(compositing_off(None, &[]));
        // A card node alone (a display without a render node) draws no faster.
        assert!(compositing_off(None, &names(&["card0", "by-path"])));
        assert!(!compositing_off(None, &names(&["card0", "renderD128"])));
        // The user's setting wins, whatever it is.
        assert!(!compositing_off(Some(OsString::from("0")), &[]));
        assert!(!compositing_off(Some(OsString::from("1")), &names(&["renderD128"])));
    }
}
