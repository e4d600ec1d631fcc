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
        let conn = match super::open_connection(&path, false) {
            Ok(conn) => conn,
            Err(error) => {
                tracing::warn!(error = %crate::capture::error_chain(&error), "no background checkpoints");
                return;
            }
        };
        while !stopped.load(Ordering::SeqCst) {
            std::thread::sleep(EVERY);
            // PASSIVE never waits for readers or the writer; what it cannot copy now, it copies next time.
            if let Err(error) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                tracing::debug!(%error, "checkpoint skipped");
            }
        }
        // A last full copy, so a closed store leaves a small WAL behind.
        let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    });
    if let Err(error) = started {
        tracing::warn!(%error, "no background checkpoint thread");
    }
    Checkpointer { stop }
}
