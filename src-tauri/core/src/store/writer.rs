//! The single owner of the write connection.
//!
//! Inserts that arrive together are committed together (group commit): one
//! transaction, one WAL write, then every waiting sender is answered and every
//! event published. A failed batch is retried row by row, so one bad row cannot
//! fail the others — unless the store itself failed (see `health`): then every
//! sender of the batch gets its 503 at once.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TryRecvError, TrySendError};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use tokio::sync::oneshot;

use super::health::{self, Health};
use super::prune::{Cap, Pruner};
use super::search_index;
use super::{checkpoint, StoreError, WriterFile};
use crate::delivery::{encode_headers, Answer, Captured, Delivery};
use crate::events::{CoreEvent, EventBus};
use crate::group::{self, Classification, Known};
use crate::id::IdMinter;
use crate::respond::Decision;

/// Jobs waiting beyond this many are refused (the listener answers 503) rather
/// than queued without bound.
const QUEUE: usize = 8192;
/// The most inserts in one transaction.
const MAX_BATCH: usize = 512;
/// Indexing for search starts once no job has come for this long: a burst of
/// deliveries is stored at full speed and indexed after it (searches read what is
/// not indexed yet directly, so they miss nothing meanwhile).
const SEARCH_LULL: Duration = Duration::from_millis(50);
/// Under a steady stream with no lull, a short step is still taken whenever the
/// queue is empty once the last one is this old, so the index makes some progress.
const SEARCH_MAX_WAIT: Duration = Duration::from_millis(250);

/// Decides the answer once the delivery's place among earlier ones is known
/// (scripted answers depend on the attempt number). Runs on the writer thread.
pub type Decide = Box<dyn FnOnce(&Classification) -> Decision + Send>;

/// A committed delivery and the answer decided for it.
pub struct Stored {
    pub delivery: Delivery,
    pub decision: Decision,
}

type Reply = oneshot::Sender<Result<Stored, StoreError>>;
type Task = Box<dyn FnOnce(&mut Connection, &EventBus) + Send>;

struct Pending {
    captured: Captured,
    /// Made on the sender's task, so the single writer thread does less per row.
    derived: Derived,
    decide: Option<Decide>,
    /// Kept once made, so a batch retried row by row does not decide twice.
    decision: Option<Decision>,
    reply: Reply,
}

enum Job {
    // Boxed: the queue's slots are as large as its largest job.
    Insert(Box<Pending>),
    Run(Task),
}

pub(super) struct WriterHandle {
    jobs: SyncSender<Job>,
}

pub(super) fn spawn(
    conn: Connection,
    file: WriterFile,
    events: EventBus,
    ids: IdMinter,
    cap: Arc<Cap>,
) -> Result<WriterHandle, StoreError> {
    let (jobs, queue) = mpsc::sync_channel(QUEUE);
    let mut writer = Writer {
        conn,
        file,
        events,
        ids,
        health: Health::default(),
        prune: Pruner::new(cap),
        search_due: true,
        last_job: Instant::now(),
        last_index: Instant::now(),
    };
    thread::Builder::new()
        .name("hookscope-store-writer".into())
        .spawn(move || writer.serve(queue))
        .map_err(|_| StoreError::WriterStopped)?;
    Ok(WriterHandle { jobs })
}

impl WriterHandle {
    pub(super) async fn insert(&self, captured: Captured, decide: Decide) -> Result<Stored, StoreError> {
        let (reply, answer) = oneshot::channel();
        let derived = Derived::of(&captured)?;
        self.submit(Job::Insert(Box::new(Pending { captured, derived, decide: Some(decide), decision: None, reply })))?;
        answer.await.map_err(|_| StoreError::WriterStopped)?
    }

    pub(super) async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<(T, Vec<CoreEvent>), StoreError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Run(Box::new(move |conn: &mut Connection, events: &EventBus| {
            // `f` returned Ok, so what it wrote is committed: its events may go out.
            let result = f(conn).map(|(value, announced)| {
                announced.into_iter().for_each(|e| events.publish(e));
                value
            });
            let _ = reply.send(result);
        })))?;
        answer.await.map_err(|_| StoreError::WriterStopped)?
    }

    fn submit(&self, job: Job) -> Result<(), StoreError> {
        self.jobs.try_send(job).map_err(|e| match e {
            TrySendError::Full(_) => StoreError::Overloaded,
            TrySendError::Disconnected(_) => StoreError::WriterStopped,
        })
    }
}

