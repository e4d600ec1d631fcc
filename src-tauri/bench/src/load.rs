//! The load generator: a fixed number of keep-alive HTTP/1.1 connections, each
//! driven by one worker that posts signed deliveries one after another.
//!
//! One explicit connection per worker (rather than a pooled client) makes the
//! connection count exact and keeps pool bookkeeping out of the figures.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{CONTENT_TYPE, HOST};
use hyper::{Request, StatusCode};
use hyper_util::rt::TokioIo;
use serde::Serialize;
use tokio::net::TcpStream;

use crate::latency::{duration_nanos, LatencySummary};
use crate::payload::{DeliveryMaker, PATH};

/// A request unanswered for this long counts as failed, so a stuck server
/// cannot stall the run forever.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A paced send this far behind its slot means the generator, not the server,
/// fell behind; such sends are counted so a reader can discount the run.
const LATE_SEND: Duration = Duration::from_millis(5);

#[derive(Debug, Clone, Copy)]
pub enum Plan {
    /// Closed loop: each connection posts as soon as its previous answer arrived,
    /// for `warmup` and then `measure`. Only requests sent during `measure` are
    /// timed; errors are counted throughout.
    Timed { warmup: Duration, measure: Duration },
    /// Closed loop until `total` deliveries have been posted.
    Count { total: u64 },
    /// Open loop: one delivery every 1/`rate` s for `measure`, on schedule
    /// whatever the answers, so a slow answer cannot slow the offered load.
    Paced { rate: f64, measure: Duration },
}

/// What one run of the generator saw.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    /// Deliveries answered 200 and timed, per second of the timed window.
    pub per_second: f64,
    /// The timed window (or the whole run for [`Plan::Count`]), in seconds.
    pub window_s: f64,
    pub latency: LatencySummary,
    /// Answers with 200, over the whole run.
    pub ok: u64,
    /// Answers with another status, over the whole run.
    pub non_200: u64,
    /// Requests that got no answer (connection error or timeout), over the whole run.
    pub failed: u64,
    /// Paced sends that left more than 5 ms behind their slot.
    pub late_sends: u64,
}

impl LoadReport {
    pub fn errors(&self) -> u64 {
        self.non_200 + self.failed
    }
}

type Sender = SendRequest<Full<Bytes>>;

struct Shared {
    addr: SocketAddr,
    host: String,
    plan: Plan,
    maker: DeliveryMaker,
    next: AtomicU64,
    start: Instant,
}

#[derive(Default)]
struct Tally {
    timed_nanos: Vec<u64>,
    timed_ok: u64,
    ok: u64,
    non_200: u64,
    failed: u64,
    late_sends: u64,
}

/// Posts deliveries from `maker` to `addr` over `connections` connections, as `plan` says.
/// Must run on the load generator's runtime (workers are spawned onto it).
pub async fn run(addr: SocketAddr, connections: usize, plan: Plan, maker: DeliveryMaker) -> anyhow::Result<LoadReport> {
    // Connect everything first so connection set-up is not part of any timing.
    let mut senders = Vec::with_capacity(connections);
    for _ in 0..connections {
        senders.push(connect(addr).await.with_context(|| format!("cannot connect to {addr}"))?);
    }
    let shared =
        Arc::new(Shared { addr, host: addr.to_string(), plan, maker, next: AtomicU64::new(0), start: Instant::now() });
    let workers: Vec<_> = senders.into_iter().map(|sender| tokio::spawn(worker(shared.clone(), sender))).collect();
    let mut total = Tally::default();
    for handle in workers {
        let tally = handle.await.context("a load worker panicked")?;
        total.timed_nanos.extend(tally.timed_nanos);
        total.timed_ok += tally.timed_ok;
        total.ok += tally.ok;
        total.non_200 += tally.non_200;
        total.failed += tally.failed;
        total.late_sends += tally.late_sends;
    }
    let window = match plan {
        Plan::Timed { measure, .. } | Plan::Paced { measure, .. } => measure,
        Plan::Count { .. } => shared.start.elapsed(),
    };
    Ok(LoadReport {
        per_second: total.timed_ok as f64 / window.as_secs_f64().max(f64::MIN_POSITIVE),
        window_s: window.as_secs_f64(),
        latency: LatencySummary::from_nanos(&mut total.timed_nanos),
        ok: total.ok,
        non_200: total.non_200,
        failed: total.failed,
        late_sends: total.late_sends,
    })
}

async fn worker(shared: Arc<Shared>, mut sender: Sender) -> Tally {
    let mut tally = Tally::default();
    // Every arm below ends the loop on a deadline or a count, so it stops by itself.
    loop {
        let n = shared.next.fetch_add(1, Ordering::Relaxed);
        let timed = match shared.plan {
            Plan::Count { total } => {
                if n >= total {
                    break;
                }
                true
            }
            Plan::Timed { warmup, measure } => {
                let now = Instant::now();
                if now >= shared.start + warmup + measure {
                    break;
                }
                now >= shared.start + warmup
            }
            Plan::Paced { rate, measure } => {
                let offset = Duration::from_secs_f64(n as f64 / rate);
                if offset >= measure {
                    break;
                }
                let slot = shared.start + offset;
                tokio::time::sleep_until(slot.into()).await;
                if slot.elapsed() > LATE_SEND {
                    tally.late_sends += 1;
                }
                true
            }
        };
        let Ok(request) = shared.request(n) else {
            // Signing cannot fail for a Standard Webhooks secret; stop rather than spin if it does.
            tally.failed += 1;
            break;
        };
        let sent = Instant::now();
        let answer = tokio::time::timeout(REQUEST_TIMEOUT, post(&mut sender, request)).await;
        let took = sent.elapsed();
        match answer {
            Ok(Ok(status)) => {
                let ok = status == StatusCode::OK;
                if ok {
                    tally.ok += 1
                } else {
                    tally.non_200 += 1
                }
                if timed && ok {
                    tally.timed_ok += 1;
                    tally.timed_nanos.push(duration_nanos(took));
                }
            }
            Ok(Err(_)) | Err(_) => {
                tally.failed += 1;
                // The connection is unusable now; a server that accepts no more ends this worker.
                match connect(shared.addr).await {
                    Ok(fresh) => sender = fresh,
                    Err(_) => break,
                }
            }
        }
    }
    tally
}

impl Shared {
    fn request(&self, n: u64) -> anyhow::Result<Request<Full<Bytes>>> {
        let signed = self.maker.make(n)?;
        let mut request = Request::post(PATH).header(HOST, &self.host).header(CONTENT_TYPE, "application/json");
        for (name, value) in &signed.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        Ok(request.body(Full::new(signed.body))?)
    }
}

async fn connect(addr: SocketAddr) -> anyhow::Result<Sender> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
    // Drives the connection; it ends when the sender is dropped or the server closes it.
    tokio::spawn(connection);
    Ok(sender)
}

/// Sends one request and reads the whole answer: the sender is acked only then.
async fn post(sender: &mut Sender, request: Request<Full<Bytes>>) -> Result<StatusCode, hyper::Error> {
    sender.ready().await?;
    let response = sender.send_request(request).await?;
    let status = response.status();
    response.into_body().collect().await?;
    Ok(status)
}
