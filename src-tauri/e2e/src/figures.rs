//! What `hookscope-gui-bench` measures in the real window, as it writes it
//! (JSON) and as `hookscope-bench` reads it back into its table.

use serde::{Deserialize, Serialize};

use crate::procs::Process;

/// One phase's figures, or why it could not be measured.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Measured<T> {
    Done(T),
    Failed { error: String },
}

#[derive(Debug, Serialize, Deserialize)]
pub struct GuiFigures {
    /// Deliveries stored (or posted) in the large runs.
    pub deliveries: u64,
    /// The timeline with one delivery stored: what the window costs anyway.
    pub first_rows_baseline: Measured<FirstRowsFigure>,
    pub large: Measured<LargeStore>,
    pub memory: Measured<MemoryGrowth>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct FirstRowsFigure {
    pub stored: u64,
    /// From the page starting to load (the window opening) to the first row with text.
    pub after_page_load_ms: f64,
    /// The row was already there at the first look: the figure is an upper bound.
    pub upper_bound: bool,
    /// From starting the app (through tauri-driver) to the first row, as the test program saw it.
    pub after_launch_ms: f64,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct LargeStore {
    pub fill_s: f64,
    pub first_rows: FirstRowsFigure,
    pub scrolled: ScrolledFigure,
    /// `None`: the window has no search box (`#timeline-search`) yet.
    pub search_ms: Option<f64>,
    /// Seconds from the window opening on the filled store until its search
    /// index held every delivery (the app indexes while idle); the search is
    /// timed after that. `None`: the index had not caught up within the wait.
    #[serde(default)]
    pub index_wait_s: Option<f64>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ScrolledFigure {
    pub screens: u32,
    pub max_dom_rows: u32,
    /// Three viewports' worth of rows.
    pub bound: u32,
    pub loaded: u32,
    pub dom_rows_per_screen: Vec<u32>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct MemoryGrowth {
    /// Answered 200 of those posted to the running app.
    pub posted_ok: u64,
    /// Rows the timeline held when the second reading was taken.
    pub loaded: u32,
    pub start_kb: u64,
    pub end_kb: u64,
    pub start: Vec<Process>,
    pub end: Vec<Process>,
}

impl MemoryGrowth {
    pub fn growth_kb(&self) -> i64 {
        self.end_kb as i64 - self.start_kb as i64
    }
}
