//! The public tunnel against a real local listener. This machine has no
//! internet, so the offline path runs for real; the online test (a real ngrok
//! endpoint, a delivery through it) needs `--features online-tests` and
//! NGROK_AUTHTOKEN (NGROK_DOMAIN optional).

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{client, Harness};
use hookscope_core::tunnel::{Tunnel, TunnelConfig, TunnelState};

const FAKE_TOKEN: &str = "2fakeHookscopeTESTtoken_0123456789abcdef";

type Seen = Arc<Mutex<Vec<TunnelState>>>;

async fn start(h: &Harness, authtoken: Option<&str>) -> (Tunnel, Seen) {
    let seen: Seen = Arc::default();
    let record = seen.clone();
    let config = TunnelConfig { authtoken: authtoken.map(str::to_owned), domain: None, local: h.listener.local_addr() };
    let tunnel = Tunnel::start(config, move |state| record.lock().unwrap().push(state)).await;
    (tunnel, seen)
}

/// Waits until `done(state)` or `limit` passes; returns the last state.
async fn wait_for(tunnel: &Tunnel, limit: Duration, done: impl Fn(&TunnelState) -> bool) -> TunnelState {
    let deadline = Instant::now() + limit;
    loop {
        let state = tunnel.state();
        if done(&state) || Instant::now() >= deadline {
            return state;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn is_failed(state: &TunnelState) -> bool {
    matches!(state, TunnelState::Failed { .. })
}

async fn local_post_answers_200(h: &Harness) {
    let response = client().post(h.url("/webhooks/self")).body("{\"after\":\"tunnel\"}").send().await.unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn offline_the_tunnel_fails_clearly_and_capture_goes_on() {
    let h = Harness::start().await;
    let began = Instant::now();
    let (tunnel, seen) = start(&h, Some(FAKE_TOKEN)).await;

    let state = wait_for(&tunnel, Duration::from_secs(10), is_failed).await;
    let elapsed = began.elapsed();
    let TunnelState::Failed { reason, code } = &state else { panic!("not failed after {elapsed:?}: {state:?}") };
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
    assert!(!reason.contains(FAKE_TOKEN), "{reason}");
    eprintln!("failed after {elapsed:?}: {reason}");
    if reason.starts_with("Cannot reach the ngrok service") {
        assert_eq!(code, &None);
        assert!(reason.contains("local listener keeps capturing"), "{reason}");
    } else {
        // Only where the machine does have internet: ngrok itself refuses the fake token.
        assert!(matches!(code.as_deref(), Some("ERR_NGROK_105" | "ERR_NGROK_107")), "{state:?}");
        eprintln!("this machine reaches ngrok: the fake token was refused ({code:?}), not the offline path");
    }
    assert_eq!(*seen.lock().unwrap(), vec![TunnelState::Connecting, state.clone()]);

    local_post_answers_200(&h).await;
    tunnel.stop().await;
    assert_eq!(seen.lock().unwrap().last(), Some(&TunnelState::Off));
    local_post_answers_200(&h).await;
}

#[tokio::test]
async fn without_a_token_it_fails_at_once_saying_where_to_get_one() {
    let h = Harness::start().await;
    let (tunnel, seen) = start(&h, None).await;

    let state = wait_for(&tunnel, Duration::from_secs(2), is_failed).await;
    let TunnelState::Failed { reason, code } = &state else { panic!("not failed: {state:?}") };
    assert_eq!(code, &None);
    assert!(reason.contains("https://dashboard.ngrok.com/get-started/your-authtoken"), "{reason}");
    assert!(reason.contains("NGROK_AUTHTOKEN") && reason.contains("Settings"), "{reason}");
    assert_eq!(*seen.lock().unwrap(), vec![TunnelState::Connecting, state.clone()]);

    local_post_answers_200(&h).await;
    tunnel.stop().await;
    assert_eq!(*seen.lock().unwrap(), vec![TunnelState::Connecting, state, TunnelState::Off]);
}

#[tokio::test]
async fn stopping_right_away_reports_off_last() {
    let h = Harness::start().await;
    let (tunnel, seen) = start(&h, Some(FAKE_TOKEN)).await;
    assert_eq!(tunnel.state(), TunnelState::Connecting);
    tunnel.stop().await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.first(), Some(&TunnelState::Connecting));
        assert_eq!(seen.last(), Some(&TunnelState::Off));
    }
    local_post_answers_200(&h).await;
}

#[cfg(feature = "online-tests")]
#[tokio::test]
async fn online_a_delivery_arrives_through_the_tunnel() {
    use hookscope_core::tunnel::webhook_url;

    let Ok(token) = std::env::var("NGROK_AUTHTOKEN") else {
        eprintln!("NGROK_AUTHTOKEN is not set: skipping the online tunnel test");
        return;
    };
    let h = Harness::start().await;
    let seen: Seen = Arc::default();
    let record = seen.clone();
    let config = TunnelConfig {
        authtoken: Some(token),
        domain: std::env::var("NGROK_DOMAIN").ok().filter(|d| !d.is_empty()),
        local: h.listener.local_addr(),
    };
    let tunnel = Tunnel::start(config, move |state| record.lock().unwrap().push(state)).await;
    let state = wait_for(&tunnel, Duration::from_secs(30), |s| !matches!(s, TunnelState::Connecting)).await;
    let TunnelState::Online { url } = &state else { panic!("not online: {state:?}") };
    assert!(url.starts_with("https://"), "{url}");

    let body = "{\"through\":\"the tunnel\"}";
    let target = webhook_url(url, "/webhooks/self?via=tunnel");
    let mut answer = None;
    for _ in 0..5 {
        let response = reqwest::Client::new()
            .post(&target)
            .header("ngrok-skip-browser-warning", "1")
            .body(body)
            .send()
            .await
            .unwrap();
        if response.status() == 200 {
            answer = Some(response.text().await.unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let answer = answer.expect("no 200 through the tunnel");
    let value: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let id = value["id"].as_str().unwrap();
    let delivery = h.inspector.delivery(id).await.unwrap().unwrap();
    assert_eq!(delivery.captured.path, "/webhooks/self?via=tunnel");
    assert_eq!(&delivery.captured.body[..], body.as_bytes());

    tunnel.stop().await;
    let seen = seen.lock().unwrap();
    assert_eq!(seen.first(), Some(&TunnelState::Connecting));
    assert!(seen.contains(&state));
    assert_eq!(seen.last(), Some(&TunnelState::Off));
}
