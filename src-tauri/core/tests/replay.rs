//! Replay against real handlers on 127.0.0.1: a raw HTTP/1.1 target that records
//! the exact bytes it receives and checks Standard Webhooks signatures with its
//! own verifier (hmac + sha2 + base64, not Hookscope's), like a developer's app.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use bytes::Bytes;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Barrier;

use hookscope_core::delivery::{Answer, Captured, Delivery, Headers};
use hookscope_core::group::{Classification, Relation};
use hookscope_core::replay::{
    build, client, curl, send, send_concurrently, FailureKind, ReplayMode, ReplayOutcome, ReplayRequest,
    ReplayResponse, ReplayResult, SendFailure, RESPONSE_BODY_CAP,
};
use hookscope_core::signing::SigningConfig;
use hookscope_core::verify::{sign, HeaderFamily, Scheme, Secret, VerifySettings};

// ---------------------------------------------------------------------------
// The target: one raw HTTP/1.1 server per test.

/// One request as the target read it off the socket.
#[derive(Debug, Clone)]
struct Received {
    request_line: String,
    /// Header lines exactly as received (`name: value`, no CRLF), in order.
    raw_headers: Vec<Vec<u8>>,
    headers: Headers,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| std::str::from_utf8(v).unwrap())
    }

    /// The raw header lines without the ones every client writes itself.
    fn lines_without(&self, names: &[&str]) -> Vec<Vec<u8>> {
        self.raw_headers
            .iter()
            .zip(&self.headers)
            .filter(|(_, (name, _))| !names.iter().any(|n| name.eq_ignore_ascii_case(n)))
            .map(|(line, _)| line.clone())
            .collect()
    }
}

struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    delay: Duration,
    /// Waited on before answering: proves requests were in flight together.
    barrier: Option<Arc<Barrier>>,
}

impl Reply {
    fn new(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply { status, headers: Vec::new(), body: body.into(), delay: Duration::ZERO, barrier: None }
    }
}

type Handler = Arc<dyn Fn(&Received) -> Reply + Send + Sync>;

struct Target {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Target {
    async fn start(handler: impl Fn(&Received) -> Reply + Send + Sync + 'static) -> Target {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let log = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, handler.clone(), log.clone()));
            }
        });
        Target { addr, received, task }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads requests off one connection (keep-alive), answering each; errors end it.
async fn serve(mut stream: TcpStream, handler: Handler, log: Arc<Mutex<Vec<Received>>>) {
    let mut buf = Vec::new();
    loop {
        let head_end = loop {
            if let Some(i) = find(&buf, b"\r\n\r\n") {
                break i;
            }
            match stream.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };
        let mut lines = buf[..head_end].split(|b| *b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l).to_vec());
        let request_line = String::from_utf8(lines.next().unwrap()).unwrap();
        let raw_headers: Vec<Vec<u8>> = lines.collect();
        let headers: Headers = raw_headers
            .iter()
            .map(|line| {
                let colon = line.iter().position(|b| *b == b':').unwrap();
                let value = line[colon + 1..].trim_ascii_start().to_vec();
                (String::from_utf8(line[..colon].to_vec()).unwrap().to_ascii_lowercase(), value)
            })
            .collect();
        let length: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .map(|(_, v)| std::str::from_utf8(v).unwrap().parse().unwrap())
            .unwrap_or(0);
        let body_start = head_end + 4;
        while buf.len() < body_start + length {
            match stream.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
        let body = buf[body_start..body_start + length].to_vec();
        buf.drain(..body_start + length);
        let received = Received { request_line, raw_headers, headers, body };
        let reply = handler(&received);
        log.lock().unwrap().push(received);
        if let Some(barrier) = &reply.barrier {
            barrier.wait().await;
        }
        tokio::time::sleep(reply.delay).await;
        let mut out = format!("HTTP/1.1 {} Whatever\r\ncontent-length: {}\r\n", reply.status, reply.body.len());
        for (name, value) in &reply.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&reply.body);
        if stream.write_all(&bytes).await.is_err() {
            return;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------
// The handler's own Standard Webhooks check, independent of Hookscope's.

/// The secret the "developer's app" and Hookscope share: 24 key bytes.
const KEY: &[u8; 24] = b"replay-test-key-24-bytes";

fn whsec() -> String {
    format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(KEY))
}

fn now_s() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

/// Verifies the request as the Standard Webhooks libraries do: the family's
/// three headers, a timestamp within 5 minutes of the target's own clock, and a
/// `v1,` HMAC-SHA256 over `id.timestamp.body`. The id on success.
fn standard_check(received: &Received, family: &str) -> Result<String, String> {
    let get = |suffix: &str| {
        let name = format!("{family}-{suffix}");
        received.header(&name).map(str::to_owned).ok_or(format!("missing {name}"))
    };
    let (id, timestamp, signatures) = (get("id")?, get("timestamp")?, get("signature")?);
    let timestamp: i64 = timestamp.parse().map_err(|_| "bad timestamp".to_owned())?;
    if (now_s() - timestamp).abs() > 300 {
        return Err(format!("timestamp {timestamp} is too far from now"));
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(KEY).unwrap();
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(&received.body);
    let expected = format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()));
    if signatures.split(' ').any(|s| s == expected) {
        Ok(id)
    } else {
        Err("no signature matched".to_owned())
    }
}

