//! `hookscope export` and `hookscope import`: sharing deliveries as a file.

use std::io::IsTerminal as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use hookscope_core::export::{ExportRequest, ExportScope, RedactionOptions};
use hookscope_core::signing::SigningConfig;
use hookscope_core::vault::Vault;
use hookscope_core::verify::Secret;
use hookscope_core::CoreEvent;

use crate::args::{ExportArgs, ImportArgs};
use crate::read;

/// Exit status of an import that skipped some unreadable lines or entries.
const SOME_REJECTED: u8 = 2;

/// The signing secrets known for the store at `db` — saved with it (keyring or
/// file) and given with `--secret` — and every value never to write: those
/// secrets as typed, and the ngrok authtoken (saved, or `NGROK_AUTHTOKEN`).
fn known_secrets(db: &Path, given: &[String]) -> anyhow::Result<(Vec<Secret>, Vec<String>)> {
    let data_dir = db.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let vault = Vault::open(data_dir);
    let mut secrets = vault.load().context("cannot read the saved signing secrets")?;
    secrets.extend(crate::secrets::parse_all(given).map_err(anyhow::Error::msg)?);
    let mut never_write: Vec<String> = given.to_vec();
    never_write.extend(vault.token().context("cannot read the saved ngrok authtoken")?);
    never_write.extend(std::env::var("NGROK_AUTHTOKEN").ok());
    Ok((secrets, never_write))
}

pub async fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let inspector = read::open(&args.store)?;
    let filter = args.filter.to_filter(args.verdicts, inspector.clock().now_ms()).map_err(anyhow::Error::msg)?;
    let (secrets, never_write) = known_secrets(&args.store.db_path(), &args.secrets)?;
    inspector.use_signing(SigningConfig { secrets, ..SigningConfig::default() });
    let mut redaction = if args.no_default_redactions { RedactionOptions::none() } else { RedactionOptions::default() };
    redaction.headers.extend(args.redact_headers);
    redaction.json_paths.extend(args.redact_json);
    if args.self_preset {
        redaction = redaction.with_self_preset();
    }
    let request = ExportRequest { format: args.format, scope: ExportScope { filter, ids: args.ids }, redaction };
    let summary = match &args.output {
        None => inspector.export(request, never_write, std::io::stdout()).await?,
        Some(path) => inspector.export_to_file(request, never_write, path).await?,
    };
    let mut line = format!("exported {} deliveries ({} bytes)", summary.count, summary.bytes);
    if summary.redacted_bodies > 0 {
        line.push_str(&format!("; {} bodies redacted (their signatures no longer match)", summary.redacted_bodies));
    }
    if summary.secrets_removed > 0 {
        line.push_str(&format!("; {} occurrences of a secret removed", summary.secrets_removed));
    }
    // On stderr: stdout may be the export itself.
    eprintln!("{line}");
    Ok(ExitCode::SUCCESS)
}

pub async fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let inspector = read::open(&args.store)?;
    let signing = if args.reverify {
        let (secrets, _) = known_secrets(&args.store.db_path(), &args.secrets)?;
        anyhow::ensure!(!secrets.is_empty(), "--reverify needs a signing secret: save one, or pass --secret");
        Some(SigningConfig { secrets, ..SigningConfig::default() })
    } else {
        None
    };
    if std::io::stderr().is_terminal() {
        let mut progress = inspector.subscribe();
        tokio::spawn(async move {
            while let Ok(event) = progress.recv().await {
                if let CoreEvent::Imported(p) = event {
                    eprint!(
                        "\r{} added, {} already present ({}%)",
                        p.counts.added,
                        p.counts.skipped,
                        percent(p.bytes_read, p.total_bytes)
                    );
                }
            }
        });
    }
    let summary = inspector.import(&args.file).await?;
    if std::io::stderr().is_terminal() {
        eprintln!();
    }
    println!(
        "imported {} deliveries from {} ({} already present, {} rejected)",
        summary.counts.added, summary.file, summary.counts.skipped, summary.counts.rejected
    );
    for rejected in &summary.errors {
        eprintln!("  {}: {}", rejected.at, rejected.message);
    }
    if summary.counts.rejected > summary.errors.len() as u64 {
        eprintln!("  … and {} more", summary.counts.rejected - summary.errors.len() as u64);
    }
    if let Some(signing) = signing {
        inspector.use_signing(signing);
        let mut events = inspector.subscribe();
        inspector.reverify_imported().await.context("re-verification stopped")??;
        let mut total = 0;
        while let Ok(event) = events.try_recv() {
            if let CoreEvent::Reverified(p) = event {
                total = p.total;
            }
        }
        println!("re-verified {total} imported deliveries against your signing secrets");
    }
    Ok(if summary.counts.rejected > 0 { ExitCode::from(SOME_REJECTED) } else { ExitCode::SUCCESS })
}

fn percent(done: u64, total: u64) -> u64 {
    (done * 100).checked_div(total).unwrap_or(100).min(100)
}
