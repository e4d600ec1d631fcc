//! Sending a built replay and recording what happened. The only I/O in replay.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;

use crate::delivery::Headers;

use super::outcome::{FailureKind, ReplayOutcome, ReplayResponse, ReplayResult, SendFailure, SentRequest};
use super::{failure, ReplayError, ReplayRequest};

/// How long a replay waits for the whole answer unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Response bodies are kept up to this many bytes (1 MiB); the rest is dropped
/// and the response marked `truncated`.
pub const RESPONSE_BODY_CAP: usize = 1024 * 1024;

/// The HTTP client replays go through. It talks to the target directly (no
/// proxy from the environment), records a redirect instead of following it,
/// never retries (a retried replay would be a second delivery), and hands back
/// response bodies as they came (this crate enables no decompression).
pub fn client() -> Result<reqwest::Client, ReplayError> {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .retry(reqwest::retry::never())
        .build()
        .map_err(ReplayError::Client)
}

/// Sends `request` and records the outcome; never fails (a failure is recorded).
///
/// `timeout` covers the whole exchange, body included. `clock_ms` gives the
/// recorded start time; the latency comes from a monotonic clock so that a wall
/// clock change mid-request cannot make it negative.
///
/// Header order is kept except that repeated names are sent together at the
/// first one's place (the HTTP client stores headers by name).
pub async fn send(
    client: &reqwest::Client,
    request: &ReplayRequest,
    timeout: Duration,
    clock_ms: impl Fn() -> i64,
) -> ReplayOutcome {
    let sent_at_ms = clock_ms();
    let started = Instant::now();
    let result = exchange(client, request, timeout).await;
    let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    ReplayOutcome { request: SentRequest::new(request), sent_at_ms, latency_ms, result }
}

/// Sends `copies` identical copies of `request` at once, as a sender's retry
/// storm would, to check that the handler processes the message only once.
/// The caller re-signs first when needed, so every copy carries the same id.
/// Outcomes come back in the order the copies were started.
pub async fn send_concurrently(
    client: &reqwest::Client,
    request: &ReplayRequest,
    copies: usize,
    timeout: Duration,
    clock_ms: impl Fn() -> i64 + Clone + Send + 'static,
) -> Vec<ReplayOutcome> {
    // Separate tasks, so the copies run in parallel on a multi-threaded runtime.
    let tasks: Vec<_> = (0..copies)
        .map(|_| {
            let (client, request, clock) = (client.clone(), request.clone(), clock_ms.clone());
            tokio::spawn(async move { send(&client, &request, timeout, clock).await })
        })
        .collect();
    let mut outcomes = Vec::with_capacity(copies);
    for task in tasks {
        let outcome = task.await.unwrap_or_else(|e| ReplayOutcome {
            request: SentRequest::new(request),
            sent_at_ms: clock_ms(),
            latency_ms: 0,
            result: ReplayResult::Failed(SendFailure {
                cause: FailureKind::Other,
                message: format!("the sending task stopped: {e}"),
            }),
        });
        outcomes.push(outcome);
    }
    outcomes
}

async fn exchange(client: &reqwest::Client, request: &ReplayRequest, timeout: Duration) -> ReplayResult {
    let (method, headers) = match client_parts(request) {
        Ok(parts) => parts,
        Err(failure) => return ReplayResult::Failed(failure),
    };
    let sent = client.request(method, request.url.clone()).headers(headers).body(request.body.clone()).timeout(timeout);
    let mut response = match sent.send().await {
        Ok(response) => response,
        Err(e) => return ReplayResult::Failed(failure::before_answer(&e, &request.url, timeout)),
    };
    let status = response.status().as_u16();
    let headers: Headers =
        response.headers().iter().map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec())).collect();
    let mut body = Vec::new();
    let mut truncated = false;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = RESPONSE_BODY_CAP - body.len();
                if chunk.len() > room {
                    body.extend_from_slice(&chunk[..room]);
                    truncated = true;
                    break;
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return ReplayResult::Failed(failure::during_body(&e, status, timeout)),
        }
    }
    ReplayResult::Answered(ReplayResponse::new(status, &headers, &body, truncated))
}

/// The method and headers in the client's types. [`super::build`] has checked
/// them already; a hand-made request that slipped past is recorded as a failure.
fn client_parts(request: &ReplayRequest) -> Result<(Method, HeaderMap), SendFailure> {
    let unsendable =
        |what: String| SendFailure { cause: FailureKind::Other, message: format!("{what} cannot be sent") };
    let method = Method::from_bytes(request.method.as_bytes())
        .map_err(|_| unsendable(format!("the method {:?}", request.method)))?;
    let mut headers = HeaderMap::with_capacity(request.headers.len());
    for (name, value) in &request.headers {
        let header = HeaderName::from_bytes(name.as_bytes()).ok().zip(HeaderValue::from_bytes(value).ok());
        let (name, value) = header.ok_or_else(|| unsendable(format!("the header {name:?}")))?;
        headers.append(name, value);
    }
    Ok((method, headers))
}