/// A handler that answers 204 when the signature checks out in whichever family
/// the request uses, 401 with the reason otherwise.
fn verifying_handler(received: &Received) -> Reply {
    let family = if received.header("svix-signature").is_some() { "svix" } else { "webhook" };
    match standard_check(received, family) {
        Ok(_) => Reply::new(204, ""),
        Err(reason) => Reply::new(401, reason),
    }
}

// ---------------------------------------------------------------------------
// Captured deliveries.

const PATH: &str = "/webhooks/self";
const BODY: &[u8] = br#"{"type":"verification.completed","verification_id":"ver_9","ok":true}"#;
const HOURS_AGO: i64 = 6 * 3600;

fn secret() -> Secret {
    Secret::new("self", Scheme::StandardWebhooks, &whsec(), None).unwrap()
}

fn signing() -> SigningConfig {
    SigningConfig { secrets: vec![secret()], settings: VerifySettings::default() }
}

fn text_headers(pairs: &[(&str, &str)]) -> Headers {
    pairs.iter().map(|(n, v)| (n.to_string(), v.as_bytes().to_vec())).collect()
}

/// A delivery Hookscope captured `HOURS_AGO` before `now_s`, signed then by the
/// sender under `family` with message id `msg_captured`.
fn captured_delivery(family: HeaderFamily, now_s: i64, body: &[u8]) -> Delivery {
    let signed_at = now_s - HOURS_AGO;
    let signature = sign(family, &secret(), &VerifySettings::default(), "msg_captured", signed_at, body).unwrap();
    let mut headers =
        text_headers(&[("host", "abc.ngrok.app"), ("user-agent", "Svix-Webhooks/1.17"), ("accept", "*/*")]);
    headers.extend(signature.into_iter().map(|(n, v)| (n, v.into_bytes())));
    headers.extend(text_headers(&[
        ("content-type", "application/json"),
        ("content-length", &body.len().to_string()),
        ("x-forwarded-for", "203.0.113.9"),
        ("x-dup", "first"),
        ("x-dup", "second"),
    ]));
    headers.push(("x-latin".into(), vec![b'c', b'a', b'f', 0xe9]));
    headers.push(("connection".into(), b"keep-alive".to_vec()));
    Delivery {
        id: "01JCAPTURED".into(),
        captured: Captured {
            received_at_ms: signed_at * 1000 + 412,
            remote_addr: Some("127.0.0.1:50000".into()),
            method: "POST".into(),
            path: PATH.into(),
            headers,
            body: Bytes::copy_from_slice(body),
            declared_size: Some(body.len() as u64),
            rejection: None,
            message_id: Some("msg_captured".into()),
            dedup_key: "ver_9-completed".into(),
            verification: None,
        },
        answer: Answer::plain(200),
        grouping: Classification { attempt: 1, duplicate_of: None, relation: Relation::Original },
        imported_from: None,
        pinned: false,
    }
}

