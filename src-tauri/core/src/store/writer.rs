//! The single owner of the write connection.
//!
//! Inserts that arrive together are committed together (group commit): one
//! transaction, one WAL sync, then every waiting sender is answered and every
//! event published. A failed batch is retried row by row, so one bad row cannot
//! fail the others.

use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::thread;

use rusqlite::Connection;
use tokio::sync::oneshot;

use super::StoreError;
use crate::delivery::{encode_headers, Captured, Delivery};
use crate::events::{CoreEvent, EventBus};
use crate::id::IdMinter;

/// Jobs waiting beyond this many are refused (the listener answers 503) rather
/// than queued without bound.
const QUEUE: usize = 8192;
/// The most inserts in one transaction.
const MAX_BATCH: usize = 512;

type Reply = oneshot::Sender<Result<Delivery, StoreError>>;
type Task = Box<dyn FnOnce(&mut Connection, &EventBus) + Send>;

enum Job {
    Insert(Captured, Reply),
    Run(Task),
}

pub(super) struct WriterHandle {
    jobs: SyncSender<Job>,
}

pub(super) fn spawn(conn: Connection, events: EventBus, ids: IdMinter) -> Result<WriterHandle, StoreError> {
    let (jobs, queue) = mpsc::sync_channel(QUEUE);
    let mut writer = Writer { conn, events, ids };
    thread::Builder::new()
        .name("hookscope-store-writer".into())
        .spawn(move || writer.serve(queue))
        .map_err(|_| StoreError::WriterStopped)?;
    Ok(WriterHandle { jobs })
}

impl WriterHandle {
    pub(super) async fn insert(&self, captured: Captured) -> Result<Delivery, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Insert(captured, reply))?;
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
    events: EventBus,
    ids: IdMinter,
}

impl Writer {
    fn serve(&mut self, queue: Receiver<Job>) {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        while let Ok(job) = queue.recv() {
            let mut task = None;
            match job {
                Job::Insert(captured, reply) => batch.push((captured, reply)),
                Job::Run(f) => task = Some(f),
            }
            while task.is_none() && batch.len() < MAX_BATCH {
                match queue.try_recv() {
                    Ok(Job::Insert(captured, reply)) => batch.push((captured, reply)),
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
        }
    }

    fn commit(&mut self, batch: &mut Vec<(Captured, Reply)>) {
        let ids: Vec<String> = batch.iter().map(|(c, _)| self.ids.mint(c.received_at_ms)).collect();
        let rows: Vec<(&String, &Captured)> = ids.iter().zip(batch.iter().map(|(c, _)| c)).collect();
        match insert_all(&mut self.conn, &rows) {
            Ok(()) => {
                for (id, (captured, reply)) in ids.into_iter().zip(batch.drain(..)) {
                    let delivery = Delivery { id, captured };
                    self.events.publish(CoreEvent::DeliveryStored(delivery.summary()));
                    let _ = reply.send(Ok(delivery));
                }
            }
            Err(_) if batch.len() > 1 => {
                for (id, (captured, reply)) in ids.into_iter().zip(batch.drain(..)) {
                    match insert_all(&mut self.conn, &[(&id, &captured)]) {
                        Ok(()) => {
                            let delivery = Delivery { id, captured };
                            self.events.publish(CoreEvent::DeliveryStored(delivery.summary()));
                            let _ = reply.send(Ok(delivery));
                        }
                        Err(e) => {
                            let _ = reply.send(Err(e));
                        }
                    }
                }
            }
            Err(e) => {
                if let Some((_, reply)) = batch.pop() {
                    let _ = reply.send(Err(e));
                }
            }
        }
    }
}

fn insert_all(conn: &mut Connection, rows: &[(&String, &Captured)]) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    {
        let mut delivery = tx.prepare_cached(
            "INSERT INTO deliveries
                (id, received_at, remote_addr, method, path, size, declared_size, rejection, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut payload = tx.prepare_cached("INSERT INTO payloads (seq, headers, body) VALUES (?1, ?2, ?3)")?;
        for (id, c) in rows {
            let seq = delivery.insert((
                id,
                c.received_at_ms,
                &c.remote_addr,
                &c.method,
                &c.path,
                c.body.len() as i64,
                c.declared_size.map(|s| s as i64),
                c.rejection.map(|r| r.code()),
                c.status,
            ))?;
            payload.execute((seq, encode_headers(&c.headers), &c.body[..]))?;
        }
    }
    tx.commit()?;
    Ok(())
}
