//! What the fuzz targets share: one secret per scheme (so every header parser
//! and the mismatch diagnosis run), and reading a request off the wire.
//!
//! Inputs are text a person can read and write (an HTTP request, a few lines),
//! so the corpus is seeded with real deliveries and signing vectors.

use hookscope_core::export::{NeverWritten, RedactionOptions, Redactor};
use hookscope_core::signing::SigningConfig;
use hookscope_core::verify::{GenericScheme, Scheme, Secret, SignatureEncoding, VerifySettings};

/// A request as read off the wire: HTTP/1 head parsed as the listener's parser
/// (httparse, under hyper) does, body the bytes after it.
pub struct RawRequest<'a> {
    pub method: &'a str,
    pub target: &'a str,
    /// Names as written (`http` lowercases them), raw values.
    pub headers: Vec<(&'a str, &'a [u8])>,
    pub body: &'a [u8],
}

/// The listener accepts up to 500 headers; more only slows the fuzzer down.
const MAX_HEADERS: usize = 128;

/// None when the head is incomplete or not HTTP/1.
pub fn parse_request(data: &[u8]) -> Option<RawRequest<'_>> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut slots);
    let httparse::Status::Complete(head_len) = request.parse(data).ok()? else { return None };
    let (method, target) = (request.method?, request.path?);
    let headers = request.headers.iter().map(|h| (h.name, h.value)).collect();
    Some(RawRequest { method, target, headers, body: &data[head_len..] })
}

/// Splits `first line \n rest`; None without a newline.
pub fn first_line(data: &[u8]) -> Option<(&str, &[u8])> {
    let newline = data.iter().position(|&b| b == b'\n')?;
    Some((std::str::from_utf8(&data[..newline]).ok()?, &data[newline + 1..]))
}

/// The generic scheme as a developer would configure it.
pub fn generic_scheme() -> GenericScheme {
    GenericScheme { header: "X-Signature".into(), encoding: SignatureEncoding::Hex, prefix: Some("sha256=".into()) }
}

/// A secret for every scheme, two Standard Webhooks ones (rotation) and one
/// scoped to a path, as a developer would configure them.
pub fn signing() -> SigningConfig {
    let secrets = [
        ("current", Scheme::StandardWebhooks, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", None),
        ("previous", Scheme::StandardWebhooks, "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", None),
        ("scoped", Scheme::StandardWebhooks, "whsec_dGhpcyBpcyBhIHNjb3BlZCBzZWNyZXQ=", Some("/hooks/other")),
        ("stripe", Scheme::Stripe, "whsec_stripe_test_secret", None),
        ("github", Scheme::Github, "It's a Secret to Everybody", None),
        ("shopify", Scheme::Shopify, "c2hvcGlmeS1zZWNyZXQ=", None),
        ("slack", Scheme::Slack, "8f742231b10e8888abcd99yyyzzz85a5", None),
        ("generic", Scheme::Generic, "generic-secret", None),
    ];
    let secrets = secrets
        .into_iter()
        .map(|(label, scheme, value, path)| {
            Secret::new(label, scheme, value, path).unwrap_or_else(|e| panic!("fixed secret {label}: {e}"))
        })
        .collect();
    SigningConfig { secrets, settings: VerifySettings { generic: Some(generic_scheme()), ..VerifySettings::default() } }
}

/// An export that leaves everything in: what is written is what was read.
pub fn plain_export() -> Redactor {
    Redactor::new(&RedactionOptions::none(), NeverWritten::default()).unwrap_or_else(|e| panic!("no redaction: {e}"))
}
