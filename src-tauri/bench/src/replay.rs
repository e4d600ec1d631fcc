//! Figure 6: what a replay costs beyond the target's own time. The same stored
//! delivery is replayed (re-signed) to a local target again and again, beside
//! plain POSTs of the same body to that target over a keep-alive connection: the
//! baseline is what the target and the loopback take, so the difference is
//! Hookscope's part (reading the delivery, re-signing, sending, recording).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use bytes::Bytes;
use hookscope_core::replay::ReplayMode;
use hookscope_core::replay::ReplayResult;
use hookscope_core::store::TimelineFilter;
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::http1;
use hyper::header::{CONTENT_TYPE, HOST};
use hyper::Request;
use hyper_util::rt::TokioIo;
use serde::Serialize;
use tokio::net::TcpStream;

use crate::harness::Harness;
use crate::latency::LatencySummary;
use crate::load::Plan;
use crate::servers::{start_bare, Hookscope};

/// Timed rounds (each one replay and one direct POST), after untimed warm-up rounds.
const ROUNDS: usize = 200;
const WARMUP_ROUNDS: usize = 20;
const QUICK_ROUNDS: usize = 50;

#[derive(Debug, Serialize)]
pub struct ReplayFigures {
    /// A whole replay: the call into the core until its outcome is recorded.
    pub replay: LatencySummary,
    /// The same body POSTed straight to the target.
    pub direct: LatencySummary,
}

impl ReplayFigures {
    /// Hookscope's share of a replay's time, at the median.
    pub fn overhead_ms(&self) -> f64 {
        self.replay.p50_ms - self.direct.p50_ms
    }
}

pub fn run(h: &Harness) -> anyhow::Result<ReplayFigures> {
    let target = start_bare(&h.servers)?;
    let target_url = format!("http://{}/webhooks/self", target.local_addr());
    let hookscope = Hookscope::start(&h.servers, &h.temp_root)?;
    // One real delivery, captured through the listener, is the one replayed.
    let posted = h.drive(hookscope.addr()?, Plan::Count { total: 1 }, 0x6001)?;
    anyhow::ensure!(posted.ok == 1, "the delivery to replay was not stored");
    let inspector = &hookscope.inspector;
    let page = h.servers.block_on(inspector.page(None, 1, TimelineFilter::default()))?;
    let delivery = page.items.first().context("the delivery to replay is not in the store")?;
    let stored = h.servers.block_on(inspector.delivery(&delivery.id))?.context("the delivery vanished")?;
    let body = stored.captured.body.clone();

    let rounds = if h.settings.quick { QUICK_ROUNDS } else { ROUNDS };
    let (replays, directs) = h.on_load(async {
        let mut direct = Direct::connect(target.local_addr()).await?;
        let mut replays = Vec::with_capacity(rounds);
        let mut directs = Vec::with_capacity(rounds);
        for round in 0..WARMUP_ROUNDS + rounds {
            // Alternating, so a busy moment of the machine falls on both alike.
            let started = Instant::now();
            let mode = ReplayMode::Resigned { new_message_id: true };
            let record = inspector.replay(&delivery.id, Some(target_url.clone()), mode, None).await?;
            let replay_took = started.elapsed();
            match &record.outcome.result {
                ReplayResult::Answered(answer) if answer.status == 200 => {}
                other => anyhow::bail!("a replay was not answered 200: {other:?}"),
            }
            let direct_took = direct.post(body.clone()).await?;
            if round >= WARMUP_ROUNDS {
                replays.push(replay_took);
                directs.push(direct_took);
            }
        }
        anyhow::Ok((replays, directs))
    })?;
    Ok(ReplayFigures {
        replay: LatencySummary::from_durations(&replays),
        direct: LatencySummary::from_durations(&directs),
    })
}

/// A plain keep-alive HTTP/1.1 connection to the target.
struct Direct {
    host: String,
    sender: http1::SendRequest<Full<Bytes>>,
}

impl Direct {
    async fn connect(addr: SocketAddr) -> anyhow::Result<Direct> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
        // Drives the connection until the sender is dropped.
        tokio::spawn(connection);
        Ok(Direct { host: addr.to_string(), sender })
    }

    /// Posts `body` and reads the whole answer; how long that took.
    async fn post(&mut self, body: Bytes) -> anyhow::Result<Duration> {
        let request = Request::post("/webhooks/self")
            .header(HOST, &self.host)
            .header(CONTENT_TYPE, "application/json")
            .body(Full::new(body))?;
        let started = Instant::now();
        self.sender.ready().await?;
        let response = self.sender.send_request(request).await?;
        anyhow::ensure!(response.status() == 200, "the target answered {}", response.status());
        response.into_body().collect().await?;
        Ok(started.elapsed())
    }
}
