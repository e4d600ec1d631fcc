//! The [`Tunnel`] handle and the task that runs the ngrok session.
//!
//! Disconnections come from the crate's hooks: its connector is called again
//! (with the error) when the session drops, and its heartbeat handler hears
//! every beat, or a missed one. A dropped session reports `reconnecting`; the
//! first heartbeat of the new one reports `online` again. The connector retries
//! the connection itself with a capped backoff (the crate's own backoff grows
//! without bound), and gives up at once when ngrok refuses the reconnect with an
//! error code (a revoked token, the domain taken meanwhile). A restart command
//! from the ngrok dashboard opens a new session; a stop command fails the tunnel.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::StreamExt as _;
use ngrok::config::TunnelBuilder as _;
use ngrok::prelude::{EndpointInfo as _, TunnelCloser as _};
use ngrok::session::{
    default_connect, CommandHandler, ConnectError, Connector, HeartbeatHandler, Restart, RpcError, Stop,
};
use ngrok::tunnel::{AcceptError, HttpTunnel};
use ngrok::{EndpointConn, Error as _, Session};
use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::timeout;

use super::error::TunnelError;
use super::state::{next, TunnelEvent, TunnelState};
use super::TunnelConfig;

/// How long opening the session may take before the service counts as unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(8);
/// How long opening the endpoint may take once the session is up.
const LISTEN_TIMEOUT: Duration = Duration::from_secs(10);
/// Closing politely, when stopping or restarting.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long `stop` waits for the task before aborting it.
const STOP_TIMEOUT: Duration = Duration::from_secs(3);
const RECONNECT_FIRST_DELAY: Duration = Duration::from_secs(1);
const RECONNECT_MAX_DELAY: Duration = Duration::from_secs(30);
const SERVICE: &str = "The ngrok service (connect.ngrok-agent.com)";

/// A running public tunnel. Dropping it stops the session too (without a last
/// `off` report); [`stop`](Tunnel::stop) reports `off` and closes politely.
pub struct Tunnel {
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Tunnel {
    /// Reports `connecting` (before returning) and opens the session in a task;
    /// `on_change` then hears every later state, in order, from that task.
    /// Without an authtoken it reports `failed` at once, without the network.
    pub async fn start(config: TunnelConfig, on_change: impl Fn(TunnelState) + Send + Sync + 'static) -> Tunnel {
        let shared = Arc::new(Shared {
            state: Mutex::new(TunnelState::Off),
            order: Mutex::new(()),
            on_change: Box::new(on_change),
        });
        shared.apply(TunnelEvent::ConnectRequested);
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(run(config, shared.clone(), stopped));
        Tunnel { shared, stop, task }
    }

    /// The current state.
    pub fn state(&self) -> TunnelState {
        self.shared.state()
    }

    /// Reports `off`, then closes the session (bounded: a few seconds at most).
    pub async fn stop(self) {
        self.shared.apply(TunnelEvent::StopRequested);
        let _ = self.stop.send(true);
        let mut task = self.task;
        if timeout(STOP_TIMEOUT, &mut task).await.is_err() {
            task.abort();
        }
    }
}

struct Shared {
    state: Mutex<TunnelState>,
    /// Held while reporting, so reports arrive in the order of the states.
    order: Mutex<()>,
    on_change: Box<dyn Fn(TunnelState) + Send + Sync>,
}

impl Shared {
    fn apply(&self, event: TunnelEvent) {
        let _order = self.order.lock().unwrap_or_else(PoisonError::into_inner);
        let changed = {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            let new = next(state.clone(), event);
            (new != *state).then(|| {
                *state = new.clone();
                new
            })
        };
        if let Some(state) = changed {
            match &state {
                TunnelState::Failed { reason, .. } => tracing::warn!(%reason, "tunnel failed"),
                other => tracing::info!(state = other.kind().as_str(), url = other.url(), "tunnel"),
            }
            (self.on_change)(state);
        }
    }

