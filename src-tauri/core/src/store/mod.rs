//! The SQLite store: one writer thread owns the write connection; reads run on
//! their own WAL connections.

mod checkpoint;
mod filter;
mod filtered;
mod health;
mod imported;
mod migrations;
mod prune;
mod queries;
pub mod scoped;
mod search_index;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OpenFlags};

use crate::delivery::{Captured, Delivery};
use crate::events::{CoreEvent, EventBus};
use crate::id::IdMinter;
use crate::verify::VerificationStatus;

pub use filter::StatusRange;
pub use filtered::COUNT_CAP;
pub use imported::Inserted;
pub use migrations::LATEST as SCHEMA_VERSION;
pub(crate) use queries::SignedInput;
pub use queries::{ChainEntry, GroupChain, GroupPage, GroupSummary, ListOrder, Page, TimelineFilter};
pub use writer::{Decide, Stored};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data directory {path}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the database at {path}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the database uses schema version {found}, newer than this build knows ({known}); update hookscope")]
    SchemaTooNew { found: u32, known: u32 },
    #[error("database error")]
    Sqlite(#[from] rusqlite::Error),
    #[error("a stored value could not be encoded or decoded")]
    Encode(#[source] serde_json::Error),
    #[error("the store's writer is overloaded")]
    Overloaded,
    #[error("the store's writer has stopped")]
    WriterStopped,
    #[error("a read task failed")]
    ReadTask(#[source] tokio::task::JoinError),
}

impl StoreError {
    /// A short explanation for people, without internal detail; `None` for plain bugs.
    pub fn storage_fault(&self) -> Option<&'static str> {
        let StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) = self else {
            return None;
        };
        use rusqlite::ErrorCode as C;
        match e.code {
            C::DiskFull => Some("the disk is full"),
            C::ReadOnly => Some(health::READ_ONLY),
            C::CannotOpen | C::PermissionDenied => Some("the database file cannot be opened for writing"),
            C::DatabaseBusy | C::DatabaseLocked => Some("the database is locked by another program"),
            C::SystemIoFailure => Some("the disk failed to write"),
            _ => None,
        }
    }
}

