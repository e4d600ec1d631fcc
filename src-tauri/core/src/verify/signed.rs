//! What every scheme's headers parse into: the signed content's prefix, the
//! received signatures, and the timestamp. Every supported scheme is
//! `HMAC(key, prefix ‖ body)`, so matching and diagnosis work on this alone.

use super::mac::{self, Algorithm};
use super::{generic, github, shopify, slack, standard, stripe};
use super::{HeaderFamily, Headers, Scheme, SignatureEncoding, VerifySettings};

/// How a scheme writes a signature: `<prefix><encoded MAC>`, e.g. `v1,<base64>` or `sha256=<hex>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignatureFormat {
    pub prefix: String,
    pub encoding: SignatureEncoding,
}

impl SignatureFormat {
    pub fn new(prefix: &str, encoding: SignatureEncoding) -> Self {
        SignatureFormat { prefix: prefix.to_owned(), encoding }
    }

    pub fn write(&self, mac: &[u8]) -> String {
        format!("{}{}", self.prefix, mac::encode(self.encoding, mac))
    }
}

/// One received signature, as found in a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub text: String,
    pub kind: EntryKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// A signature Hookscope checks, decoded.
    Checked(Vec<u8>),
    /// Well-formed, but of a version Hookscope does not check (e.g. `v1a`).
    OtherVersion,
    /// Not a signature at all (no separator, bad encoding, wrong length).
    Unusable,
}

/// A delivery's parsed signature headers.
#[derive(Debug, Clone)]
pub(crate) struct Signed {
    pub scheme: Scheme,
    pub family: Option<HeaderFamily>,
    /// The header names read, lowercase.
    pub headers: Vec<String>,
    pub timestamp: Option<i64>,
    /// Bytes signed before the body, e.g. `<id>.<timestamp>.`.
    pub content_prefix: Vec<u8>,
    pub algorithm: Algorithm,
    pub format: SignatureFormat,
    pub entries: Vec<Entry>,
}

impl Signed {
    /// The MAC the sender would have sent, were `key` and `body` what it signed.
    pub fn expected(&self, key: &[u8], body: &[u8]) -> Vec<u8> {
        mac::compute(self.algorithm, key, &[&self.content_prefix, body])
    }

    /// The index of the received entry that `key` over `body` reproduces.
    pub fn matching_entry(&self, key: &[u8], body: &[u8]) -> Option<usize> {
        let expected = self.expected(key, body);
        self.entries.iter().position(|e| matches!(&e.kind, EntryKind::Checked(sig) if mac::same(sig, &expected)))
    }

    pub fn matches(&self, key: &[u8], body: &[u8]) -> bool {
        self.matching_entry(key, body).is_some()
    }
}

/// Signature headers present but unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Malformed {
    pub scheme: Scheme,
    pub family: Option<HeaderFamily>,
    /// One human sentence.
    pub reason: String,
}

/// What a scheme's parser makes of the headers, when they are present.
pub(crate) type Parsed = Result<Signed, Malformed>;

/// Recognises the scheme from the headers, in the documented order: Standard
/// Webhooks, Stripe, GitHub, Shopify, Slack, then the generic scheme if configured.
/// `None` when no signature header of any scheme is present.
pub(crate) fn detect(headers: &Headers, settings: &VerifySettings) -> Option<Parsed> {
    standard::parse(headers)
        .or_else(|| stripe::parse(headers))
        .or_else(|| github::parse(headers))
        .or_else(|| shopify::parse(headers))
        .or_else(|| slack::parse(headers))
        .or_else(|| settings.generic.as_ref().and_then(|g| generic::parse(headers, g)))
}

/// The first value of header `name`, compared without case (names are stored
/// lowercase, but callers may build headers by hand).
pub(crate) fn header<'h>(headers: &'h Headers, name: &str) -> Option<&'h [u8]> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_slice())
}

/// The first value of header `name` as text; `Err` with a reason when it is not UTF-8.
pub(crate) fn header_text<'h>(headers: &'h Headers, name: &str) -> Option<Result<&'h str, String>> {
    header(headers, name).map(|v| std::str::from_utf8(v).map_err(|_| format!("the {name} header is not valid text")))
}

/// Parses a unix-seconds timestamp; `what` names it in the reason, e.g. "the svix-timestamp header".
pub(crate) fn parse_timestamp(what: &str, value: &str) -> Result<i64, String> {
    if value.is_empty() {
        return Err(format!("{what} is empty"));
    }
    value.parse::<i64>().map_err(|_| format!("{what} is not a whole number of seconds"))
}

/// Decodes a fixed-length MAC written as hex or base64; other lengths are unusable.
pub(crate) fn decode_mac(encoding: SignatureEncoding, text: &str, algorithm: Algorithm) -> EntryKind {
    let len = match algorithm {
        Algorithm::Sha256 => 32,
        Algorithm::Sha1 => 20,
    };
    match mac::decode(encoding, text) {
        Some(bytes) if bytes.len() == len => EntryKind::Checked(bytes),
        _ => EntryKind::Unusable,
    }
}

/// The reason given when no entry is usable; `what` is e.g. "v1 signature".
pub(crate) fn no_usable_entry(header: &str, what: &str, entries: &[Entry]) -> String {
    if entries.is_empty() {
        format!("the {header} header is empty")
    } else {
        format!("the {header} header holds no usable {what}")
    }
}
