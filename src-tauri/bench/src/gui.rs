//! Figure 5: the desktop window with N deliveries stored, measured in its real
//! webview by `hookscope-gui-bench` (the e2e crate's harness) under Xvfb: first
//! rows, search, DOM rows while scrolling, and the memory of all its processes.
//! Without the display tools the figures are reported as not measured.

use std::path::Path;
use std::process::Command;

use anyhow::Context as _;
use hookscope_e2e::figures::{GuiFigures, Measured};
use serde::Serialize;

use crate::harness::Harness;

/// What the GUI runs need on PATH besides the two binaries.
const TOOLS: [&str; 3] = ["xvfb-run", "tauri-driver", "WebKitWebDriver"];

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Gui {
    /// Boxed: the figures are large beside the other variants.
    Measured(Box<GuiFigures>),
    /// Something needed is missing here: not a failure of Hookscope.
    NotMeasured {
        not_measured: String,
    },
    Failed {
        error: String,
    },
    /// Left out with `--only`.
    Skipped {
        skipped: bool,
    },
}

pub fn run(h: &Harness) -> Gui {
    let beside = |name: &str| std::env::current_exe().map(|exe| exe.with_file_name(name)).ok();
    let program = beside("hookscope-gui-bench").filter(|p| p.is_file());
    let app = h.settings.app.clone().or_else(|| beside("hookscope-app")).filter(|p| p.is_file());
    let missing: Vec<&str> = TOOLS.into_iter().filter(|tool| !on_path(tool)).collect();
    let (Some(program), Some(app), true) = (program, app, missing.is_empty()) else {
        let mut needs = missing.join(", ");
        if needs.is_empty() {
            needs = "the release hookscope-app and hookscope-gui-bench".into();
        }
        return Gui::NotMeasured { not_measured: format!("needs {needs} (`make bench` builds and installs them)") };
    };
    match measure(h, &program, &app) {
        Ok(figures) => Gui::Measured(Box::new(figures)),
        Err(error) => Gui::Failed { error: format!("{error:#}") },
    }
}

/// The first of the window's phases that failed, if any did.
pub fn gui_error(figures: &GuiFigures) -> Option<&str> {
    fn error<T>(phase: &Measured<T>) -> Option<&str> {
        match phase {
            Measured::Failed { error } => Some(error),
            Measured::Done(_) => None,
        }
    }
    error(&figures.first_rows_baseline).or(error(&figures.large)).or(error(&figures.memory))
}

fn measure(h: &Harness, program: &Path, app: &Path) -> anyhow::Result<GuiFigures> {
    let dir = tempfile::Builder::new().prefix("hookscope-bench-gui-").tempdir_in(&h.temp_root)?;
    let json = dir.path().join("gui.json");
    let status = Command::new("xvfb-run")
        .args(["-a", "--server-args=-screen 0 1400x900x24"])
        .arg(program)
        .arg("--json")
        .arg(&json)
        .args(["--deliveries", &h.settings.deliveries.to_string()])
        .env("HOOKSCOPE_APP_BIN", app)
        .status()
        .context("cannot run xvfb-run")?;
    anyhow::ensure!(status.success(), "{} under xvfb-run exited with {status}", program.display());
    let text = std::fs::read_to_string(&json).with_context(|| format!("cannot read {}", json.display()))?;
    serde_json::from_str(&text).context("the GUI figures do not parse")
}

fn on_path(tool: &str) -> bool {
    // The harness takes tauri-driver from `TAURI_DRIVER` when it is set.
    if tool == "tauri-driver" && std::env::var_os("TAURI_DRIVER").is_some() {
        return true;
    }
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| is_executable(&dir.join(tool))))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
