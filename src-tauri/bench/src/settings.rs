//! Command-line arguments and the run settings they make.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

#[derive(Parser)]
#[command(name = "hookscope-bench", about = "Measure Hookscope beside its baselines and print one table")]
pub struct Args {
    /// Also write the results as JSON to this file.
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// A short smoke run: 2 s runs and 10,000 deliveries.
    #[arg(long)]
    pub quick: bool,
    /// Seconds each ingest run is timed (after a warm-up) [default: 10, quick: 2].
    #[arg(long, value_name = "SECONDS")]
    pub duration: Option<f64>,
    /// Seconds of the paced ack-latency runs [default: 10, quick: 2].
    #[arg(long, value_name = "SECONDS")]
    pub ack_duration: Option<f64>,
    /// Deliveries per second offered in the ack-latency runs.
    #[arg(long, default_value_t = 1000.0)]
    pub rate: f64,
    /// Deliveries in the store and posted to the CLI [default: 100000, quick: 10000].
    #[arg(long)]
    pub deliveries: Option<u64>,
    /// Concurrent keep-alive connections of the load generator.
    #[arg(long, default_value_t = 64)]
    pub connections: usize,
    /// The release `hookscope` binary [default: beside this one].
    #[arg(long, value_name = "PATH")]
    pub cli: Option<PathBuf>,
    /// The release desktop app, for the GUI figures [default: `hookscope-app` beside this one].
    #[arg(long, value_name = "PATH")]
    pub app: Option<PathBuf>,
    /// Run only these phases (comma-separated), e.g. `--only ingest,ack` while
    /// working on the hot path [default: all].
    #[arg(long, value_enum, value_delimiter = ',', value_name = "PHASES")]
    pub only: Vec<PhaseName>,
}

/// The phases of a run, in the order they run.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum PhaseName {
    Ingest,
    Ack,
    Store,
    Memory,
    Replay,
    Desktop,
}

pub struct Settings {
    pub quick: bool,
    pub warmup: Duration,
    pub ingest: Duration,
    pub ack: Duration,
    pub rate: f64,
    pub deliveries: u64,
    pub connections: usize,
    /// Timed calls per read figure (after one untimed warm-up call).
    pub read_repeats: usize,
    pub cli: Option<PathBuf>,
    pub app: Option<PathBuf>,
    /// Empty: every phase.
    pub only: Vec<PhaseName>,
}

impl Settings {
    pub fn runs(&self, phase: PhaseName) -> bool {
        self.only.is_empty() || self.only.contains(&phase)
    }

    pub fn from_args(args: &Args) -> anyhow::Result<Settings> {
        let seconds = |given: Option<f64>, full: f64, quick: f64| -> anyhow::Result<Duration> {
            let s = given.unwrap_or(if args.quick { quick } else { full });
            Duration::try_from_secs_f64(s)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| anyhow::anyhow!("{s} is not a positive number of seconds"))
        };
        anyhow::ensure!(args.rate > 0.0 && args.rate.is_finite(), "--rate must be positive");
        anyhow::ensure!(args.connections > 0, "--connections must be at least 1");
        let deliveries = args.deliveries.unwrap_or(if args.quick { 10_000 } else { 100_000 });
        anyhow::ensure!(deliveries > 0, "--deliveries must be at least 1");
        Ok(Settings {
            quick: args.quick,
            warmup: if args.quick { Duration::from_millis(300) } else { Duration::from_secs(1) },
            ingest: seconds(args.duration, 10.0, 2.0)?,
            ack: seconds(args.ack_duration, 10.0, 2.0)?,
            rate: args.rate,
            deliveries,
            connections: args.connections,
            read_repeats: if args.quick { 11 } else { 31 },
            cli: args.cli.clone(),
            app: args.app.clone(),
            only: args.only.clone(),
        })
    }
}
