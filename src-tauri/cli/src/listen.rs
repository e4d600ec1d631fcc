//! `hookscope listen`.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context as _;
use hookscope_core::{CoreEvent, Inspector, InspectorConfig};
use tokio::sync::broadcast::error::RecvError;

use crate::args::ListenArgs;
use crate::render;

pub async fn run(args: ListenArgs) -> anyhow::Result<ExitCode> {
    let db = args.store.db_path();
    let inspector =
        Inspector::open(InspectorConfig::new(&db)).with_context(|| format!("cannot open {}", db.display()))?;
    let mut events = inspector.subscribe();
    let listener = inspector.listen(SocketAddr::new(args.bind, args.port)).await?;
    println!("listening on http://{} (store: {})", listener.local_addr(), db.display());
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(CoreEvent::DeliveryStored(summary)) => println!("{}", render::summary_line(&summary)),
                Err(RecvError::Lagged(missed)) => eprintln!("hookscope: {missed} deliveries stored faster than printed; see `hookscope list`"),
                Err(RecvError::Closed) => break,
            },
            _ = shutdown_signal() => break,
        }
    }
    drop(listener);
    Ok(ExitCode::SUCCESS)
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
