//! `hookscope`: the terminal front end over Hookscope's core.

mod args;
mod filter_args;
mod listen;
mod read;
mod render;
mod replay;
mod retention;
mod secrets;
mod test_event;
mod transfer;

use std::process::ExitCode;

use clap::Parser as _;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HOOKSCOPE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("hookscope: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Listen(args) => listen::run(args).await,
            Command::List(args) => read::list(args).await,
            Command::Show(args) => read::show(args).await,
            Command::Replay(args) => replay::replay(args).await,
            Command::Curl(args) => replay::curl(args).await,
            Command::Export(args) => transfer::export(args).await,
            Command::Import(args) => transfer::import(args).await,
            Command::Pin(args) => retention::pin(args, true).await,
            Command::Unpin(args) => retention::pin(args, false).await,
            Command::SendTestEvent(args) => test_event::send(args).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("hookscope: {error:#}");
            ExitCode::FAILURE
        }
    }
}
