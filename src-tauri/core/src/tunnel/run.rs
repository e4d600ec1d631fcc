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
mod tests {
    use super::*;

    #[test]
    fn unspecified_listeners_are_dialled_on_loopback() {
        assert_eq!(loopback("0.0.0.0:8080".parse().unwrap()), "127.0.0.1:8080".parse().unwrap());
        assert_eq!(loopback("[::]:8080".parse().unwrap()), "[::1]:8080".parse().unwrap());
        assert_eq!(loopback("192.0.2.1:80".parse().unwrap()), "192.0.2.1:80".parse().unwrap());
    }

    #[test]
    fn blank_settings_count_as_none() {
        assert_eq!(non_blank(Some("  ".into())), None);
        assert_eq!(non_blank(None), None);
        assert_eq!(non_blank(Some(" tok ".into())).as_deref(), Some("tok"));
    }

    #[test]
    fn refused_reconnects_need_a_code() {
        let coded = ConnectError::Auth(RpcError::Response("revoked\nERR_NGROK_107".into()));
        let error = refused(&AcceptError::Reconnect(Arc::new(coded))).unwrap();
        assert_eq!(error.code(), Some("ERR_NGROK_107"));
        let plain = ConnectError::Auth(RpcError::Send(std::io::ErrorKind::BrokenPipe.into()));
        assert!(refused(&AcceptError::Reconnect(Arc::new(plain))).is_none());
        let tcp = ConnectError::Tcp(std::io::ErrorKind::ConnectionRefused.into());
        assert!(refused(&AcceptError::Reconnect(Arc::new(tcp))).is_none());
    }

    fn recording(domain: Option<&str>) -> (Ctx, Arc<Mutex<Vec<TunnelState>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = seen.clone();
        let shared = Arc::new(Shared {
            state: Mutex::new(TunnelState::Off),
            order: Mutex::new(()),
            on_change: Box::new(move |s| record.lock().unwrap().push(s)),
        });
        shared.apply(TunnelEvent::ConnectRequested);
        let ctx = Ctx {
            token: "2tokenSECRET".into(),
            domain: domain.map(str::to_owned),
            local: "127.0.0.1:9".parse().unwrap(),
            shared,
        };
        (ctx, seen)
    }

    const URL: &str = "https://a.ngrok.app";

    #[test]
    fn a_drop_and_the_next_heartbeat_go_reconnecting_then_online() {
        let (ctx, seen) = recording(None);
        ctx.shared.apply(TunnelEvent::Connected(URL.into()));
        for signal in [Signal::Alive, Signal::Disconnected, Signal::Disconnected, Signal::Alive] {
            assert!(react(&ctx, signal, URL).is_none());
        }
        let online = TunnelState::Online { url: URL.into() };
        let reconnecting = TunnelState::Reconnecting { url: Some(URL.into()) };
        assert_eq!(*seen.lock().unwrap(), vec![TunnelState::Connecting, online.clone(), reconnecting, online]);
    }

    #[test]
    fn refusals_and_remote_stops_fail_with_the_domain_and_without_the_token() {
        let (ctx, seen) = recording(Some("hooks.example.dev"));
        ctx.shared.apply(TunnelEvent::Connected(URL.into()));
        ctx.shared.apply(TunnelEvent::Disconnected);
        let taken = TunnelError::classify(Some("ERR_NGROK_334"), "2tokenSECRET is already online");
        assert!(matches!(react(&ctx, Signal::Fatal(taken), URL), Some(Ended::Failed)));
        let TunnelState::Failed { reason, code } = ctx.shared.state() else { panic!("not failed") };
        assert_eq!(code.as_deref(), Some("ERR_NGROK_334"));
        assert!(reason.starts_with("The domain hooks.example.dev is already online"), "{reason}");
        assert_eq!(seen.lock().unwrap().len(), 4);

        let (ctx, _) = recording(None);
        assert!(matches!(react(&ctx, Signal::RemoteStop, URL), Some(Ended::Failed)));
        let TunnelState::Failed { reason, .. } = ctx.shared.state() else { panic!("not failed") };
        assert!(reason.contains("stopped from the ngrok dashboard"), "{reason}");
        let (ctx, _) = recording(None);
        assert!(matches!(react(&ctx, Signal::Restart, URL), Some(Ended::Restart)));
        assert_eq!(ctx.shared.state(), TunnelState::Connecting);
    }

