//! A user-configured scheme: `<header>: <prefix><hex or base64 of HMAC-SHA256(secret text, body)>`.

use super::mac::{self, Algorithm};
use super::signed::{decode_mac, header_text, Entry, EntryKind, Malformed, Parsed, SignatureFormat, Signed};
use super::{GenericScheme, Headers, Scheme, SignatureEncoding};

fn format(config: &GenericScheme) -> SignatureFormat {
    SignatureFormat::new(config.prefix.as_deref().unwrap_or(""), config.encoding)
}

fn header_name(config: &GenericScheme) -> String {
    config.header.trim().to_ascii_lowercase()
}

pub(crate) fn parse(headers: &Headers, config: &GenericScheme) -> Option<Parsed> {
    let name = header_name(config);
    if name.is_empty() {
        return None;
    }
    let malformed = |reason: String| Malformed { scheme: Scheme::Generic, family: None, reason };
    let value = match header_text(headers, &name)? {
        Ok(v) => v.trim(),
        Err(reason) => return Some(Err(malformed(reason))),
    };
    let format = format(config);
    let encoding = match config.encoding {
        SignatureEncoding::Hex => "hex",
        SignatureEncoding::Base64 => "base64",
    };
    let kind = match value.strip_prefix(format.prefix.as_str()) {
        Some(sig) => decode_mac(config.encoding, sig, Algorithm::Sha256),
        None => EntryKind::Unusable,
    };
    if kind == EntryKind::Unusable {
        let reason = format!("the {name} header is not of the form {}<{encoding} HMAC-SHA256>", format.prefix);
        return Some(Err(malformed(reason)));
    }
    Some(Ok(Signed {
        scheme: Scheme::Generic,
        family: None,
        headers: vec![name],
        timestamp: None,
        content_prefix: Vec::new(),
        algorithm: Algorithm::Sha256,
        format,
        entries: vec![Entry { text: value.to_owned(), kind }],
    }))
}

pub(crate) fn sign(config: &GenericScheme, key: &[u8], body: &[u8]) -> Vec<(String, String)> {
    let mac = mac::compute(Algorithm::Sha256, key, &[body]);
    vec![(header_name(config), format(config).write(&mac))]
}
