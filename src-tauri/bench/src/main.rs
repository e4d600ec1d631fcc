//! `hookscope-bench`: measures Hookscope and, in the same run, a baseline for
//! each figure, then prints one markdown table (and writes JSON with `--json`).
//!
//! Speed is measured here and nowhere else: no test asserts a figure.

mod ack;
mod gui;
mod gui_report;
mod harness;
mod ingest;
mod latency;
mod load;
mod memory;
mod payload;
mod replay;
mod report;
mod rounds;
mod servers;
mod settings;
mod store_scale;

use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use clap::Parser as _;

use crate::gui::{gui_error, Gui};
use crate::harness::Harness;
use crate::report::{Phase, Results};
use crate::settings::{Args, PhaseName, Settings};

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("hookscope-bench: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs every phase; `Ok(false)` when some phase could not be measured.
fn run() -> anyhow::Result<bool> {
    let args = Args::parse();
    let settings = Settings::from_args(&args)?;
    let load_at_start = load_average();
    let h = Harness::new(settings)?;
    let s = &h.settings;
    eprintln!(
        "hookscope-bench{}: {} cpus, load average {}, stores in {}",
        if s.quick { " --quick" } else { "" },
        cpus(),
        load_at_start.as_deref().unwrap_or("unknown"),
        h.temp_root.display()
    );

    let ingest = Phase::run_if(s.runs(PhaseName::Ingest), || {
        eprintln!(
            "ingest: {} rounds of bare, then Hookscope, {:?} each after a {:?} warm-up…",
            rounds::ROUNDS,
            s.ingest,
            s.warmup
        );
        ingest::run(&h)
    });
    let ack = Phase::run_if(s.runs(PhaseName::Ack), || {
        eprintln!("ack latency at {}/s: {} rounds of bare, then Hookscope, {:?} each…", s.rate, rounds::ROUNDS, s.ack);
        ack::run(&h)
    });
    let store = Phase::run_if(s.runs(PhaseName::Store), || {
        eprintln!("store: filling with {} deliveries, then timing reads and re-verification…", s.deliveries);
        store_scale::run(&h)
    });
    let memory = Phase::run_if(s.runs(PhaseName::Memory), || {
        eprintln!("memory: `hookscope listen` before and after {} deliveries…", s.deliveries);
        memory::run(&h)
    });
    let replay = Phase::run_if(s.runs(PhaseName::Replay), || {
        eprintln!("replay: re-signed replays of a stored delivery beside direct POSTs to the same target…");
        replay::run(&h)
    });
    let gui = if s.runs(PhaseName::Desktop) {
        eprintln!("desktop window: first rows, scrolling, search and memory with {} deliveries…", s.deliveries);
        gui::run(&h)
    } else {
        Gui::Skipped { skipped: true }
    };

    let results = Results { deliveries: s.deliveries, ingest, ack, store, memory, replay, gui };
    let rows = report::rows(&results);
    println!("{}", report::markdown(&rows));
    if s.quick {
        println!("(quick run: shorter runs and {} deliveries; the targets are for full runs)", s.deliveries);
    }
    let errors = phase_errors(&results);
    for (phase, error) in &errors {
        eprintln!("hookscope-bench: {phase} not measured: {error}");
    }
    if let Some(path) = &args.json {
        let json = serde_json::json!({
            "hookscope_version": hookscope_core::VERSION,
            "unix_time": SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
            "machine": { "cpus": cpus(), "load_average_at_start": load_at_start, "temp_root": h.temp_root },
            "settings": {
                "quick": s.quick,
                "warmup_s": s.warmup.as_secs_f64(),
                "ingest_s": s.ingest.as_secs_f64(),
                "ack_s": s.ack.as_secs_f64(),
                "ack_rate_per_s": s.rate,
                "deliveries": s.deliveries,
                "connections": s.connections,
                "read_repeats": s.read_repeats,
                "body_bytes": payload::BODY_BYTES,
            },
            "rows": rows,
            "ingest": results.ingest,
            "ack": results.ack,
            "store": results.store,
            "memory": results.memory,
            "replay": results.replay,
            "gui": results.gui,
        });
        write_json(path, &json)?;
        eprintln!("wrote {}", path.display());
    }
    Ok(errors.is_empty())
}

fn phase_errors(r: &Results) -> Vec<(&'static str, &str)> {
    fn error<T>(phase: &Phase<T>) -> Option<&str> {
        match phase {
            Phase::Failed { error } => Some(error),
            Phase::Measured(_) | Phase::Skipped { .. } => None,
        }
    }
    let gui = match &r.gui {
        Gui::Failed { error } => Some(error.as_str()),
        Gui::Measured(g) => gui_error(g),
        Gui::NotMeasured { .. } | Gui::Skipped { .. } => None,
    };
    [
        ("ingest", error(&r.ingest)),
        ("ack", error(&r.ack)),
        ("store", error(&r.store)),
        ("memory", error(&r.memory)),
        ("replay", error(&r.replay)),
        ("desktop window", gui),
    ]
    .into_iter()
    .filter_map(|(phase, e)| e.map(|e| (phase, e)))
    .collect()
}

fn write_json(path: &Path, json: &serde_json::Value) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let text = serde_json::to_string_pretty(json)?;
    std::fs::write(path, text + "\n").with_context(|| format!("cannot write {}", path.display()))
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The 1, 5 and 15 minute load averages: a busy machine shows here, and in every figure.
fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}
