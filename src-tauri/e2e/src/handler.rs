//! A developer's webhook handler on 127.0.0.1 port 0 that checks the Svix
//! signature itself, as a real one would: 200 `{"received":true}` when it
//! matches the sender's secret, 401 with the reason when not.

use std::convert::Infallible;

use bytes::Bytes;
use hookscope_core::verify::{sign, HeaderFamily, VerifySettings};
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};

use crate::deliveries::secret;

/// Starts the handler; its URL (path `/webhooks/self`).
pub async fn start_verifying_handler() -> String {
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a local port");
    let url = format!("http://{}/webhooks/self", socket.local_addr().expect("a bound address"));
    tokio::spawn(async move {
        while let Ok((stream, _)) = socket.accept().await {
            tokio::spawn(async move {
                let io = hyper_util::rt::TokioIo::new(stream);
                let service = hyper::service::service_fn(answer);
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
            });
        }
    });
    url
}

async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let (id, timestamp, signatures) = (header("svix-id"), header("svix-timestamp"), header("svix-signature"));
    let body = match request.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => return Ok(reply(400, r#"{"error":"unreadable body"}"#)),
    };
    let expected = timestamp.parse().ok().and_then(|ts| {
        let headers = sign(HeaderFamily::Svix, &secret("handler"), &VerifySettings::default(), &id, ts, &body).ok()?;
        headers.into_iter().find(|(name, _)| name == "svix-signature").map(|(_, value)| value)
    });
    let matches = expected.is_some_and(|expected| signatures.split(' ').any(|given| given == expected));
    Ok(if matches { reply(200, r#"{"received":true}"#) } else { reply(401, r#"{"error":"invalid signature"}"#) })
}

fn reply(status: u16, body: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert("content-type", hyper::header::HeaderValue::from_static("application/json"));
    response
}