    fn state(&self) -> TunnelState {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

/// What the crate's hooks tell the session task.
enum Signal {
    Disconnected,
    Alive,
    Restart,
    RemoteStop,
    /// ngrok refused a reconnect with an error code.
    Fatal(TunnelError),
}

enum Ended {
    Stopped,
    Restart,
    Failed,
}

struct Ctx {
    token: String,
    domain: Option<String>,
    local: SocketAddr,
    shared: Arc<Shared>,
}

impl Ctx {
    fn fail(&self, error: TunnelError) -> Ended {
        let error = error.with_domain(self.domain.as_deref()).redact(&self.token);
        self.shared.apply(TunnelEvent::Failed(error));
        Ended::Failed
    }
}

async fn run(config: TunnelConfig, shared: Arc<Shared>, mut stopped: watch::Receiver<bool>) {
    let Some(token) = non_blank(config.authtoken) else {
        shared.apply(TunnelEvent::Failed(TunnelError::no_token()));
        return;
    };
    let ctx = Ctx { token, domain: non_blank(config.domain), local: loopback(config.local), shared };
    loop {
        match run_session(&ctx, &mut stopped).await {
            Ended::Restart => ctx.shared.apply(TunnelEvent::Disconnected),
            Ended::Stopped | Ended::Failed => return,
        }
    }
}

/// One session: connect, open the endpoint, forward until stopped or failed.
async fn run_session(ctx: &Ctx, stopped: &mut watch::Receiver<bool>) -> Ended {
    let (signal, mut signals) = mpsc::unbounded_channel();
    let mut builder = Session::builder();
    builder
        .authtoken(ctx.token.clone())
        .client_info("hookscope", crate::VERSION, None::<String>)
        .connector(connector(signal.clone(), stopped.clone()))
        .handle_heartbeat(heartbeat(signal.clone()))
        .handle_restart_command(on_restart(signal.clone()))
        .handle_stop_command(on_stop(signal.clone()));

    let connect = async {
        match timeout(CONNECT_TIMEOUT, builder.connect()).await {
            Err(_) => Err(TunnelError::timed_out(SERVICE, CONNECT_TIMEOUT)),
            Ok(result) => result.map_err(|e| TunnelError::from_connect(&e)),
        }
    };
    let opened = tokio::select! {
        _ = stopped.changed() => return Ended::Stopped,
        opened = open(connect, ctx) => opened,
    };
    let (mut session, mut tunnel) = match opened {
        Ok(opened) => opened,
        Err(error) => return ctx.fail(error),
    };
    let url = tunnel.url().to_owned();
    ctx.shared.apply(TunnelEvent::Connected(url.clone()));

    let ended = loop {
        tokio::select! {
            _ = stopped.changed() => break Ended::Stopped,
            conn = tunnel.next() => match conn {
                Some(Ok(conn)) => {
                    tokio::spawn(forward(conn, ctx.local));
                }
                Some(Err(error)) => {
                    let error = fatal(&mut signals).unwrap_or_else(|| TunnelError::from_accept(&error));
                    break ctx.fail(error);
                }
                None => break ctx.fail(TunnelError::classify(None, "ngrok closed the endpoint")),
            },
            Some(signal) = signals.recv() => if let Some(ended) = react(ctx, signal, &url) {
                break ended;
            },
        }
    };
    let _ = timeout(CLOSE_TIMEOUT, async {
        let _ = tunnel.close().await;
        let _ = session.close().await;
    })
    .await;
    drop(signal);
    ended
}

async fn open(
    connect: impl std::future::Future<Output = Result<Session, TunnelError>>,
    ctx: &Ctx,
) -> Result<(Session, HttpTunnel), TunnelError> {
    let session = connect.await?;
    let mut endpoint = session.http_endpoint();
    endpoint.forwards_to(format!("http://{}", ctx.local));
    if let Some(domain) = &ctx.domain {
        endpoint.domain(domain.clone());
    }
    let tunnel = match timeout(LISTEN_TIMEOUT, endpoint.listen()).await {
        Err(_) => Err(TunnelError::timed_out(SERVICE, LISTEN_TIMEOUT)),
        Ok(result) => result.map_err(|e| TunnelError::from_rpc(&e)),
    }?;
    Ok((session, tunnel))
}

/// Reports what a hook signalled while the endpoint is open; `Some` ends the session.
fn react(ctx: &Ctx, signal: Signal, url: &str) -> Option<Ended> {
    match signal {
        Signal::Disconnected => ctx.shared.apply(TunnelEvent::Disconnected),
        Signal::Alive => ctx.shared.apply(TunnelEvent::Reconnected(url.to_owned())),
        Signal::Restart => return Some(Ended::Restart),
        Signal::RemoteStop => return Some(ctx.fail(TunnelError::stopped_remotely())),
        Signal::Fatal(error) => return Some(ctx.fail(error)),
    }
    None
}

/// A fatal reconnect error already signalled, which explains a tunnel error better.
fn fatal(signals: &mut mpsc::UnboundedReceiver<Signal>) -> Option<TunnelError> {
    while let Ok(signal) = signals.try_recv() {
        if let Signal::Fatal(error) = signal {
            return Some(error);
        }
    }
    None
}

/// Connects like the crate's default; on a reconnect, reports the drop and
/// retries by itself until connected, stopped, or refused for good.
fn connector(signals: mpsc::UnboundedSender<Signal>, stopped: watch::Receiver<bool>) -> impl Connector {
    move |host: String, port: u16, tls, error: Option<AcceptError>| {
        let signals = signals.clone();
        let mut stopped = stopped.clone();
        async move {
            let Some(error) = error else {
                return default_connect(host, port, tls, None).await;
            };
            if let Some(refused) = refused(&error) {
                let _ = signals.send(Signal::Fatal(refused));
                return Err(ConnectError::Canceled);
            }
            let _ = signals.send(Signal::Disconnected);
            let mut delay = RECONNECT_FIRST_DELAY;
            loop {
                if *stopped.borrow() {
                    return Err(ConnectError::Canceled);
                }
                match timeout(CONNECT_TIMEOUT, default_connect(host.clone(), port, tls.clone(), None)).await {
                    Ok(Ok(stream)) => return Ok(stream),
                    Ok(Err(error)) => tracing::debug!(%error, "reconnecting to ngrok failed; retrying"),
                    Err(_) => tracing::debug!("reconnecting to ngrok timed out; retrying"),
                }
                tokio::select! {
                    _ = tokio::time::sleep(delay) => {}
                    _ = stopped.changed() => return Err(ConnectError::Canceled),
                }
                delay = (delay * 2).min(RECONNECT_MAX_DELAY);
            }
        }
    }
}

/// A reconnect that ngrok refused with an error code: retrying will not help.
fn refused(error: &AcceptError) -> Option<TunnelError> {
    let AcceptError::Reconnect(connect) = error else { return None };
    match &**connect {
        ConnectError::Auth(rpc) | ConnectError::Rebind(rpc) if has_code(rpc) => Some(TunnelError::from_rpc(rpc)),
        _ => None,
    }
}

fn has_code(rpc: &RpcError) -> bool {
    rpc.error_code().is_some()
}

fn heartbeat(signals: mpsc::UnboundedSender<Signal>) -> impl HeartbeatHandler {
    move |latency: Option<Duration>| {
        let _ = signals.send(if latency.is_some() { Signal::Alive } else { Signal::Disconnected });
        async { Ok::<(), Box<dyn std::error::Error>>(()) }
    }
}

fn on_restart(signals: mpsc::UnboundedSender<Signal>) -> impl CommandHandler<Restart> {
    move |_: Restart| {
        let _ = signals.send(Signal::Restart);
        async { Ok::<(), String>(()) }
    }
}

fn on_stop(signals: mpsc::UnboundedSender<Signal>) -> impl CommandHandler<Stop> {
    move |_: Stop| {
        let _ = signals.send(Signal::RemoteStop);
        async { Ok::<(), String>(()) }
    }
}

/// Copies one connection from ngrok to the local listener; answers 502 when the
/// listener is not there.
async fn forward(mut conn: EndpointConn, local: SocketAddr) {
    match TcpStream::connect(local).await {
        Ok(mut upstream) => {
            let _ = tokio::io::copy_bidirectional(&mut conn, &mut upstream).await;
        }
        Err(error) => {
            tracing::warn!(%error, %local, "the tunnel cannot reach the local listener");
            let _ = conn.write_all(bad_gateway().as_bytes()).await;
            let _ = conn.shutdown().await;
        }
    }
}

fn bad_gateway() -> String {
    let body = "Hookscope's tunnel is online but its local listener is not answering.\n";
    format!(
        "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
}

fn non_blank(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Where to connect for a listener bound to `addr` (0.0.0.0 is not an address to dial).
fn loopback(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port()),
        _ => addr,
    }
}

#[cfg(test)]
#[path = "run_tests.rs"]
mod tests;
