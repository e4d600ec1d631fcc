//! The capture handler: any method, any path. It reads the raw body (nothing
//! parses it first), commits the delivery, and only then answers the sender.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::clock::Clock;
use crate::delivery::{Answer, Delivery, Rejection};
use crate::forward::{self, Forwarding};
use crate::group::{Classification, Relation};
use crate::received::{self, declared_size, Received};
use crate::respond::{Answers, Decision};
use crate::signing::Signing;
use crate::store::Store;

/// The default largest body captured: 10 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 10 * 1024 * 1024;
/// Requests handled at once; more are shed with 503 + Retry-After instead of
/// queueing without bound (each may hold up to a body limit in memory).
pub const MAX_IN_FLIGHT: usize = 256;
/// A body must arrive within this long: a slow sender cannot hold a slot forever.
const BODY_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

#[derive(Clone)]
pub struct CaptureState {
    pub store: Store,
    pub clock: Clock,
    pub body_limit: usize,
    pub signing: Signing,
    pub answers: Answers,
    pub in_flight: std::sync::Arc<tokio::sync::Semaphore>,
    pub forwarding: Forwarding,
}

/// A router that captures every request.
pub fn router(state: CaptureState) -> Router {
    Router::new().fallback(capture).with_state(state)
}

async fn capture(State(state): State<CaptureState>, request: Request) -> Response {
    let Ok(_slot) = state.in_flight.clone().try_acquire_owned() else {
        tracing::warn!("too many requests at once; shedding with 503");
        return unavailable();
    };
    let received_at_ms = state.clock.now_ms();
    let (parts, body) = request.into_parts();
    let remote_addr = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.to_string());
    let (body, rejection) = read_body(body, declared_size(&parts.headers), state.body_limit).await;
    let received = Received { parts: &parts, body, rejection, received_at_ms, remote_addr };
    let captured = received::captured(received, &state.signing.current());
    let plan = state.forwarding.current().filter(|_| rejection.is_none());
    // Mirror mode asks the developer's handler first: its status is the answer.
    let mirrored = match plan.as_ref().filter(|p| p.mirror) {
        Some(plan) => {
            let provisional = Delivery {
                id: String::new(),
                captured: captured.clone(),
                answer: Answer::plain(200),
                grouping: Classification { attempt: 1, duplicate_of: None, relation: Relation::Original },
                imported_from: None,
                pinned: false,
            };
            Some(forward::send(&provisional, plan, &state.signing, &state.clock).await)
        }
        None => None,
    };
    let answers = state.answers.clone();
    let mirrored_status = mirrored.as_ref().map(|sent| forward::mirrored_status(sent.as_ref()));
    let decide: crate::store::Decide = Box::new(move |grouping| match (rejection, mirrored_status) {
        (Some(r), _) => Decision::plain(r.status()),
        (None, Some(status)) => Decision { scripted: true, ..Decision::plain(status) },
        (None, None) => answers.decide(grouping.attempt),
    });
    match state.store.insert(captured, decide).await {
        Ok(stored) => {
            if let Some(plan) = plan {
                let (store, signing, clock) = (state.store.clone(), state.signing.clone(), state.clock.clone());
                let delivery = stored.delivery.clone();
                tokio::spawn(async move {
                    let sent = match mirrored {
                        Some(sent) => sent,
                        None => forward::send(&delivery, &plan, &signing, &clock).await,
                    };
                    if let Some(sent) = sent {
                        forward::keep(&store, delivery.id, clock.now_ms(), plan.target, sent).await;
                    }
                });
            }
            answer(stored.decision, stored.delivery.captured.rejection, &stored.delivery.id).await
        }
        Err(error) => {
            tracing::error!(error = %error_chain(&error), "a delivery could not be stored; answering 503");
            unavailable()
        }
    }
}

async fn read_body(body: Body, declared: Option<u64>, limit: usize) -> (Bytes, Option<Rejection>) {
    if declared.is_some_and(|d| d > limit as u64) {
        return (Bytes::new(), Some(Rejection::TooLarge));
    }
    match tokio::time::timeout(BODY_READ_TIMEOUT, Limited::new(body, limit).collect()).await {
        Ok(Ok(collected)) => (collected.to_bytes(), None),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => (Bytes::new(), Some(Rejection::TooLarge)),
        Ok(Err(_)) | Err(_) => (Bytes::new(), Some(Rejection::BodyUnreadable)),
    }
}

/// Answers as decided, after any delay. A held connection (a simulated timeout)
/// stays silent for the whole hold; a sender that waited that long gets a 504.
async fn answer(decision: Decision, rejection: Option<Rejection>, id: &str) -> Response {
    if decision.delay_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(decision.delay_ms)).await;
    }
    let code = StatusCode::from_u16(decision.status).unwrap_or(StatusCode::OK);
    let mut response = match (rejection, decision.body) {
        (Some(Rejection::TooLarge), _) => (code, "request body too large; the attempt was recorded\n").into_response(),
        (Some(Rejection::BodyUnreadable), _) => {
            (code, "request body could not be read; the attempt was recorded\n").into_response()
        }
        (None, Some(body)) => (code, body).into_response(),
        (None, None) => {
            let body = format!("{{\"id\":\"{id}\"}}");
            (code, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
    };
    for (name, value) in decision.headers {
        if let (Ok(name), Ok(value)) =
            (header::HeaderName::from_bytes(name.as_bytes()), header::HeaderValue::from_str(&value))
        {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// 503 with a plain reason and no internal detail, so the sender retries later.
pub(crate) fn unavailable() -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "5")], "temporarily unable to accept deliveries\n")
        .into_response()
}

/// An error with its sources, for logs.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
