//! Raw bytes off a connection, parsed as the listener's HTTP/1 parser does, to
//! what the capture path stores: the headers survive the store's encoding, the
//! target is kept as sent, and the delivery's JSON builds and reads back.
#![no_main]

use std::sync::OnceLock;

use base64::Engine as _;
use bytes::Bytes;
use hookscope_core::delivery::{decode_headers, encode_headers, Answer, Delivery, DeliveryJson};
use hookscope_core::group::{Classification, Relation};
use hookscope_core::received::{self, Received};
use hookscope_core::signing::SigningConfig;
use hookscope_fuzz::{parse_request, signing, RawRequest};
use libfuzzer_sys::fuzz_target;

fn config() -> &'static SigningConfig {
    static CONFIG: OnceLock<SigningConfig> = OnceLock::new();
    CONFIG.get_or_init(signing)
}

/// The request in `http` types, as hyper hands it on; None where hyper would
/// answer 400 instead.
fn to_parts(raw: &RawRequest) -> Option<http::request::Parts> {
    let mut builder = http::Request::builder()
        .method(http::Method::from_bytes(raw.method.as_bytes()).ok()?)
        .uri(http::Uri::try_from(raw.target).ok()?);
    for (name, value) in &raw.headers {
        builder = builder
            .header(http::HeaderName::from_bytes(name.as_bytes()).ok()?, http::HeaderValue::from_bytes(value).ok()?);
    }
    Some(builder.body(()).ok()?.into_parts().0)
}

fuzz_target!(|data: &[u8]| {
    let Some(raw) = parse_request(data) else { return };
    let Some(parts) = to_parts(&raw) else { return };
    let body = Bytes::copy_from_slice(raw.body);
    let received = Received {
        parts: &parts,
        body: body.clone(),
        rejection: None,
        received_at_ms: 1_795_681_812_345,
        remote_addr: None,
    };
    let captured = received::captured(received, config());

    // The store keeps headers as encoded lines: they must come back as received.
    assert_eq!(decode_headers(&encode_headers(&captured.headers)), captured.headers);
    assert_eq!(captured.headers.len(), parts.headers.len());
    // An origin-form target is kept as sent, except a fragment, which `http` drops
    // (senders do not send one).
    if raw.target.starts_with('/') {
        let sent = raw.target.split('#').next().unwrap_or_default();
        assert_eq!(captured.path, sent, "the target as sent");
    }
    assert_eq!(captured.body, body);
    assert!(!captured.dedup_key.is_empty());

    let delivery = Delivery {
        id: "01JFUZZ".into(),
        captured,
        answer: Answer::plain(200),
        grouping: Classification { attempt: 1, duplicate_of: None, relation: Relation::Original },
        imported_from: None,
        pinned: false,
    };
    let _ = delivery.summary();
    let json = delivery.to_json();
    let shown = match (&json.body, &json.body_base64) {
        (Some(text), None) => text.as_bytes().to_vec(),
        (None, Some(encoded)) => base64::engine::general_purpose::STANDARD.decode(encoded).expect("valid base64"),
        other => panic!("exactly one of body and body_base64: {other:?}"),
    };
    assert_eq!(shown, body.as_ref());
    let text = serde_json::to_string(&json).expect("a delivery serializes");
    let back: DeliveryJson = serde_json::from_str(&text).expect("a delivery reads back");
    assert_eq!(back, json);
});