fn replay(delivery: &Delivery, target: &str, mode: ReplayMode, now_s: i64) -> ReplayRequest {
    build(delivery, target, mode, None, &signing(), now_s, "msg_fresh").unwrap()
}

async fn send_once(request: &ReplayRequest, timeout: Duration) -> ReplayOutcome {
    send(&client().unwrap(), request, timeout, || 1_700_000_000_000).await
}

fn answered(outcome: &ReplayOutcome) -> &ReplayResponse {
    match &outcome.result {
        ReplayResult::Answered(response) => response,
        ReplayResult::Failed(failure) => panic!("expected an answer, got {failure:?}"),
    }
}

fn failed(outcome: &ReplayOutcome) -> &SendFailure {
    match &outcome.result {
        ReplayResult::Failed(failure) => failure,
        ReplayResult::Answered(response) => panic!("expected a failure, got status {}", response.status),
    }
}

// ---------------------------------------------------------------------------
// Re-signing.

#[tokio::test]
async fn a_resigned_replay_of_an_event_captured_hours_ago_verifies_at_the_target() {
    let target = Target::start(verifying_handler).await;
    let now = now_s();
    let delivery = captured_delivery(HeaderFamily::Svix, now, BODY);

    let stale =
        send_once(&replay(&delivery, &target.url(PATH), ReplayMode::AsCaptured, now), Duration::from_secs(5)).await;
    let stale = answered(&stale);
    assert_eq!(stale.status, 401);
    assert_eq!(stale.body.as_deref(), Some(format!("timestamp {} is too far from now", now - HOURS_AGO).as_str()));

    let mode = ReplayMode::Resigned { new_message_id: false };
    let outcome = send_once(&replay(&delivery, &target.url(PATH), mode, now), Duration::from_secs(5)).await;
    assert_eq!(answered(&outcome).status, 204);
    let got = &target.received()[1];
    assert_eq!(standard_check(got, "svix"), Ok("msg_captured".to_owned()));
    assert_eq!(got.header("svix-timestamp"), Some(now.to_string().as_str()));
    assert_eq!(got.body, BODY);
    assert_eq!(got.headers.iter().filter(|(n, _)| n == "svix-signature").count(), 1);
    assert_eq!(outcome.sent_at_ms, 1_700_000_000_000);
    let sent_signature = outcome.request.headers.iter().find(|(n, _)| n == "svix-signature").unwrap();
    assert_eq!(Some(sent_signature.1.as_str()), got.header("svix-signature"));
}

#[tokio::test]
async fn a_new_message_id_is_signed_and_the_webhook_family_is_kept() {
    let target = Target::start(verifying_handler).await;
    let now = now_s();
    let delivery = captured_delivery(HeaderFamily::Webhook, now, BODY);

    for (new_message_id, expected_id) in [(false, "msg_captured"), (true, "msg_fresh")] {
        let mode = ReplayMode::Resigned { new_message_id };
        let outcome = send_once(&replay(&delivery, &target.url(PATH), mode, now), Duration::from_secs(5)).await;
        assert_eq!(answered(&outcome).status, 204, "new id: {new_message_id}");
        let got = target.received().pop().unwrap();
        assert_eq!(standard_check(&got, "webhook"), Ok(expected_id.to_owned()));
        assert!(got.headers.iter().all(|(n, _)| !n.starts_with("svix-")), "no svix-* headers appear");
        let names: Vec<&str> =
            got.headers.iter().map(|(n, _)| n.as_str()).filter(|n| n.starts_with("webhook-")).collect();
        assert_eq!(names, ["webhook-id", "webhook-timestamp", "webhook-signature"]);
    }
}

// ---------------------------------------------------------------------------
// As captured: byte for byte.

