//! `hookscope listen`.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context as _;
use hookscope_core::forward::ForwardPlan;
use hookscope_core::respond::{parse_delay, parse_script, parse_status, AnswerConfig, FixedAnswer};
use hookscope_core::signing::SigningConfig;
use hookscope_core::tunnel::{webhook_url, Tunnel, TunnelConfig, TunnelState};
use hookscope_core::verify::VerifySettings;
use hookscope_core::{CoreEvent, Inspector, InspectorConfig};
use tokio::sync::broadcast::error::RecvError;

use crate::args::ListenArgs;
use crate::{render, secrets};

pub async fn run(args: ListenArgs) -> anyhow::Result<ExitCode> {
    let db = args.store.db_path();
    let answers = answer_config(&args)?;
    let secrets = secrets::parse_all(&args.secrets).map_err(anyhow::Error::msg)?;
    let secret_count = secrets.len();
    let mut config = InspectorConfig::new(&db);
    config.signing =
        SigningConfig { secrets, settings: VerifySettings { tolerance_seconds: args.tolerance, ..Default::default() } };
    let inspector = Inspector::open(config).with_context(|| format!("cannot open {}", db.display()))?;
    inspector.answers().set(answers);
    if let Some(target) = &args.forward {
        hookscope_core::replaying::check_target(target)?;
        inspector.forwarding().set(Some(ForwardPlan {
            target: target.clone(),
            resign: args.forward_resign,
            mirror: args.mirror,
            timeout: hookscope_core::replay::DEFAULT_TIMEOUT,
        }));
    }
    let mut events = inspector.subscribe();
    let kept = crate::retention::apply(&inspector, &args).await?;
    let listener = inspector.listen(SocketAddr::new(args.bind, args.port)).await?;
    println!("listening on http://{} (store: {})", listener.local_addr(), db.display());
    println!("{kept}");
    match secret_count {
        0 => println!("no signing secret: signed deliveries show as no_secret (pass --secret whsec_…)"),
        n => println!("verifying with {n} secret(s), tolerance {} s", args.tolerance),
    }
    if let Some(banner) = inspector.answers().banner() {
        println!("note: {banner}");
    }
    let tunnel = if args.tunnel {
        let config = TunnelConfig {
            authtoken: std::env::var("NGROK_AUTHTOKEN").ok(),
            domain: args.domain.clone(),
            local: listener.local_addr(),
        };
        let path = args.webhook_path.clone();
        Some(Tunnel::start(config, move |state| println!("{}", tunnel_line(&state, &path))).await)
    } else {
        None
    };
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(CoreEvent::DeliveryStored(summary)) => println!("{}", render::summary_line(&summary)),
                Ok(CoreEvent::Replayed(record)) => {
                    println!("  {}", render::forward_line(&record));
                    if let Some(warning) = processed_twice(&inspector, &record.delivery_id).await {
                        println!("  {warning}");
                    }
                }
                Ok(CoreEvent::Reverified(_) | CoreEvent::Imported(_)) => {}
                Ok(CoreEvent::Pruned(ids)) => println!("{}", crate::retention::removed_line(ids.len())),
                Ok(CoreEvent::Storage(health)) => match health.problem {
                    Some(problem) => eprintln!("hookscope: cannot store deliveries: {problem}; answering 503 until it clears"),
                    None => eprintln!("hookscope: storing deliveries again"),
                },
                Err(RecvError::Lagged(missed)) => eprintln!("hookscope: {missed} deliveries stored faster than printed; see `hookscope list`"),
                Err(RecvError::Closed) => break,
            },
            _ = shutdown_signal() => break,
        }
    }
    if let Some(tunnel) = tunnel {
        tunnel.stop().await;
    }
    drop(listener);
    Ok(ExitCode::SUCCESS)
}

/// The warning to print when the handler has now answered 2xx more than once for one event.
async fn processed_twice(inspector: &Inspector, delivery_id: &str) -> Option<String> {
    let delivery = inspector.delivery(delivery_id).await.ok()??;
    let key = delivery.captured.dedup_key;
    let successes = inspector.store().local_successes(&key).await.ok()?;
    (successes > 1)
        .then(|| format!("warning: processed twice — your handler answered 2xx {successes} times for event {key}"))
}

/// One line per tunnel state change.
fn tunnel_line(state: &TunnelState, path: &str) -> String {
    match state {
        TunnelState::Off => "tunnel: off".to_owned(),
        TunnelState::Connecting => "tunnel: connecting…".to_owned(),
        TunnelState::Online { url } => {
            format!(
                "tunnel: online at {url}\n  register this URL at the provider (with the path): {}",
                webhook_url(url, path)
            )
        }
        TunnelState::Reconnecting { .. } => "tunnel: reconnecting… (the local listener keeps capturing)".to_owned(),
        TunnelState::Failed { reason, .. } => format!("tunnel: failed: {reason}"),
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The answer settings from `--respond`, `--respond-script`, `--delay` and `--timeout-hold`.
fn answer_config(args: &ListenArgs) -> anyhow::Result<AnswerConfig> {
    let mut config = AnswerConfig { timeout_hold_ms: parse_delay(&args.timeout_hold)?, ..AnswerConfig::default() };
    if let Some(script) = &args.respond_script {
        config.script = parse_script(script)?;
    }
    let delay_ms = args.delay.as_deref().map(parse_delay).transpose()?.unwrap_or(0);
    let status = args.respond.as_deref().map(parse_status).transpose()?;
    let headers = args
        .respond_header
        .iter()
        .map(|h| match h.split_once(':') {
            Some((name, value)) => Ok((name.trim().to_owned(), value.trim().to_owned())),
            None => Err(anyhow::anyhow!("--respond-header '{h}': write it as 'Name: value'")),
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let body = args.respond_body.clone();
    if status.is_some() || delay_ms > 0 || body.is_some() || !headers.is_empty() {
        config.fixed = Some(FixedAnswer { status: status.unwrap_or(200), body, headers, delay_ms });
    }
    config.validate()?;
    Ok(config)
}