struct Writer {
    conn: Connection,
    /// The database file, to open it again after a fault that sticks to the connection.
    file: WriterFile,
    events: EventBus,
    ids: IdMinter,
    health: Health,
    prune: Pruner,
    /// Deliveries may wait to be indexed for search (see `search_index`): set after
    /// every job, cleared once none wait.
    search_due: bool,
    /// When the last job was done: indexing waits for a lull.
    last_job: Instant,
    /// When the last indexing step was taken.
    last_index: Instant,
}

impl Writer {
    fn serve(&mut self, queue: Receiver<Job>) {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        loop {
            // Here, between any two of the writer's transactions: inserts, tasks,
            // search-index and prune steps alike add to the WAL.
            self.copy_wal_back_if_due();
            // While old deliveries wait to be removed, an empty queue means "prune a step".
            let job = if self.prune.pending() {
                match queue.try_recv() {
                    Ok(job) => job,
                    Err(TryRecvError::Empty) => {
                        self.prune_step();
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => break,
                }
            } else if self.search_due {
                match self.job_or_index(&queue) {
                    Ok(Some(job)) => job,
                    Ok(None) => continue,
                    Err(_) => break,
                }
            } else {
                match queue.recv() {
                    Ok(job) => job,
                    Err(_) => break,
                }
            };
            let mut task = None;
            match job {
                Job::Insert(pending) => batch.push(*pending),
                Job::Run(f) => task = Some(f),
            }
            while task.is_none() && batch.len() < MAX_BATCH {
                match queue.try_recv() {
                    Ok(Job::Insert(pending)) => batch.push(*pending),
                    Ok(Job::Run(f)) => task = Some(f),
                    Err(_) => break,
                }
            }
            if !batch.is_empty() {
                self.commit(&mut batch);
            }
            if let Some(f) = task {
                f(&mut self.conn, &self.events);
            }
            self.search_due = true;
            self.last_job = Instant::now();
            // Inserts and imports may have taken the store over its cap; under a steady
            // stream of deliveries, one step after each batch keeps pruning going.
            self.prune.check(&self.conn);
            if self.prune.pending() {
                self.prune_step();
            }
        }
    }

    /// The next job; meanwhile, once no job has come for [`SEARCH_LULL`] (or the
    /// last step is [`SEARCH_MAX_WAIT`] old), indexes for search a step at a time
    /// while the queue stays empty. `Ok(None)`: no job yet, ask again.
    fn job_or_index(&mut self, queue: &Receiver<Job>) -> Result<Option<Job>, RecvTimeoutError> {
        let quiet = self.last_job.elapsed();
        if quiet < SEARCH_LULL && self.last_index.elapsed() < SEARCH_MAX_WAIT {
            return match queue.recv_timeout(SEARCH_LULL - quiet) {
                Ok(job) => Ok(Some(job)),
                Err(RecvTimeoutError::Timeout) => Ok(None),
                Err(closed) => Err(closed),
            };
        }
        match queue.try_recv() {
            Ok(job) => Ok(Some(job)),
            Err(TryRecvError::Empty) => {
                let busy = quiet < SEARCH_LULL;
                self.index_step(if busy { search_index::BUSY_STEP } else { search_index::QUIET_STEP });
                Ok(None)
            }
            Err(TryRecvError::Disconnected) => Err(RecvTimeoutError::Disconnected),
        }
    }

    /// Indexes a step of the deliveries waiting for search; clears `search_due`
    /// when none wait (or indexing fails: the next job tries again).
    fn index_step(&mut self, rows: u32) {
        self.last_index = Instant::now();
        self.search_due = match search_index::step(&mut self.conn, rows) {
            Ok(step) => step.indexed > 0 && step.more,
            Err(error) => {
                tracing::warn!(error = %crate::capture::error_chain(&error), "indexing deliveries for search failed");
                false
            }
        };
    }

    /// Between two transactions, copies the rest of the WAL back when the checkpoint
    /// thread asks or the WAL reached its cap (see `checkpoint`).
    fn copy_wal_back_if_due(&mut self) {
        if self.file.wal.writer_copies() {
            if let Err(error) = checkpoint::copy_back(&self.conn) {
                tracing::debug!(error = %crate::capture::error_chain(&error), "the writer's checkpoint failed");
            }
        }
    }

    fn prune_step(&mut self) {
        if let Some(event) = self.prune.step(&mut self.conn) {
            self.events.publish(event);
        }
    }

    fn note_health(&mut self, result: Result<(), &StoreError>) {
        match result {
            Ok(()) => self.health.ok(&self.events),
            Err(error) => self.health.failed(error, &mut self.conn, &self.file, &self.events),
        }
    }

    fn commit(&mut self, batch: &mut Vec<Pending>) {
        self.health.prepare(&mut self.conn, &self.file);
        let result = insert_all(&mut self.conn, &mut self.ids, batch.iter_mut());
        self.note_health(result.as_ref().map(|_| ()));
        match result {
            Ok(stored) => {
                for (pending, (id, grouping)) in batch.drain(..).zip(stored) {
                    self.answer(pending, id, grouping);
                }
            }
            // A storage fault (a full disk, a lock held elsewhere, a read-only file) fails
            // every row alike: retrying them one by one would only hold each sender
            // longer (a lock costs a busy timeout per try) before the same 503.
            Err(error) if batch.len() == 1 => {
                if let Some(pending) = batch.pop() {
                    let _ = pending.reply.send(Err(error));
                }
            }
            Err(error) if error.storage_fault().is_some() => {
                for pending in batch.drain(..) {
                    let _ = pending.reply.send(Err(health::same_fault(&error)));
                }
            }
            Err(_) => {
                for mut pending in batch.drain(..) {
                    let result = insert_all(&mut self.conn, &mut self.ids, std::iter::once(&mut pending));
                    self.note_health(result.as_ref().map(|_| ()));
                    match result {
                        Ok(mut stored) => match stored.pop() {
                            Some((id, grouping)) => self.answer(pending, id, grouping),
                            None => {
                                let _ = pending.reply.send(Err(StoreError::WriterStopped));
                            }
                        },
                        Err(error) => {
                            let _ = pending.reply.send(Err(error));
                        }
                    }
                }
            }
        }
    }

    /// Called only after commit: publishes the event and releases the sender's answer.
    fn answer(&self, pending: Pending, id: String, grouping: Classification) {
        let Some(decision) = pending.decision else {
            let _ = pending.reply.send(Err(StoreError::WriterStopped));
            return;
        };
        let delivery = Delivery {
            id,
            captured: pending.captured,
            answer: answer_record(&decision),
            grouping,
            imported_from: None,
            pinned: false,
        };
        self.events.publish(CoreEvent::DeliveryStored(delivery.summary()));
        let _ = pending.reply.send(Ok(Stored { delivery, decision }));
    }
}

fn answer_record(decision: &Decision) -> Answer {
    Answer { status: decision.status, delay_ms: decision.delay_ms, scripted: decision.scripted, held: decision.hold }
}

/// Inserts every pending delivery in one transaction; returns each one's id and grouping.
fn insert_all<'a>(
    conn: &mut Connection,
    ids: &mut IdMinter,
    batch: impl Iterator<Item = &'a mut Pending>,
) -> Result<Vec<(String, Classification)>, StoreError> {
    // IMMEDIATE takes the write lock first (waiting out the busy timeout), so a
    // commit by another program between this batch's reads and writes cannot fail it.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut stored = Vec::new();
    let mut rows = Inserter::new(&tx);
    for pending in batch {
        let grouping = classify(&tx, &pending.captured)?;
        if pending.decision.is_none() {
            let decision = match pending.decide.take() {
                Some(decide) => decide(&grouping),
                None => return Err(StoreError::WriterStopped),
            };
            pending.decision = Some(decision);
        }
        let answer = pending.decision.as_ref().map(answer_record).unwrap_or_else(|| Answer::plain(200));
        let id = ids.mint(pending.captured.received_at_ms);
        rows.insert(&id, &pending.captured, &pending.derived, &answer, &grouping, None)?;
        stored.push((id, grouping));
    }
    rows.finish()?;
    tx.commit()?;
    Ok(stored)
}