#[tokio::test]
async fn an_as_captured_replay_arrives_byte_identical() {
    let target = Target::start(|_| Reply::new(200, "ok")).await;
    let now = now_s();
    let body = b"{\"a\":\"\x00\xff\"}\r\n";
    let delivery = captured_delivery(HeaderFamily::Svix, now, body);
    let request = replay(&delivery, &target.url("/webhooks/self?replay=1"), ReplayMode::AsCaptured, now);
    let outcome = send_once(&request, Duration::from_secs(5)).await;
    assert_eq!(answered(&outcome).status, 200);

    let got = &target.received()[0];
    assert_eq!(got.request_line, "POST /webhooks/self?replay=1 HTTP/1.1");
    assert_eq!(got.body, body);
    let hop_by_hop = ["host", "content-length", "connection"];
    let expected: Vec<Vec<u8>> = delivery
        .captured
        .headers
        .iter()
        .filter(|(n, _)| !hop_by_hop.contains(&n.as_str()))
        .map(|(n, v)| [n.as_bytes(), b": ", v].concat())
        .collect();
    assert_eq!(got.lines_without(&["host", "content-length"]), expected);
    assert_eq!(got.header("content-length"), Some(body.len().to_string().as_str()));
    assert_eq!(outcome.request.body, None);
    assert_eq!(
        outcome.request.body_base64.as_deref(),
        Some(base64::engine::general_purpose::STANDARD.encode(body).as_str())
    );
}

// ---------------------------------------------------------------------------
// Failures and answers recorded.

#[tokio::test]
async fn a_refused_connection_says_nothing_is_listening() {
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let now = now_s();
    let delivery = captured_delivery(HeaderFamily::Svix, now, BODY);
    let url = format!("http://localhost:{port}{PATH}");
    let outcome = send_once(&replay(&delivery, &url, ReplayMode::AsCaptured, now), Duration::from_secs(5)).await;
    let failure = failed(&outcome);
    assert_eq!(failure.cause, FailureKind::Refused);
    assert_eq!(failure.message, format!("nothing is listening on localhost:{port}"));
    assert_eq!(outcome.request.url, url);
}

#[tokio::test]
async fn a_slow_target_times_out() {
    let target = Target::start(|_| Reply { delay: Duration::from_secs(3), ..Reply::new(200, "late") }).await;
    let now = now_s();
    let delivery = captured_delivery(HeaderFamily::Svix, now, BODY);
    let request = replay(&delivery, &target.url(PATH), ReplayMode::AsCaptured, now);
    let outcome = send_once(&request, Duration::from_millis(300)).await;
    let failure = failed(&outcome);
    assert_eq!(failure.cause, FailureKind::Timeout);
    assert_eq!(failure.message, "no answer within 300 ms");
    assert!((300..2_000).contains(&outcome.latency_ms), "latency {}", outcome.latency_ms);
    assert_eq!(target.received().len(), 1, "the request itself arrived");
}

#[tokio::test]
async fn a_5xx_answer_and_a_redirect_are_recorded_as_answered() {
    let target = Target::start(|received: &Received| {
        if received.request_line.contains("/moved") {
            Reply { headers: vec![("location", "/elsewhere".into())], ..Reply::new(302, "") }
        } else {
            Reply { headers: vec![("x-reason", "db down".into())], ..Reply::new(503, "try later") }
        }
    })
    .await;
    let now = now_s();
    let delivery = captured_delivery(HeaderFamily::Svix, now, BODY);

    let outcome =
        send_once(&replay(&delivery, &target.url(PATH), ReplayMode::AsCaptured, now), Duration::from_secs(5)).await;
    let response = answered(&outcome);
    assert_eq!(response.status, 503);
    assert_eq!(response.body.as_deref(), Some("try later"));
    assert!(response.headers.contains(&("x-reason".to_owned(), "db down".to_owned())));
    assert!(!response.truncated);

    let outcome =
        send_once(&replay(&delivery, &target.url("/moved"), ReplayMode::AsCaptured, now), Duration::from_secs(5)).await;
    let response = answered(&outcome);
    assert_eq!(response.status, 302);
    assert!(response.headers.contains(&("location".to_owned(), "/elsewhere".to_owned())));
    assert_eq!(target.received().len(), 2, "the redirect was not followed");
}

