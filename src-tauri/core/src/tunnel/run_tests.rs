//! The session runner's tests (see run.rs).
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
