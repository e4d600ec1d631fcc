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
        yield_to_the_writer();
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

/// Gives this thread the lowest CPU priority and the idle I/O class: a checkpoint
/// copying the WAL back (and syncing it) then takes no time from the writer and
/// the listener while senders wait for their answers. With the default priority,
/// checkpoints set the slowest 1% of answers at a steady 1,000 deliveries/s
/// (`make bench --only ack` on a shared 2-core machine: p99 2.7–4.5 ms with them,
/// about 1 ms with none; lowered like this, 1.5–3.7 ms). A checkpoint kept waiting
/// by other I/O only lets the WAL grow meanwhile.
#[cfg(target_os = "linux")]
fn yield_to_the_writer() {
    // ioprio_set(2): IOPRIO_WHO_PROCESS with id 0 is the calling thread; the
    // class sits above IOPRIO_CLASS_SHIFT.
    const IOPRIO_WHO_PROCESS: libc::c_int = 1;
    const IOPRIO_CLASS_IDLE: libc::c_int = 3;
    const IOPRIO_CLASS_SHIFT: libc::c_int = 13;
    // SAFETY: both calls take plain integers and change only the calling thread's
    // own scheduling; lowering one's priority needs no privilege.
    let niced = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 19) };
    let idle =
        unsafe { libc::syscall(libc::SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, IOPRIO_CLASS_IDLE << IOPRIO_CLASS_SHIFT) };
    if niced != 0 || idle != 0 {
        tracing::debug!(error = %std::io::Error::last_os_error(), "the checkpoint thread keeps its priority");
    }
}

#[cfg(not(target_os = "linux"))]
fn yield_to_the_writer() {}
