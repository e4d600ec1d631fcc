//! The capture handler: any method, any path. It reads the raw body (nothing
//! parses it first), commits the delivery, and only then answers the sender.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::clock::Clock;
use crate::delivery::{Captured, Headers, Rejection};
use crate::store::Store;

/// The default largest body captured: 10 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 10 * 1024 * 1024;

#[derive(Clone)]
pub struct CaptureState {
    pub store: Store,
    pub clock: Clock,
    pub body_limit: usize,
}

/// A router that captures every request.
pub fn router(state: CaptureState) -> Router {
    Router::new().fallback(capture).with_state(state)
}

async fn capture(State(state): State<CaptureState>, request: Request) -> Response {
    let received_at_ms = state.clock.now_ms();
    let (parts, body) = request.into_parts();
    let remote_addr = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.to_string());
    let declared_size = declared_size(&parts.headers);
    let (body, rejection) = read_body(body, declared_size, state.body_limit).await;
    let status = match rejection {
        Some(r) => r.status(),
        None => StatusCode::OK.as_u16(),
    };
    let captured = Captured {
        received_at_ms,
        remote_addr,
        method: parts.method.as_str().to_owned(),
        // The request target as sent: origin-form path and query, or the whole
        // URI when a client used absolute-form.
        path: if parts.uri.scheme().is_some() {
            parts.uri.to_string()
        } else {
            parts.uri.path_and_query().map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned())
        },
        headers: headers(&parts.headers),
        body,
        declared_size,
        rejection,
        status,
    };
    match state.store.insert(captured).await {
        Ok(delivery) => answer(delivery.captured.status, delivery.captured.rejection, &delivery.id),
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
    match Limited::new(body, limit).collect().await {
        Ok(collected) => (collected.to_bytes(), None),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => (Bytes::new(), Some(Rejection::TooLarge)),
        Err(_) => (Bytes::new(), Some(Rejection::BodyUnreadable)),
    }
}

fn declared_size(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

fn headers(map: &HeaderMap) -> Headers {
    map.iter().map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec())).collect()
}

fn answer(status: u16, rejection: Option<Rejection>, id: &str) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    match rejection {
        Some(Rejection::TooLarge) => (code, "request body too large; the attempt was recorded\n").into_response(),
        Some(Rejection::BodyUnreadable) => {
            (code, "request body could not be read; the attempt was recorded\n").into_response()
        }
        None => {
            let body = format!("{{\"id\":\"{id}\"}}");
            (code, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
    }
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
