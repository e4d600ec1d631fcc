//! Storage faults on the write path: what to tell people, and when to open the
//! write connection again.
//!
//! A fault is announced once when it starts and once when a commit succeeds
//! again, so front ends can say what is wrong while senders get 503 and say that
//! capture resumed by itself. Some faults stick to the connection rather than
//! the file: SQLite opens a database it may not write (a read-only file, an
//! immutable WAL) read-only for good, so such a connection never recovers even
//! once the file is writable again. After those faults the writer opens the
//! database afresh before each attempt and keeps the new connection as soon as
//! it can write.

use rusqlite::{Connection, ErrorCode};

use super::{StoreError, WriterFile};
use crate::events::{CoreEvent, EventBus, StorageHealth};

/// What people are told when the database file cannot be written.
pub(crate) const READ_ONLY: &str = "the database file is read-only";

#[derive(Default)]
pub(super) struct Health {
    /// The problem last announced, until a commit succeeds again.
    fault: Option<String>,
    /// The write connection may be stuck read-only: open another before the next attempt.
    reopen: bool,
}

impl Health {
    /// Before an attempt: swaps in a fresh connection if the last fault asked for one
    /// and the database can be written again.
    pub(super) fn prepare(&mut self, conn: &mut Connection, file: &WriterFile) {
        if self.reopen && reopen(conn, file) == Fresh::Writable {
            self.reopen = false;
        }
    }

    /// A write committed: announces the end of a fault.
    pub(super) fn ok(&mut self, events: &EventBus) {
        if self.fault.take().is_some() {
            events.publish(CoreEvent::Storage(StorageHealth { ok: true, problem: None }));
        }
    }

    /// A write failed: works out what is wrong, announcing it if it changed.
    pub(super) fn failed(&mut self, error: &StoreError, conn: &mut Connection, file: &WriterFile, events: &EventBus) {
        let mut problem = error.storage_fault().unwrap_or("the database refused the write");
        if may_stick_to_connection(error) {
            // A file the process may not write opens read-only: that names the fault
            // better than the I/O error an already-open connection reports.
            match reopen(conn, file) {
                Fresh::Writable => self.reopen = false,
                Fresh::ReadOnly => {
                    problem = READ_ONLY;
                    self.reopen = true;
                }
                Fresh::Unavailable => self.reopen = true,
            }
        }
        if self.fault.as_deref() != Some(problem) {
            tracing::error!(error = %crate::capture::error_chain(error), "storing deliveries fails");
            events.publish(CoreEvent::Storage(StorageHealth { ok: false, problem: Some(problem.to_owned()) }));
            self.fault = Some(problem.to_owned());
        }
    }
}

/// Read-only and I/O faults can be the connection's own; a full disk or a lock held
/// by another program is not (and the full-disk limit may be the connection's setting).
fn may_stick_to_connection(error: &StoreError) -> bool {
    let StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) = error else { return false };
    matches!(e.code, ErrorCode::ReadOnly | ErrorCode::SystemIoFailure | ErrorCode::CannotOpen)
}

#[derive(Debug, PartialEq, Eq)]
enum Fresh {
    Writable,
    ReadOnly,
    Unavailable,
}

/// Opens the database again; keeps the new connection in `conn` only if it can write.
fn reopen(conn: &mut Connection, file: &WriterFile) -> Fresh {
    let fresh = match file.open() {
        Ok(fresh) => fresh,
        Err(error) => {
            tracing::debug!(error = %crate::capture::error_chain(&error), "the database cannot be opened again");
            return Fresh::Unavailable;
        }
    };
    // SQLite falls back to read-only when it may not open the file for writing.
    if fresh.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
        return Fresh::ReadOnly;
    }
    *conn = fresh;
    Fresh::Writable
}

/// The same fault again, for every sender of a batch that failed as a whole.
pub(super) fn same_fault(error: &StoreError) -> StoreError {
    match error {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, message)) => {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(*e, message.clone()))
        }
        _ => StoreError::WriterStopped,
    }
}