#[tokio::test]
async fn a_response_over_1_mib_is_cut_and_marked() {
    let target = Target::start(|received: &Received| {
        let size = if received.request_line.contains("/big") { RESPONSE_BODY_CAP + 10 } else { RESPONSE_BODY_CAP };
        Reply::new(200, vec![b'x'; size])
    })
    .await;
    let now = now_s();
    let delivery = captured_delivery(HeaderFamily::Svix, now, BODY);

    let big =
        send_once(&replay(&delivery, &target.url("/big"), ReplayMode::AsCaptured, now), Duration::from_secs(5)).await;
    let response = answered(&big);
    assert!(response.truncated);
    assert_eq!(response.body.as_ref().map(String::len), Some(RESPONSE_BODY_CAP));

    let exact =
        send_once(&replay(&delivery, &target.url("/exact"), ReplayMode::AsCaptured, now), Duration::from_secs(5)).await;
    let response = answered(&exact);
    assert!(!response.truncated);
    assert_eq!(response.body.as_ref().map(String::len), Some(RESPONSE_BODY_CAP));
}

#[tokio::test]
async fn an_unresolvable_host_and_a_failed_tls_handshake_are_named() {
    let now = now_s();
    let delivery = captured_delivery(HeaderFamily::Svix, now, BODY);
    let url = "http://nothing-here.invalid/webhooks";
    let outcome = send_once(&replay(&delivery, url, ReplayMode::AsCaptured, now), Duration::from_secs(10)).await;
    let failure = failed(&outcome);
    assert_eq!(failure.cause, FailureKind::Dns);
    assert!(failure.message.starts_with("cannot resolve host nothing-here.invalid: "), "{}", failure.message);

    // A plain-HTTP server answering a TLS ClientHello with an HTTP error.
    let plain = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = plain.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (mut stream, _) = plain.accept().await.unwrap();
        let mut buf = [0u8; 1024];
        let _ = stream.read(&mut buf).await;
        stream.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n").await.unwrap();
    });
    let url = format!("https://{addr}{PATH}");
    let outcome = send_once(&replay(&delivery, &url, ReplayMode::AsCaptured, now), Duration::from_secs(5)).await;
    let failure = failed(&outcome);
    assert_eq!(failure.cause, FailureKind::Tls, "{}", failure.message);
    assert!(failure.message.starts_with(&format!("TLS handshake with {addr} failed: ")), "{}", failure.message);
    server.await.unwrap();
}

// ---------------------------------------------------------------------------
// The cURL command, run by a real curl.

#[tokio::test]
async fn the_curl_command_reproduces_the_same_bytes() {
    let target = Target::start(|_| Reply::new(200, "ok")).await;
    let now = now_s();
    let body = b"-leading dash 100% \\n \x00 \xff 'single' \"double\" $HOME `id` $(id)\nline two\r\n\ttab\x01\x7f";
    let delivery = captured_delivery(HeaderFamily::Svix, now, body);
    let mode = ReplayMode::Resigned { new_message_id: false };
    let request = replay(&delivery, &target.url("/webhooks/self?q=a[1]&b={2}"), mode, now);
    let command = curl(&request);

    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("sh").arg("-c").arg(format!("{command} --silent --output /dev/null")).output()
    })
    .await
    .unwrap()
    .unwrap();
    assert!(output.status.success(), "curl failed: {}", String::from_utf8_lossy(&output.stderr));

    let got = &target.received()[0];
    assert_eq!(got.request_line, "POST /webhooks/self?q=a[1]&b={2} HTTP/1.1");
    assert_eq!(got.body, body);
    let expected: Vec<Vec<u8>> = request.headers.iter().map(|(n, v)| [n.as_bytes(), b": ", v].concat()).collect();
    assert_eq!(got.lines_without(&["host", "content-length"]), expected);
    assert_eq!(standard_check(got, "svix"), Ok("msg_captured".to_owned()));
}

// ---------------------------------------------------------------------------
// Secrets stay out of error text.

