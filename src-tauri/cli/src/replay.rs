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
    let record = inspector.replay(&args.id, args.to, mode, None).await?;
    if args.json {
        println!("{}", serde_json::to_string(&record)?);
    }
    let outcome = &record.outcome;
    match &outcome.result {
        ReplayResult::Answered(response) => {
            if !args.json {
                println!(
                    "{} {} → {} in {} ms",
                    outcome.request.method, record.target, response.status, outcome.latency_ms
                );
                if let Some(body) = &response.body {
                    println!("{body}");
                }
            }
            Ok(if (200..300).contains(&response.status) { ExitCode::SUCCESS } else { ExitCode::from(3) })
        }
        ReplayResult::Failed(failure) => {
            eprintln!("hookscope: replay to {} failed: {}", record.target, failure.message);
            Ok(ExitCode::from(4))
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
