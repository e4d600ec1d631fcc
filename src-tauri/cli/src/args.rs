//! Command-line arguments.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "hookscope", version, about = "Capture, verify and inspect webhook deliveries")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Capture deliveries on a local port, printing one line per stored delivery.
    Listen(ListenArgs),
    /// List stored deliveries, oldest first.
    List(ListArgs),
    /// Show one stored delivery.
    Show(ShowArgs),
}

#[derive(Args)]
pub struct StoreArgs {
    /// The database file [default: the per-user data dir's hookscope.sqlite].
    #[arg(long, env = "HOOKSCOPE_DB")]
    pub db: Option<PathBuf>,
}

impl StoreArgs {
    pub fn db_path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(|| hookscope_core::default_data_dir().join(hookscope_core::DB_FILE))
    }
}

#[derive(Args)]
pub struct ListenArgs {
    /// The port to listen on (0 picks a free one).
    #[arg(long, env = "HOOKSCOPE_PORT", default_value_t = 8790)]
    pub port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args)]
pub struct ListArgs {
    /// One JSON object per line (NDJSON), oldest first.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args)]
pub struct ShowArgs {
    /// The delivery's id.
    pub id: String,
    /// Print the delivery as one JSON object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}