    #[test]
    fn fatal_signals_explain_tunnel_errors() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        tx.send(Signal::Disconnected).unwrap();
        tx.send(Signal::Fatal(TunnelError::classify(Some("ERR_NGROK_107"), ""))).unwrap();
        assert_eq!(fatal(&mut rx).unwrap().code(), Some("ERR_NGROK_107"));
        assert!(fatal(&mut rx).is_none());
    }

    fn tls() -> Arc<rustls::ClientConfig> {
        let roots = rustls::RootCertStore::empty();
        Arc::new(rustls::ClientConfig::builder().with_root_certificates(roots).with_no_client_auth())
    }

    fn dead_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
    }

    #[tokio::test]
    async fn a_reconnect_reports_the_drop_and_retries_until_stopped() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let (stop, stopped) = watch::channel(false);
        let connector = connector(tx, stopped);
        let dropped = AcceptError::Reconnect(Arc::new(ConnectError::Tcp(std::io::ErrorKind::ConnectionReset.into())));
        let port = dead_port();
        let task = tokio::spawn(async move { connector.connect("127.0.0.1".into(), port, tls(), Some(dropped)).await });
        let first = timeout(Duration::from_secs(2), rx.recv()).await.unwrap();
        assert!(matches!(first, Some(Signal::Disconnected)));
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!task.is_finished(), "gave up instead of retrying");
        stop.send(true).unwrap();
        let result = timeout(Duration::from_secs(2), task).await.unwrap().unwrap();
        assert!(matches!(result, Err(ConnectError::Canceled)));
    }

    #[tokio::test]
    async fn a_refused_reconnect_is_fatal_at_once() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let (_stop, stopped) = watch::channel(false);
        let refused = ConnectError::Auth(RpcError::Response("revoked\nERR_NGROK_107".into()));
        let result = connector(tx, stopped)
            .connect("127.0.0.1".into(), dead_port(), tls(), Some(AcceptError::Reconnect(Arc::new(refused))))
            .await;
        assert!(matches!(result, Err(ConnectError::Canceled)));
        let Ok(Signal::Fatal(error)) = rx.try_recv() else { panic!("no fatal signal") };
        assert_eq!(error.code(), Some("ERR_NGROK_107"));
    }

    #[tokio::test]
    async fn hooks_signal_heartbeats_and_commands() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let beat = heartbeat(tx.clone());
        beat.handle_heartbeat(Some(Duration::from_millis(30))).await.unwrap();
        beat.handle_heartbeat(None).await.unwrap();
        on_restart(tx.clone()).handle_command(Restart::default()).await.unwrap();
        on_stop(tx).handle_command(Stop::default()).await.unwrap();
        assert!(matches!(rx.try_recv(), Ok(Signal::Alive)));
        assert!(matches!(rx.try_recv(), Ok(Signal::Disconnected)));
        assert!(matches!(rx.try_recv(), Ok(Signal::Restart)));
        assert!(matches!(rx.try_recv(), Ok(Signal::RemoteStop)));
    }

    #[test]
    fn a_missing_local_listener_gets_a_well_formed_502() {
        // EndpointConn cannot be built outside the crate; the answer itself is checked here.
        let response = bad_gateway();
        assert!(response.starts_with("HTTP/1.1 502 Bad Gateway\r\n"));
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("Content-Length: {}", body.len())));
    }

    #[tokio::test]
    async fn missing_token_fails_without_the_network() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = seen.clone();
        let config = TunnelConfig { authtoken: Some(" ".into()), domain: None, local: "127.0.0.1:9".parse().unwrap() };
        let tunnel = Tunnel::start(config, move |s| record.lock().unwrap().push(s)).await;
        tokio::time::timeout(Duration::from_secs(2), async {
            while !matches!(tunnel.state(), TunnelState::Failed { .. }) {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await
        .unwrap();
        tunnel.stop().await;
        let seen = seen.lock().unwrap();
        assert_eq!(seen[0], TunnelState::Connecting);
        assert!(matches!(&seen[1], TunnelState::Failed { reason, code: None } if reason.contains("your-authtoken")));
        assert_eq!(seen[2], TunnelState::Off);
        assert_eq!(seen.len(), 3);
    }
}
