//! `hookscope replay` and `hookscope curl`.

use std::process::ExitCode;

use hookscope_core::replay::{ReplayMode, ReplayResult};
use hookscope_core::signing::SigningConfig;

use crate::args::{CurlArgs, ReplayArgs};
use crate::{read, secrets};

pub async fn replay(args: ReplayArgs) -> anyhow::Result<ExitCode> {
    let inspector = read::open(&args.store)?;
    let secrets = secrets::parse_all(&args.secrets).map_err(anyhow::Error::msg)?;
    inspector.use_signing(SigningConfig { secrets, ..Default::default() });
    let mode = if args.resign { ReplayMode::Resigned { new_message_id: args.new_id } } else { ReplayMode::AsCaptured };
    let records = match args.copies {
        Some(copies) => {
            let [id] = args.ids.as_slice() else { anyhow::bail!("--copies takes exactly one delivery id") };
            inspector.idempotency_check(id, args.to, copies).await?
        }
        None => {
            let timeout = args.timeout.map(std::time::Duration::from_secs);
            let mut records = Vec::new();
            for id in &args.ids {
                records.push(inspector.replay_timed(id, args.to.clone(), mode, None, timeout).await?);
            }
            records
        }
    };
    let mut code = ExitCode::SUCCESS;
    for record in &records {
        if args.json {
            println!("{}", serde_json::to_string(record)?);
        }
        code = print_outcome(record, args.json).unwrap_or(code);
    }
    Ok(code)
}

/// Prints one replay's answer; returns a failing exit code for a non-2xx or a failure.
fn print_outcome(record: &hookscope_core::replays::ReplayRecord, json: bool) -> Option<ExitCode> {
    let outcome = &record.outcome;
    match &outcome.result {
        ReplayResult::Answered(response) => {
            if !json {
                println!(
                    "{} {} → {} in {} ms",
                    outcome.request.method, record.target, response.status, outcome.latency_ms
                );
                if let Some(body) = &response.body {
                    println!("{body}");
                }
            }
            (!(200..300).contains(&response.status)).then(|| ExitCode::from(3))
        }
        ReplayResult::Failed(failure) => {
            eprintln!("hookscope: replay to {} failed: {}", record.target, failure.message);
            Some(ExitCode::from(4))
        }
    }
}

pub async fn curl(args: CurlArgs) -> anyhow::Result<ExitCode> {
    let inspector = read::open(&args.store)?;
    let secrets = secrets::parse_all(&args.secrets).map_err(anyhow::Error::msg)?;
    inspector.use_signing(SigningConfig { secrets, ..Default::default() });
    println!("{}", inspector.curl(&args.id, args.to, args.resign).await?);
    Ok(ExitCode::SUCCESS)
}
