//! A signing secret the user configured, parsed once into the key bytes its scheme uses.

use std::fmt;

use base64::Engine as _;

use super::mac::LENIENT_BASE64;
use super::Scheme;

/// Standard Webhooks secrets are written `whsec_<base64>`; the prefix is optional.
pub(crate) const WHSEC_PREFIX: &str = "whsec_";

/// Below this many key bytes a pasted value is far more likely to be the wrong
/// thing (an id, a truncated paste) than a real signing key; Svix issues 24 bytes.
const MIN_STANDARD_KEY_BYTES: usize = 16;

/// Masking shows the last 4 characters only when at least this many exist, so a
/// short secret is not mostly revealed by its "masked" form.
const MIN_CHARS_TO_SHOW_TAIL: usize = 12;

/// Why a pasted secret was refused. Messages never contain the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("the secret label is empty")]
    EmptyLabel,
    #[error("the secret is empty")]
    Empty,
    #[error("the secret is not valid base64; a standard webhooks secret is `whsec_` followed by base64")]
    InvalidBase64,
    #[error("the secret decodes to {bytes} bytes, too short to be a signing key (at least 16 expected)")]
    TooShort { bytes: usize },
    #[error("the path prefix must start with '/'")]
    PathPrefix,
}

/// A signing secret: its label, the scheme it is for, the endpoint path it is
/// limited to, and the key bytes. `Debug` shows only the masked form.
#[derive(Clone)]
pub struct Secret {
    label: String,
    scheme: Scheme,
    path_prefix: Option<String>,
    /// What was pasted, trimmed.
    text: String,
    /// The HMAC key: base64-decoded for Standard Webhooks, the text's bytes otherwise.
    key: Vec<u8>,
}

impl Secret {
    /// Parses a pasted secret. Surrounding whitespace is dropped (a pasted newline
    /// is a far likelier accident than a secret that really ends in one).
    ///
    /// Standard Webhooks: `whsec_` optional, the rest base64 (padding optional)
    /// decoding to at least 16 bytes. Other schemes: any non-empty text, used as-is.
    /// An empty `path_prefix` means "every path".
    pub fn new(label: &str, scheme: Scheme, value: &str, path_prefix: Option<&str>) -> Result<Secret, SecretError> {
        let label = label.trim();
        if label.is_empty() {
            return Err(SecretError::EmptyLabel);
        }
        let text = value.trim();
        let path_prefix = match path_prefix.map(str::trim) {
            None | Some("") => None,
            Some(p) if p.starts_with('/') => Some(p.to_owned()),
            Some(_) => return Err(SecretError::PathPrefix),
        };
        let key = match scheme {
            Scheme::StandardWebhooks => standard_key(text)?,
            _ if text.is_empty() => return Err(SecretError::Empty),
            _ => text.as_bytes().to_vec(),
        };
        Ok(Secret { label: label.to_owned(), scheme, path_prefix, text: text.to_owned(), key })
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    pub fn path_prefix(&self) -> Option<&str> {
        self.path_prefix.as_deref()
    }

    /// A form safe to show: `••••` and the last 4 characters of what was pasted
    /// (only `••••` for secrets shorter than 12 characters).
    pub fn masked(&self) -> String {
        let count = self.text.chars().count();
        if count < MIN_CHARS_TO_SHOW_TAIL {
            return "••••".to_owned();
        }
        let tail: String = self.text.chars().skip(count - 4).collect();
        format!("••••{tail}")
    }

    /// Whether this secret is meant for `scheme` deliveries arriving at `path`.
    /// A prefix matches at a segment boundary: `/hooks/a` covers `/hooks/a`,
    /// `/hooks/a/x` and `/hooks/a?x=1`, not `/hooks/ab`.
    pub fn applies_to(&self, scheme: &Scheme, path: &str) -> bool {
        &self.scheme == scheme && self.covers_path(path)
    }

    /// The secret exactly as pasted (trimmed). Only for writing it to the secret
    /// store; never display or log it — use [`Secret::masked`] for that.
    pub fn reveal(&self) -> &str {
        &self.text
    }

    pub(crate) fn covers_path(&self, path: &str) -> bool {
        let Some(prefix) = &self.path_prefix else { return true };
        match path.strip_prefix(prefix.as_str()) {
            Some(rest) => prefix.ends_with('/') || rest.is_empty() || rest.starts_with(['/', '?', '#']),
            None => false,
        }
    }

    pub(crate) fn key(&self) -> &[u8] {
        &self.key
    }

    /// The keys a sender would have used by misreading this secret: for Standard
    /// Webhooks the text itself (with and without `whsec_`) instead of its decoded
    /// bytes; for raw-key schemes its base64 decoding. Each with a hint sentence.
    pub(crate) fn misread_keys(&self) -> Vec<(Vec<u8>, String)> {
        let label = &self.label;
        let bare = self.text.strip_prefix(WHSEC_PREFIX);
        match self.scheme {
            Scheme::StandardWebhooks => {
                let mut keys = vec![(
                    self.text.as_bytes().to_vec(),
                    format!("the sender used secret '{label}' as raw text instead of base64-decoding it"),
                )];
                if let Some(bare) = bare {
                    keys.push((
                        bare.as_bytes().to_vec(),
                        format!(
                            "the sender used secret '{label}' as raw text (without whsec_) instead of base64-decoding it"
                        ),
                    ));
                }
                keys
            }
            _ => match LENIENT_BASE64.decode(bare.unwrap_or(&self.text)) {
                Ok(decoded) if !decoded.is_empty() => vec![(
                    decoded,
                    format!("the sender base64-decoded secret '{label}' instead of using it as raw text"),
                )],
                _ => Vec::new(),
            },
        }
    }
}

fn standard_key(text: &str) -> Result<Vec<u8>, SecretError> {
    let encoded = text.strip_prefix(WHSEC_PREFIX).unwrap_or(text);
    if encoded.is_empty() {
        return Err(SecretError::Empty);
    }
    // The decoder's own error names the offending byte, which is part of the
    // secret, so it is replaced by a message of our own.
    let key = LENIENT_BASE64.decode(encoded).map_err(|_| SecretError::InvalidBase64)?;
    if key.len() < MIN_STANDARD_KEY_BYTES {
        return Err(SecretError::TooShort { bytes: key.len() });
    }
    Ok(key)
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret")
            .field("label", &self.label)
            .field("scheme", &self.scheme)
            .field("path_prefix", &self.path_prefix)
            .field("value", &self.masked())
            .finish()
    }
}
