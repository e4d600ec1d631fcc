//! What the capture path makes of a received request, before the store classifies
//! it: the request target as sent, the headers as raw bytes, the declared size,
//! the signature verdict as at receipt and the grouping keys.
//!
//! Pure: the time of receipt, the peer and the signing configuration come in, so
//! this is tested (and fuzzed) without a socket.

use axum::http::{header, request::Parts, HeaderMap, Uri};
use bytes::Bytes;

use crate::delivery::{Captured, Headers, Rejection};
use crate::group;
use crate::signing::SigningConfig;
use crate::verify::{self, Request as SignedRequest};

/// The request as the capture path read it off the connection.
pub struct Received<'a> {
    pub parts: &'a Parts,
    /// The raw body; empty when it was refused.
    pub body: Bytes,
    pub rejection: Option<Rejection>,
    /// Epoch milliseconds (UTC), from the listener's clock.
    pub received_at_ms: i64,
    pub remote_addr: Option<String>,
}

/// The delivery to store for a received request. A refused body is not verified.
pub fn captured(received: Received<'_>, signing: &SigningConfig) -> Captured {
    let Received { parts, body, rejection, received_at_ms, remote_addr } = received;
    let path = request_target(&parts.uri);
    let headers = headers(&parts.headers);
    let verification = rejection.is_none().then(|| {
        let request = SignedRequest { path: &path, headers: &headers, body: &body, received_at_ms };
        verify::verify(&request, &signing.secrets, &signing.settings)
    });
    let message_id = group::message_id(&headers, &body);
    let dedup_key = group::dedup_key(&body, message_id.as_deref());
    Captured {
        received_at_ms,
        remote_addr,
        method: parts.method.as_str().to_owned(),
        path,
        headers,
        body,
        declared_size: declared_size(&parts.headers),
        rejection,
        message_id,
        dedup_key,
        verification,
    }
}

/// The request target as sent: origin-form path and query, or the whole URI
/// when a client used absolute-form (or authority-form, as CONNECT does).
fn request_target(uri: &Uri) -> String {
    if uri.scheme().is_some() || (uri.authority().is_some() && uri.path_and_query().is_none()) {
        uri.to_string()
    } else {
        uri.path_and_query().map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned())
    }
}

/// The `Content-Length` the sender declared, if it is a number.
pub fn declared_size(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

/// Header names (lowercase, as `http` keeps them) and raw values, in arrival order.
fn headers(map: &HeaderMap) -> Headers {
    map.iter().map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::{sign, HeaderFamily, Scheme, Secret, VerificationStatus, VerifySettings};

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    fn parts(request: axum::http::request::Builder) -> Parts {
        request.body(()).unwrap().into_parts().0
    }

    #[test]
    fn keeps_target_headers_and_keys_and_verifies_the_body() {
        let secret = Secret::new("current", Scheme::StandardWebhooks, SECRET, None).unwrap();
        let body = br#"{"type":"verification.completed","verification_id":"v1"}"#;
        let signed = sign(HeaderFamily::Svix, &secret, &VerifySettings::default(), "msg_1", 1_700_000_000, body);
        let mut request = axum::http::Request::post("/hooks/self?x=%3Cb%3E").header("content-length", " 57 ");
        for (name, value) in signed.unwrap() {
            request = request.header(name, value);
        }
        let parts = parts(request.header("x-dup", "a").header("x-dup", "b"));
        let signing = SigningConfig { secrets: vec![secret], settings: VerifySettings::default() };
        let received = Received {
            parts: &parts,
            body: Bytes::from_static(body),
            rejection: None,
            received_at_ms: 1_700_000_000_500,
            remote_addr: Some("127.0.0.1:1".into()),
        };
        let c = captured(received, &signing);
        assert_eq!(c.path, "/hooks/self?x=%3Cb%3E");
        assert_eq!(c.method, "POST");
        assert_eq!(c.declared_size, Some(57));
        assert_eq!(c.message_id.as_deref(), Some("msg_1"));
        assert_eq!(c.dedup_key, "v1-completed");
        assert_eq!(c.verification.map(|v| v.status), Some(VerificationStatus::Verified));
        let dups: Vec<&[u8]> = c.headers.iter().filter(|(n, _)| n == "x-dup").map(|(_, v)| v.as_slice()).collect();
        assert_eq!(dups, [b"a", b"b"]);
    }

    #[test]
    fn an_absolute_form_target_is_kept_whole_and_a_refused_body_is_not_verified() {
        let parts = parts(axum::http::Request::get("http://example.test:8080/p?q=1"));
        let received = Received {
            parts: &parts,
            body: Bytes::new(),
            rejection: Some(Rejection::TooLarge),
            received_at_ms: 0,
            remote_addr: None,
        };
        let c = captured(received, &SigningConfig::default());
        assert_eq!(c.path, "http://example.test:8080/p?q=1");
        assert_eq!(c.verification, None);
        assert_eq!(c.declared_size, None);
        assert!(c.dedup_key.starts_with("sha256:"), "{}", c.dedup_key);
    }
}
