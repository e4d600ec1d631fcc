//! WAL checkpoints off the writer's path. SQLite's automatic checkpoint runs
//! inside the commit that crosses the threshold, stalling every sender waiting on
//! that commit; here a thread of its own copies the WAL back every second instead.
//!
//! That copy alone never lets the WAL start over while deliveries keep coming:
//! SQLite rewinds the WAL only when a write begins with every frame copied back,
//! and the writer commits new frames while the thread copies. Under a steady
//! 1,000 deliveries/s the WAL grew by 50 MB a second, without end. So the thread
//! copies in passes until little is left, and the writer copies that rest itself
//! between two transactions (nothing is committed meanwhile, so nothing is left),
//! and its next commit starts the WAL over. Should the thread fall behind (it runs
//! at the lowest priority), the writer also copies once the WAL reaches a cap.
//!
//! Under a heavy stream the WAL reaches that cap within the second, and the writer's
//! copy of everything the thread had not taken yet held every sender meanwhile: in
//! `make bench`'s ingest run, 1.4 s of 9 s, up to 206 ms at a time. So the writer
//! wakes the thread early once the WAL is half way to the cap.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::Thread;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::StoreError;

const EVERY: Duration = Duration::from_secs(1);
/// A pass leaving at most this many frames (1 MiB of 4 KiB pages) for the writer
/// to copy. With the passes' pages synced first (see [`flush_copied_pages`]), its
/// copy took 1–2.5 ms at 1,000 deliveries/s on a 2-core machine, where a second
/// pass leaves 50–120 frames: once a second, paid by the one or two deliveries
/// arriving meanwhile (3–13 ms before, with 1,024 frames left and nothing synced).
const WRITER_FINISHES: u32 = 256;
/// The writer copies the WAL back itself once it holds this many frames (64 MiB),
/// as SQLite's own automatic checkpoint would (at 4 MiB). Only a writer never idle
/// gets there; that copy held it up to 175 ms in `make bench`'s ingest run, where
/// the WAL then stayed near 100 MB instead of growing to 900 MB in 9 s.
const WRITER_CAP: u32 = 16 * 1024;
/// The thread copies without waiting for the second to end once the WAL holds this
/// many frames (32 MiB). A steady 1,000 deliveries/s gets there in about 0.7 s.
const BUSY_FRAMES: u32 = WRITER_CAP / 2;
/// The least time between two rounds of passes, woken early or not: a WAL that
/// cannot start over (a reader still on an old snapshot) stays long, and must not
/// keep the thread copying in a loop.
const MIN_GAP: Duration = Duration::from_millis(50);
/// Passes in a row at most, before the thread sleeps again.
const MAX_PASSES: u32 = 8;

/// What the writer and the checkpoint thread know of the WAL.
#[derive(Debug, Default)]
pub(super) struct Wal {
    /// Frames in the WAL after the writer's last commit.
    frames: AtomicU32,
    /// The thread's last pass left only a little for the writer to copy.
    finish: AtomicBool,
    /// The writer copies at the cap again only once the WAL has grown past this
    /// (0: at the cap): a copy that could not let the WAL start over (a reader still
    /// on an older snapshot) is not retried, with its syncs, after every commit.
    next_cap: AtomicU32,
    /// The checkpoint thread, woken by the writer's commits once the WAL is long.
    checkpointer: OnceLock<Thread>,
}

impl Wal {
    /// Keeps `frames` up to date from the write connection's commits.
    pub(super) fn watch(self: &Arc<Self>, conn: &mut Connection) -> Result<(), StoreError> {
        let wal = self.clone();
        conn.wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, frames: std::ffi::c_int| {
            let frames = u32::try_from(frames).unwrap_or(0);
            wal.frames.store(frames, Ordering::Relaxed);
            if frames >= BUSY_FRAMES {
                // Only a parked thread is woken: a token left while it runs costs nothing.
                if let Some(thread) = wal.checkpointer.get() {
                    thread.unpark();
                }
            }
            Ok(())
        }))?;
        Ok(())
    }

    /// Whether the writer should copy the WAL back now (it clears the thread's request).
    pub(super) fn writer_copies(&self) -> bool {
        if self.finish.swap(false, Ordering::Relaxed) {
            return true;
        }
        let frames = self.frames.load(Ordering::Relaxed);
        if frames < WRITER_CAP {
            self.next_cap.store(0, Ordering::Relaxed);
            return false;
        }
        if frames < self.next_cap.load(Ordering::Relaxed) {
            return false;
        }
        self.next_cap.store(frames.saturating_add(WRITER_CAP / 4), Ordering::Relaxed);
        true
    }
}

/// Copies what it can of the WAL back into the database, without waiting for
/// readers or the writer; returns how many frames of the WAL it has copied back.
pub(super) fn copy_back(conn: &Connection) -> Result<u32, StoreError> {
    // PASSIVE answers (busy, frames in the WAL, frames copied back), -1s when not in WAL mode.
    let copied: i64 = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(2))?;
    Ok(u32::try_from(copied).unwrap_or(0))
}

/// Stops the checkpoint thread when dropped (with the store).
pub(super) struct Checkpointer {
    stop: Arc<AtomicBool>,
    wal: Arc<Wal>,
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.wal.checkpointer.get() {
            thread.unpark();
        }
    }
}