/// Where a new delivery sits among the stored ones: looked up inside the
/// writer's transaction, so concurrent retries of one message count correctly.
pub(super) fn classify(tx: &Transaction<'_>, captured: &Captured) -> Result<Classification, StoreError> {
    let first_with_key: Option<String> = tx
        // The CAST keeps SQLite from preparing the statement again for every value bound
        // (it does so for `= ?1` followed by ORDER BY on the index's next column).
        .prepare_cached("SELECT id FROM deliveries WHERE dedup_key = CAST(?1 AS TEXT) ORDER BY id LIMIT 1")?
        .query_row([&captured.dedup_key], |r| r.get(0))
        .optional()?;
    let (first_with_message, attempts_of_message) = match &captured.message_id {
        Some(message_id) => tx
            .prepare_cached(
                "SELECT min(id), count(*) FROM deliveries
                 WHERE message_id = ?1 AND relation NOT LIKE '{\"kind\":\"replay\"%'",
            )?
            .query_row([message_id], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, u32>(1)?)))?,
        None => (None, 0),
    };
    Ok(group::classify(&Known { first_with_key, first_with_message, attempts_of_message }, None))
}

/// The columns of a delivery's row that are worked out from what was captured.
pub(super) struct Derived {
    verification: Option<String>,
    event_type: Option<String>,
}

