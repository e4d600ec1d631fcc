//! GitHub: `X-Hub-Signature-256: sha256=<hex>`, an HMAC-SHA256 of the body keyed
//! with the secret text; or only the legacy `X-Hub-Signature: sha1=<hex>`. No timestamp.

use super::mac::{self, Algorithm};
use super::signed::{decode_mac, header_text, Entry, EntryKind, Malformed, Parsed, SignatureFormat, Signed};
use super::{Headers, Scheme, SignatureEncoding};

const SHA256_HEADER: &str = "x-hub-signature-256";
const SHA1_HEADER: &str = "x-hub-signature";

fn variant(algorithm: Algorithm) -> (&'static str, SignatureFormat) {
    match algorithm {
        Algorithm::Sha256 => (SHA256_HEADER, SignatureFormat::new("sha256=", SignatureEncoding::Hex)),
        Algorithm::Sha1 => (SHA1_HEADER, SignatureFormat::new("sha1=", SignatureEncoding::Hex)),
    }
}

/// Reads the SHA-256 header when present (GitHub sends both; SHA-1 is legacy).
pub(crate) fn parse(headers: &Headers) -> Option<Parsed> {
    let (algorithm, value) = [Algorithm::Sha256, Algorithm::Sha1]
        .into_iter()
        .find_map(|a| header_text(headers, variant(a).0).map(|v| (a, v)))?;
    let (name, format) = variant(algorithm);
    let malformed = |reason: String| Malformed { scheme: Scheme::Github, family: None, reason };
    let value = match value {
        Ok(v) => v.trim(),
        Err(reason) => return Some(Err(malformed(reason))),
    };
    let kind = match value.strip_prefix(format.prefix.as_str()) {
        Some(sig) => decode_mac(SignatureEncoding::Hex, sig, algorithm),
        None => EntryKind::Unusable,
    };
    if kind == EntryKind::Unusable {
        let reason = format!("the {name} header is not of the form {}<hex>", format.prefix);
        return Some(Err(malformed(reason)));
    }
    Some(Ok(Signed {
        scheme: Scheme::Github,
        family: None,
        headers: vec![name.to_owned()],
        timestamp: None,
        content_prefix: Vec::new(),
        algorithm,
        format,
        entries: vec![Entry { text: value.to_owned(), kind }],
    }))
}

/// Both headers, as GitHub sends them.
pub(crate) fn sign(key: &[u8], body: &[u8]) -> Vec<(String, String)> {
    [Algorithm::Sha256, Algorithm::Sha1]
        .into_iter()
        .map(|algorithm| {
            let (name, format) = variant(algorithm);
            (name.to_owned(), format.write(&mac::compute(algorithm, key, &[body])))
        })
        .collect()
}