/// Whether the next round of passes is due, `since` the last one ended with the
/// WAL `frames` long: after a second, or sooner once the WAL is long.
fn round_due(since: Duration, frames: u32) -> bool {
    since >= EVERY || (since >= MIN_GAP && frames >= BUSY_FRAMES)
}

/// Parks until the next round is due or the store closes.
fn wait_for_round(wal: &Wal, stopped: &AtomicBool) {
    let last = Instant::now();
    loop {
        let since = last.elapsed();
        if stopped.load(Ordering::SeqCst) || round_due(since, wal.frames.load(Ordering::Relaxed)) {
            return;
        }
        // Woken by a commit past BUSY_FRAMES, by the store closing, or spuriously:
        // the loop looks again. Before MIN_GAP, sleeps that out first.
        if since < MIN_GAP {
            std::thread::sleep(MIN_GAP - since);
        } else {
            std::thread::park_timeout(EVERY.saturating_sub(since));
        }
    }
}

pub(super) fn spawn(path: PathBuf, wal: Arc<Wal>) -> Checkpointer {
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    let watched = wal.clone();
    let started = std::thread::Builder::new().name("hookscope-checkpoint".into()).spawn(move || {
        yield_to_the_writer();
        // Opened again after a failure: a connection that opened the file while it
        // was read-only stays read-only even once the file is writable again.
        let mut conn = super::open_connection(&path, false).ok();
        loop {
            wait_for_round(&wal, &stopped);
            if stopped.load(Ordering::SeqCst) {
                break;
            }
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
            match passes(&open, &wal, &path) {
                Ok(()) => conn = Some(open),
                Err(error) => tracing::debug!(%error, "checkpoint failed; opening the database again next time"),
            }
        }
        // A last full copy, so a closed store leaves a small WAL behind.
        if let Some(open) = conn.or_else(|| super::open_connection(&path, false).ok()) {
            let _ = open.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    });
    match started {
        // Set once: each store spawns one thread for its own `Wal`.
        Ok(handle) => {
            let _ = watched.checkpointer.set(handle.thread().clone());
        }
        Err(error) => tracing::warn!(%error, "no background checkpoint thread"),
    }
    Checkpointer { stop, wal: watched }
}

/// Copies back in passes, each taking what the writer committed during the last,
/// until little is left: then syncs the database file and asks the writer to copy
/// that rest.
fn passes(conn: &Connection, wal: &Wal, path: &Path) -> Result<(), StoreError> {
    for _ in 0..MAX_PASSES {
        let copied = copy_back(conn)?;
        // Frames the writer committed since this pass began count too.
        let left = wal.frames.load(Ordering::Relaxed).saturating_sub(copied);
        if left == 0 {
            return Ok(());
        }
        if left <= WRITER_FINISHES {
            flush_copied_pages(path);
            wal.finish.store(true, Ordering::Relaxed);
            return Ok(());
        }
    }
    // Still behind: the writer copies at its cap, and should not sync all of this then.
    flush_copied_pages(path);
    Ok(())
}

/// Syncs the pages the passes copied into the database file. SQLite syncs the
/// database only in a checkpoint that reaches the end of the WAL, which here is
/// the writer's: without this, that sync wrote a whole second of copied pages
/// (about 50 MB at 1,000 deliveries/s) and took 10–23 ms, while every sender
/// waited. Syncing them here, the writer's sync has only its own few pages left.
fn flush_copied_pages(path: &Path) {
    if let Err(error) = std::fs::File::open(path).and_then(|file| file.sync_data()) {
        tracing::debug!(%error, "syncing the database file before the writer's copy failed");
    }
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;
    use std::time::Duration;

    use super::{round_due, Wal, BUSY_FRAMES, EVERY, MIN_GAP, WRITER_CAP};

    #[test]
    fn a_round_is_due_after_a_second_or_sooner_with_a_long_wal() {
        let ms = Duration::from_millis;
        assert!(!round_due(ms(0), 0));
        assert!(!round_due(EVERY - ms(1), BUSY_FRAMES - 1));
        assert!(round_due(EVERY, 0));
        // A long WAL brings the round forward, but never closer than MIN_GAP to the last.
        assert!(round_due(MIN_GAP, BUSY_FRAMES));
        assert!(!round_due(MIN_GAP - ms(1), BUSY_FRAMES));
        assert!(round_due(ms(300), WRITER_CAP));
    }

    #[test]
    fn at_the_cap_the_writer_copies_again_only_once_the_wal_grew_further() {
        let wal = Wal::default();
        let at = |frames: u32| wal.frames.store(frames, Ordering::Relaxed);
        at(WRITER_CAP - 1);
        assert!(!wal.writer_copies());
        at(WRITER_CAP);
        assert!(wal.writer_copies());
        // The copy did not let the WAL start over: not again after the next commit…
        at(WRITER_CAP + 10);
        assert!(!wal.writer_copies());
        // …but once it grew by another quarter of the cap.
        at(WRITER_CAP + WRITER_CAP / 4);
        assert!(wal.writer_copies());
        // The checkpoint thread's request is taken once, whatever the size.
        wal.finish.store(true, Ordering::Relaxed);
        assert!(wal.writer_copies());
        assert!(!wal.writer_copies());
        // Started over: the cap counts from the start again.
        at(10);
        assert!(!wal.writer_copies());
        at(WRITER_CAP);
        assert!(wal.writer_copies());
    }
}
