//! WAL checkpoints off the writer's path. SQLite's automatic checkpoint runs
//! inside the commit that crosses the threshold, stalling every sender waiting on
//! that commit; here a thread of its own copies the WAL back every second instead.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

const EVERY: Duration = Duration::from_secs(1);

/// Stops the checkpoint thread when dropped (with the store).
pub(super) struct Checkpointer {
    stop: Arc<AtomicBool>,
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

pub(super) fn spawn(path: PathBuf) -> Checkpointer {
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    let started = std::thread::Builder::new().name("hookscope-checkpoint".into()).spawn(move || {
        // Opened again after a failure: a connection that opened the file while it
        // was read-only stays read-only even once the file is writable again.
        let mut conn = super::open_connection(&path, false).ok();
        while !stopped.load(Ordering::SeqCst) {
            std::thread::sleep(EVERY);
            let open = match conn.take() {
                Some(open) => open,
                None => match super::open_connection(&path, false) {
                    Ok(open) => open,
                    Err(error) => {
                        tracing::debug!(error = %crate::capture::error_chain(&error), "no checkpoint connection yet");
                        continue;
                    }
                },
            };
            // PASSIVE never waits for readers or the writer; what it cannot copy now, it copies next time.
            match open.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                Ok(()) => conn = Some(open),
                Err(error) => tracing::debug!(%error, "checkpoint failed; opening the database again next time"),
            }
        }
        // A last full copy, so a closed store leaves a small WAL behind.
        if let Some(open) = conn.or_else(|| super::open_connection(&path, false).ok()) {
            let _ = open.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    });
    if let Err(error) = started {
        tracing::warn!(%error, "no background checkpoint thread");
    }
    Checkpointer { stop }
}