#[tokio::test]
async fn no_secret_appears_in_any_error_text() {
    let now = now_s();
    let delivery = captured_delivery(HeaderFamily::Svix, now, BODY);
    let elsewhere = Secret::new("billing", Scheme::StandardWebhooks, &whsec(), Some("/webhooks/billing")).unwrap();
    let stripe = Secret::new("stripe", Scheme::Stripe, &whsec(), None).unwrap();
    let config = SigningConfig { secrets: vec![elsewhere, stripe], settings: VerifySettings::default() };
    let mode = ReplayMode::Resigned { new_message_id: true };
    let no_secret = build(&delivery, "http://127.0.0.1:9/x", mode, None, &config, now, "msg_fresh").unwrap_err();

    let mut unsigned = delivery.clone();
    unsigned.captured.headers.retain(|(n, _)| !n.starts_with("svix-"));
    let no_signature = build(&unsigned, "http://127.0.0.1:9/x", mode, None, &signing(), now, "msg_fresh").unwrap_err();

    let generic = Secret::new("mine", Scheme::Generic, "generic-secret-value", None).unwrap();
    let mut generic_signed = delivery.clone();
    generic_signed.captured.headers = text_headers(&[("x-signature", "abc")]);
    let unconfigured = SigningConfig { secrets: vec![generic], settings: VerifySettings::default() };
    let no_generic = build(&generic_signed, "http://127.0.0.1:9/x", mode, None, &unconfigured, now, "m").unwrap_err();

    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/x", closed.local_addr().unwrap());
    drop(closed);
    let refused = send_once(&replay(&delivery, &url, mode, now), Duration::from_secs(5)).await;

    let mut texts = vec![
        no_secret.to_string(),
        format!("{no_secret:?}"),
        no_signature.to_string(),
        format!("{no_signature:?}"),
        no_generic.to_string(),
        format!("{:?}", signing().secrets),
        failed(&refused).message.clone(),
    ];
    texts.push(serde_json::to_string(&refused).unwrap());
    let key_text = String::from_utf8_lossy(KEY).into_owned();
    let whsec = whsec();
    let body_of_whsec = whsec.trim_start_matches("whsec_").to_owned();
    for text in &texts {
        for secret in [&whsec, &body_of_whsec, &key_text, &"generic-secret-value".to_owned()] {
            assert!(!text.contains(secret.as_str()), "{text:?} reveals a secret");
        }
    }
    assert_eq!(
        texts[0],
        "no signing secret for Standard Webhooks deliveries to /webhooks/self: add one in settings or with --secret"
    );
    assert_eq!(texts[2], "delivery 01JCAPTURED carries no signature to rebuild; replay it as captured instead");
    assert_eq!(texts[4], "delivery 01JCAPTURED carries no signature to rebuild; replay it as captured instead");
}

// ---------------------------------------------------------------------------
// Idempotency check.

#[tokio::test]
async fn five_concurrent_copies_reach_the_target_together_and_only_one_is_processed() {
    const COPIES: usize = 5;
    let barrier = Arc::new(Barrier::new(COPIES));
    let processed = Arc::new(Mutex::new(HashSet::new()));
    let target = Target::start(move |received: &Received| {
        let reply = match standard_check(received, "svix") {
            // The idempotent handler: the first copy of an id does the work, the rest are acknowledged.
            Ok(id) if processed.lock().unwrap().insert(id.clone()) => Reply::new(200, "processed"),
            Ok(_) => Reply::new(200, "duplicate"),
            Err(reason) => Reply::new(401, reason),
        };
        Reply { barrier: Some(barrier.clone()), ..reply }
    })
    .await;
    let now = now_s();
    let delivery = captured_delivery(HeaderFamily::Svix, now, BODY);
    let request = replay(&delivery, &target.url(PATH), ReplayMode::Resigned { new_message_id: true }, now);

    let outcomes = send_concurrently(&client().unwrap(), &request, COPIES, Duration::from_secs(5), || 42).await;
    assert_eq!(outcomes.len(), COPIES);
    let mut bodies: Vec<String> = outcomes.iter().map(|o| answered(o).body.clone().unwrap()).collect();
    bodies.sort();
    assert_eq!(bodies, ["duplicate", "duplicate", "duplicate", "duplicate", "processed"]);
    assert!(outcomes.iter().all(|o| answered(o).status == 200 && o.sent_at_ms == 42));
    let ids: Vec<String> = target.received().iter().map(|r| r.header("svix-id").unwrap().to_owned()).collect();
    assert_eq!(ids, vec!["msg_fresh"; COPIES]);
}
