//! `hookscope-gui-bench`: the desktop app with many stored deliveries, measured
//! in its real webview (tauri-driver + WebKitWebDriver; run it under Xvfb).
//! `make bench` runs it through `hookscope-bench`, which puts its figures in the table.
//!
//! Usage: hookscope-gui-bench --json PATH [--deliveries N]
//! (the app binary: `HOOKSCOPE_APP_BIN`, else target/debug/hookscope-app).

use std::future::Future;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use hookscope_e2e::figures::{FirstRowsFigure, GuiFigures, LargeStore, Measured, MemoryGrowth, ScrolledFigure};
use hookscope_e2e::{deliveries, page, procs, App, Launch};

/// Viewports scrolled through while counting DOM rows.
const SCREENS: u32 = 10;
/// Lets a freshly opened (or freshly filled) window settle before a memory reading.
const SETTLE: Duration = Duration::from_secs(3);
/// How long the timeline may take to list every delivery posted to it.
const LIST_PATIENCE: Duration = Duration::from_secs(300);

struct Args {
    json: PathBuf,
    deliveries: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut json = None;
    let mut deliveries = 100_000;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--json" => json = Some(PathBuf::from(value()?)),
            "--deliveries" => deliveries = value()?.parse().map_err(|e| format!("--deliveries: {e}"))?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args { json: json.ok_or("--json PATH is required")?, deliveries })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(error) => {
            eprintln!("hookscope-gui-bench: {error}\nusage: hookscope-gui-bench --json PATH [--deliveries N]");
            return ExitCode::from(2);
        }
    };
    let n = args.deliveries;
    eprintln!("gui 1/3: first rows with 1 delivery stored…");
    let first_rows_baseline = phase(first_rows_with(1)).await;
    eprintln!("gui 2/3: filling a store with {n} deliveries, then first rows, scrolling and search…");
    let large = phase(large_store(n)).await;
    eprintln!("gui 3/3: memory of the app's processes, empty and after {n} deliveries posted to it…");
    let memory = phase(memory_growth(n)).await;
    let figures = GuiFigures { deliveries: n, first_rows_baseline, large, memory };
    let text = serde_json::to_string_pretty(&figures).expect("the figures serialize");
    if let Err(error) = std::fs::write(&args.json, text + "\n") {
        eprintln!("hookscope-gui-bench: cannot write {}: {error}", args.json.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Runs one phase on its own task, so a failed expectation (a panic in the
/// harness) is recorded as that phase's error and the others still run.
async fn phase<T: Send + 'static>(work: impl Future<Output = T> + Send + 'static) -> Measured<T> {
    match tokio::spawn(work).await {
        Ok(done) => Measured::Done(done),
        Err(error) => {
            let error = match error.try_into_panic() {
                Ok(panic) => panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "panicked".into()),
                Err(error) => error.to_string(),
            };
            Measured::Failed { error }
        }
    }
}

/// Starts the app on `launch` and times its first timeline row.
async fn open_and_time(launch: Launch, stored: u64) -> (App, FirstRowsFigure) {
    let started = Instant::now();
    let app = launch.start().await;
    let first = page::first_rows(&app).await;
    let after_launch_ms = started.elapsed().as_secs_f64() * 1e3;
    let figure = FirstRowsFigure {
        stored,
        after_page_load_ms: first.at_ms,
        upper_bound: first.present_at_first_look,
        after_launch_ms,
    };
    (app, figure)
}

async fn first_rows_with(count: u64) -> FirstRowsFigure {
    let launch = Launch::new();
    let stored = deliveries::fill(launch.data_dir.path(), count).await;
    let (app, figure) = open_and_time(launch, stored).await;
    app.quit().await;
    figure
}

async fn large_store(count: u64) -> LargeStore {
    let launch = Launch::new();
    let filling = Instant::now();
    let stored = deliveries::fill(launch.data_dir.path(), count).await;
    let fill_s = filling.elapsed().as_secs_f64();
    let opened = Instant::now();
    let (app, first_rows) = open_and_time(launch, stored).await;
    let scrolled = page::scroll_timeline(&app, SCREENS).await;
    let scrolled = ScrolledFigure {
        screens: SCREENS,
        max_dom_rows: scrolled.max_dom_rows(),
        bound: scrolled.bound(),
        loaded: scrolled.loaded,
        dom_rows_per_screen: scrolled.dom_rows,
    };
    // A store filled in seconds is searched once indexed, as one grown over days would be.
    let index_wait_s = index_caught_up(&app.data_dir.path().join(hookscope_core::DB_FILE), opened).await;
    // One event's own id: the answer is exactly one row (see deliveries::post_many).
    let search_ms = page::search_ms(&app, &format!("00000000-0000-4000-8000-{:012x}", count / 2), 1).await;
    app.quit().await;
    LargeStore { fill_s, first_rows, scrolled, search_ms, index_wait_s }
}

/// The id of the newest delivery in the store at `db`.
fn newest_stored(db: &std::path::Path) -> Option<String> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = rusqlite::Connection::open_with_flags(db, flags).expect("the app's store opens");
    conn.query_row("SELECT max(id) FROM deliveries", [], |row| row.get(0)).expect("the newest id is read")
}

/// How long after `since` no delivery of the store at `db` waited to be indexed;
/// `None` when some still did after ten minutes.
async fn index_caught_up(db: &std::path::Path, since: Instant) -> Option<f64> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = rusqlite::Connection::open_with_flags(db, flags).ok()?;
    while since.elapsed() < Duration::from_secs(600) {
        let waiting: i64 = conn.query_row("SELECT count(*) FROM search_pending", [], |row| row.get(0)).ok()?;
        if waiting == 0 {
            return Some(since.elapsed().as_secs_f64());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    None
}

async fn memory_growth(count: u64) -> MemoryGrowth {
    let launch = Launch::new();
    deliveries::save_secret(launch.data_dir.path());
    let app = launch.start().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    tokio::time::sleep(SETTLE).await;
    let pid = procs::descendant_named("hookscope-app").expect("the app's process is found under this one");
    let start = procs::tree_rss(pid);

    let posted_ok = deliveries::post_many(&app.listener_url("/webhooks/self"), count).await;
    // Every arrival went through the window once the newest stored is its top row
    // (it keeps the newest thousand or so live, and pages older ones in on scrolling).
    let newest = newest_stored(&app.data_dir.path().join(hookscope_core::DB_FILE));
    let deadline = Instant::now() + LIST_PATIENCE;
    while page::top_row_id(&app).await != newest {
        assert!(Instant::now() < deadline, "the timeline did not show the newest of {posted_ok} deliveries in time");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let loaded = page::scroll_timeline(&app, SCREENS).await.loaded;
    tokio::time::sleep(SETTLE).await;
    let end = procs::tree_rss(pid);
    app.quit().await;
    let sum = |processes: &[procs::Process]| processes.iter().map(|p| p.rss_kb).sum();
    MemoryGrowth { posted_ok, loaded, start_kb: sum(&start), end_kb: sum(&end), start, end }
}