/// The store of deliveries. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: writer::WriterHandle,
    readers: Mutex<Vec<Connection>>,
    cap: Arc<prune::Cap>,
    _checkpointer: checkpoint::Checkpointer,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, migrates it, and starts the writer.
    pub fn open(path: &Path, events: EventBus) -> Result<Store, StoreError> {
        Self::open_with_ids(path, events, IdMinter::new())
    }

    /// As [`Store::open`], minting ids with `ids` (a seeded minter makes ids exact in tests).
    pub fn open_with_ids(path: &Path, events: EventBus, ids: IdMinter) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir { path: dir.to_owned(), source })?;
        }
        let file = WriterFile { path: path.to_owned(), wal: Arc::default() };
        let mut conn = file.open()?;
        migrations::migrate(&mut conn)?;
        let cap = prune::Cap::load(&conn)?;
        let _checkpointer = checkpoint::spawn(path.to_owned(), file.wal.clone());
        let writer = writer::spawn(conn, file, events, ids, cap.clone())?;
        Ok(Store {
            inner: Arc::new(Inner {
                path: path.to_owned(),
                writer,
                readers: Mutex::new(Vec::new()),
                cap,
                _checkpointer,
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Commits a captured request, answering it with what `decide` makes of its
    /// place among earlier deliveries; resolves once it is committed.
    pub async fn insert(&self, captured: Captured, decide: Decide) -> Result<Stored, StoreError> {
        self.inner.writer.insert(captured, decide).await
    }

    /// Runs `f` on the write connection. `f` commits its own transaction and returns
    /// the events to publish, which go out only when it returned `Ok`.
    pub async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<(T, Vec<CoreEvent>), StoreError> + Send + 'static,
    {
        self.inner.writer.run(f).await
    }

    /// Runs `f` on a read connection, off the async runtime's threads.
    pub async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.read_blocking(f)).await.map_err(StoreError::ReadTask)?
    }

    /// Runs `f` on a read connection on the calling thread.
    pub fn read_blocking<T>(&self, f: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let pooled = self.inner.readers.lock().ok().and_then(|mut pool| pool.pop());
        let conn = match pooled {
            Some(conn) => conn,
            None => open_connection(&self.inner.path, true)?,
        };
        let result = f(&conn);
        if let Ok(mut pool) = self.inner.readers.lock() {
            pool.push(conn);
        }
        result
    }

    /// The stored delivery with `id`.
    pub async fn get(&self, id: &str) -> Result<Option<Delivery>, StoreError> {
        let id = id.to_owned();
        self.read(move |conn| queries::get(conn, &id)).await
    }

    /// A page of the timeline: summaries newest first, strictly older than `before`.
    pub async fn page(&self, before: Option<String>, limit: u32, filter: TimelineFilter) -> Result<Page, StoreError> {
        self.read(move |conn| queries::page(conn, before.as_deref(), limit, &filter)).await
    }

    /// A page of events (deliveries grouped by dedup key), newest first.
    pub async fn groups(
        &self,
        before: Option<String>,
        limit: u32,
        filter: TimelineFilter,
    ) -> Result<GroupPage, StoreError> {
        self.read(move |conn| queries::groups(conn, before.as_deref(), limit, &filter)).await
    }

    /// Every delivery of one event, oldest first, with the gaps between attempts.
    pub async fn chain(&self, dedup_key: &str) -> Result<GroupChain, StoreError> {
        let key = dedup_key.to_owned();
        self.read(move |conn| queries::chain(conn, &key)).await
    }

    /// Deliveries to re-verify: the imported ones when `imported`, else those captured here.
    pub(crate) async fn signed_inputs(
        &self,
        after: Option<String>,
        limit: u32,
        imported: bool,
    ) -> Result<Vec<SignedInput>, StoreError> {
        self.read(move |conn| queries::signed_inputs(conn, after.as_deref(), limit, imported)).await
    }

    pub(crate) async fn count_signed(&self, imported: bool) -> Result<u64, StoreError> {
        self.read(move |conn| queries::count_signed(conn, imported)).await
    }

    /// Replaces the verdicts of the given deliveries (after a secret change).
    pub(crate) async fn set_verifications(
        &self,
        verdicts: Vec<(String, crate::verify::Verification)>,
        announce: Vec<CoreEvent>,
    ) -> Result<(), StoreError> {
        self.write(move |conn| {
            let tx = conn.transaction()?;
            {
                let mut update = tx.prepare_cached(
                    "UPDATE deliveries SET verification_status = ?2, verification = ?3 WHERE id = ?1",
                )?;
                for (id, verification) in &verdicts {
                    let json = serde_json::to_string(verification).map_err(StoreError::Encode)?;
                    update.execute((id, verification_status_code(verification.status), json))?;
                }
            }
            tx.commit()?;
            Ok(((), announce))
        })
        .await
    }

    /// Calls `each` with every stored delivery in `order`, one at a time (bounded memory).
    pub fn for_each_blocking<E: From<StoreError>>(
        &self,
        order: ListOrder,
        each: impl FnMut(Delivery) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut outcome = Ok(());
        self.read_blocking(|conn| {
            outcome = queries::for_each(conn, order, each);
            Ok(())
        })?;
        outcome
    }

    /// The replays of one delivery, newest first.
    pub async fn replays_of(&self, delivery_id: &str) -> Result<Vec<crate::replays::ReplayRecord>, StoreError> {
        let id = delivery_id.to_owned();
        self.read(move |conn| crate::replays::of(conn, &id)).await
    }

    /// As [`Store::replays_of`], on the calling thread.
    pub fn replays_of_blocking(&self, delivery_id: &str) -> Result<Vec<crate::replays::ReplayRecord>, StoreError> {
        self.read_blocking(|conn| crate::replays::of(conn, delivery_id))
    }

    /// How often the developer's service answered 2xx for the event with `dedup_key`.
    pub async fn local_successes(&self, dedup_key: &str) -> Result<u32, StoreError> {
        let key = dedup_key.to_owned();
        self.read(move |conn| crate::replays::local_successes(conn, &key)).await
    }

    pub async fn count(&self) -> Result<u64, StoreError> {
        self.read(queries::count).await
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let key = key.to_owned();
        self.read(move |conn| queries::setting(conn, &key)).await
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let (key, value) = (key.to_owned(), value.to_owned());
        self.write(move |conn| {
            put_setting(conn, &key, &value)?;
            Ok(((), Vec::new()))
        })
        .await
    }
}

fn put_setting(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )?;
    Ok(())
}

/// The stored form of a verdict: the same word as its JSON.
pub(crate) fn verification_status_code(status: VerificationStatus) -> &'static str {
    match status {
        VerificationStatus::Verified => "verified",
        VerificationStatus::Stale => "stale",
        VerificationStatus::Mismatch => "mismatch",
        VerificationStatus::Malformed => "malformed",
        VerificationStatus::Unsigned => "unsigned",
        VerificationStatus::NoSecret => "no_secret",
    }
}

/// The database file the writer writes, and what it knows of its WAL.
pub(super) struct WriterFile {
    path: PathBuf,
    wal: Arc<checkpoint::Wal>,
}

impl WriterFile {
    /// The write connection: checkpoints run on their own thread or between the
    /// writer's transactions (see `checkpoint`), never inside a commit.
    fn open(&self) -> Result<Connection, StoreError> {
        let mut conn = open_connection(&self.path, false)?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        // A statement that fires triggers (removing a delivery also removes it from
        // the search index) keeps a copy of each page it changes, to undo it alone if
        // it fails: a statement journal, spilled to a temporary file past 64 KiB. With
        // a full store, where every delivery stored removes an old one, those writes
        // took most of the writer's kernel time; in memory they are one copy each,
        // freed when the statement ends. Migrations journal in a file (see `migrate`).
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // After the pragma, which sets a WAL hook of its own.
        self.wal.watch(&mut conn)?;
        Ok(conn)
    }
}

fn open_connection(path: &Path, read_only: bool) -> Result<Connection, StoreError> {
    let open_err = |source| StoreError::Open { path: path.to_owned(), source };
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI
    };
    let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
    // WAL lets readers run beside the one writer. NORMAL sync keeps every commit
    // across a process crash; only a power cut can lose the last commits.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 2000;",
    )
    .map_err(open_err)?;
    if read_only {
        conn.execute_batch("PRAGMA query_only = ON;").map_err(open_err)?;
    }
    Ok(conn)
}

#[cfg(test)]
mod tests;
