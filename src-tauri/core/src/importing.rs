//! Importing: the file read and parsed on a blocking thread, batches handed to
//! the store's writer (each committed whole), progress announced after each
//! commit. A bounded channel between the two keeps memory to a few batches.

use std::io::{BufRead as _, BufReader, Read};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::events::CoreEvent;
use crate::import::{
    self, ImportCounts, ImportError, ImportFormat, ImportProgress, ImportSummary, ImportedDelivery, Parsed, Rejected,
};
use crate::inspector::Inspector;
use crate::reverify::{self, Runs};
use crate::store::StoreError;

/// A batch is sent to the writer at this many deliveries…
const BATCH_ROWS: usize = 500;
/// …or once its bodies reach this many bytes.
const BATCH_BYTES: usize = 8 << 20;
/// Rejected lines kept with their reasons; the rest are only counted.
const ERRORS_KEPT: usize = 10;

struct Batch {
    rows: Vec<ImportedDelivery>,
    rejected: u64,
    bytes_read: u64,
}

impl Inspector {
    /// Imports the Hookscope log or HAR file at `path` into the timeline: every
    /// delivery keeps its id and its recorded verdict, and is marked as imported
    /// from the file's name. Deliveries already stored are skipped, so importing a
    /// file twice adds nothing. Progress goes out as [`CoreEvent::Imported`].
    pub async fn import(&self, path: &Path) -> Result<ImportSummary, ImportError> {
        let file_name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        let file = std::fs::File::open(path).map_err(|source| ImportError::Open { path: path.to_owned(), source })?;
        let total_bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
        let read = Arc::new(AtomicU64::new(0));
        let mut reader = BufReader::with_capacity(1 << 18, Counted { inner: file, read: read.clone() });
        let format = import::sniff(reader.fill_buf().map_err(ImportError::Read)?);
        let (batches, mut received) = mpsc::channel(2);
        let name = file_name.clone();
        let parse = tokio::task::spawn_blocking(move || {
            let mut batcher = Batcher { batches, read, batch: Vec::new(), bytes: 0, rejected: 0, errors: Vec::new() };
            let each = |parsed| batcher.push(parsed);
            let outcome = match format {
                ImportFormat::Ndjson => import::ndjson::read(reader, &name, each),
                ImportFormat::Har => import::har::read(reader, &name, each),
            };
            // What was read before a fatal error is still imported. A refused send
            // means the writing side failed, and it reports why.
            let _ = batcher.send();
            outcome.map(|()| (batcher.rejected, batcher.errors))
        });
        let mut progress = ImportProgress {
            file: file_name.clone(),
            counts: ImportCounts::default(),
            bytes_read: 0,
            total_bytes,
            finished: false,
        };
        while let Some(batch) = received.recv().await {
            progress.counts.rejected = batch.rejected;
            progress.bytes_read = batch.bytes_read;
            let mut announced = progress.clone();
            let inserted = self
                .store()
                .insert_imported(batch.rows, file_name.clone(), move |inserted| {
                    announced.counts.added += inserted.added;
                    announced.counts.skipped += inserted.skipped;
                    vec![CoreEvent::Imported(announced)]
                })
                .await?;
            progress.counts.added += inserted.added;
            progress.counts.skipped += inserted.skipped;
        }
        let (rejected, errors) = parse.await.map_err(ImportError::Task)??;
        progress.finished = true;
        let finished = CoreEvent::Imported(progress.clone());
        self.store().write(move |_| Ok(((), vec![finished]))).await?;
        Ok(ImportSummary { file: file_name, format, counts: ImportCounts { rejected, ..progress.counts }, errors })
    }

    /// Re-verifies every imported delivery against the secrets in use, replacing
    /// the verdicts recorded where they were captured (progress as
    /// [`CoreEvent::Reverified`]). Must be called within a Tokio runtime.
    pub fn reverify_imported(&self) -> tokio::task::JoinHandle<Result<(), StoreError>> {
        // Its own run counter: a change of secrets does not cancel an explicit request.
        let runs = Runs::default();
        let run = runs.start();
        let (store, signing) = (self.store().clone(), self.signing().current());
        tokio::spawn(reverify::run(store, signing, runs, run, reverify::Scope::Imported))
    }
}

/// Gathers parsed deliveries into batches for the writer.
struct Batcher {
    batches: mpsc::Sender<Batch>,
    read: Arc<AtomicU64>,
    batch: Vec<ImportedDelivery>,
    bytes: usize,
    rejected: u64,
    errors: Vec<Rejected>,
}

impl Batcher {
    fn push(&mut self, parsed: Parsed) -> ControlFlow<()> {
        match parsed {
            Parsed::Delivery(delivery) => {
                self.bytes += delivery.delivery.captured.body.len();
                self.batch.push(*delivery);
            }
            Parsed::Rejected(rejected) => {
                self.rejected += 1;
                if self.errors.len() < ERRORS_KEPT {
                    self.errors.push(rejected);
                }
            }
        }
        if self.batch.len() >= BATCH_ROWS || self.bytes >= BATCH_BYTES {
            return self.send();
        }
        ControlFlow::Continue(())
    }

    /// Sends what is gathered (possibly nothing: the counts still go); breaks when
    /// the receiving side has given up (a failed commit).
    fn send(&mut self) -> ControlFlow<()> {
        let batch = Batch {
            rows: std::mem::take(&mut self.batch),
            rejected: self.rejected,
            bytes_read: self.read.load(Ordering::Relaxed),
        };
        self.bytes = 0;
        match self.batches.blocking_send(batch) {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        }
    }
}

/// Counts the bytes read from the file, for progress.
struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
