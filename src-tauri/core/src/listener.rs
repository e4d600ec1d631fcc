//! Serving the capture router on a TCP socket, with hyper's connection limits
//! (header-read timeout, header count) set explicitly.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt as _;

const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_HEADERS: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum ListenError {
    #[error("port {port} on {ip} is already in use by another program")]
    AddrInUse { ip: std::net::IpAddr, port: u16 },
    #[error("not allowed to listen on {addr}")]
    PermissionDenied { addr: SocketAddr },
    #[error("cannot listen on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: io::Error,
    },
}

/// A running listener. Dropping it stops accepting and closes open connections.
pub struct Listener {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
}

impl Listener {
    /// Binds `addr` (port 0 picks a free port) and serves `router` on it.
    pub async fn bind(addr: SocketAddr, router: Router) -> Result<Listener, ListenError> {
        let socket = TcpListener::bind(addr).await.map_err(|source| match source.kind() {
            io::ErrorKind::AddrInUse => ListenError::AddrInUse { ip: addr.ip(), port: addr.port() },
            io::ErrorKind::PermissionDenied => ListenError::PermissionDenied { addr },
            _ => ListenError::Bind { addr, source },
        })?;
        let local = socket.local_addr().map_err(|source| ListenError::Bind { addr, source })?;
        let (stop, stopped) = watch::channel(false);
        tokio::spawn(accept_loop(socket, router, stopped));
        Ok(Listener { addr: local, stop })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

async fn accept_loop(socket: TcpListener, router: Router, mut stopped: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT).max_headers(MAX_HEADERS);
    loop {
        tokio::select! {
            _ = stopped.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = socket.accept() => match accepted {
                Ok((stream, remote)) => {
                    let _ = stream.set_nodelay(true);
                    let router = router.clone();
                    let builder = builder.clone();
                    connections.spawn(async move {
                        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                            request.extensions_mut().insert(ConnectInfo(remote));
                            let router = router.clone();
                            async move { Ok::<_, Infallible>(router.oneshot(request.map(axum::body::Body::new)).await.unwrap_or_else(|never| match never {})) }
                        });
                        if let Err(error) = builder.serve_connection(TokioIo::new(stream), service).await {
                            tracing::debug!(%remote, %error, "connection ended with an error");
                        }
                    });
                }
                Err(error) => {
                    // Out of file descriptors and the like: pause instead of spinning.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
    }
}