impl Derived {
    pub(super) fn of(c: &Captured) -> Result<Derived, StoreError> {
        Ok(Derived {
            verification: c.verification.as_ref().map(serde_json::to_string).transpose().map_err(StoreError::Encode)?,
            event_type: crate::search::event_type(&c.body),
        })
    }
}

/// Inserts deliveries into a transaction, each with its payload and queued for
/// search, then adds them all to the running totals retention reads with
/// [`Inserter::finish`]: once per transaction rather than a trigger per row (see
/// migration 8). Capture and import both insert through it.
pub(super) struct Inserter<'a, 't> {
    tx: &'a Transaction<'t>,
    deliveries: i64,
    body_bytes: i64,
}

impl<'a, 't> Inserter<'a, 't> {
    pub(super) fn new(tx: &'a Transaction<'t>) -> Self {
        Inserter { tx, deliveries: 0, body_bytes: 0 }
    }

    /// Inserts one delivery; `imported_from` names the exported log it came from.
    pub(super) fn insert(
        &mut self,
        id: &str,
        c: &Captured,
        derived: &Derived,
        answer: &Answer,
        grouping: &Classification,
        imported_from: Option<&str>,
    ) -> Result<(), StoreError> {
        let tx = self.tx;
        let status = c.verification.as_ref().map(|v| super::verification_status_code(v.status));
        let relation = serde_json::to_string(&grouping.relation).map_err(StoreError::Encode)?;
        let seq = tx
            .prepare_cached(
                "INSERT INTO deliveries
                    (id, received_at, remote_addr, method, path, size, declared_size, rejection, status,
                     message_id, dedup_key, attempt, duplicate_of, relation, verification_status, verification,
                     answer_delay_ms, answer_scripted, answer_held, imported_from, event_type)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
            )?
            .insert(rusqlite::params![
                id,
                c.received_at_ms,
                c.remote_addr,
                c.method,
                c.path,
                c.body.len() as i64,
                c.declared_size.map(|s| s as i64),
                c.rejection.map(|r| r.code()),
                answer.status,
                c.message_id,
                c.dedup_key,
                grouping.attempt,
                grouping.duplicate_of,
                relation,
                status,
                derived.verification,
                answer.delay_ms as i64,
                answer.scripted,
                answer.held,
                imported_from,
                derived.event_type,
            ])?;
        tx.prepare_cached("INSERT INTO payloads (seq, headers, body) VALUES (?1, ?2, ?3)")?.execute((
            seq,
            encode_headers(&c.headers),
            &c.body[..],
        ))?;
        tx.prepare_cached("INSERT INTO search_pending (seq) VALUES (?1)")?.execute([seq])?;
        self.deliveries += 1;
        self.body_bytes += c.body.len() as i64;
        Ok(())
    }

    /// Adds what was inserted (none of it pinned yet) to the totals; call before committing.
    pub(super) fn finish(self) -> Result<(), StoreError> {
        if self.deliveries > 0 {
            self.tx
                .prepare_cached(
                    "UPDATE store_usage SET deliveries = deliveries + ?1, body_bytes = body_bytes + ?2 WHERE id = 1",
                )?
                .execute([self.deliveries, self.body_bytes])?;
        }
        Ok(())
    }
}
