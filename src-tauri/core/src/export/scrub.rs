//! Values an export never contains, whatever the options: the signing secrets
//! and the ngrok authtoken. A sender (or a developer's handler, in a replay's
//! answer) may echo one back; every occurrence is cut out — as text, in its
//! JSON-escaped form, in base64, and as the raw key bytes. Pure.

use base64::Engine as _;
use memchr::memmem;
use serde_json::Value;

use crate::verify::Secret;

/// What replaces a secret found in an exported value.
pub const SECRET_REMOVED: &str = "[secret removed]";

/// Shorter values are not searched for: cutting every "abc" out of a log would
/// ruin it, and no real key or token is that short.
const MIN_NEEDLE: usize = 8;

/// The byte strings an export must not contain.
#[derive(Debug, Clone, Default)]
pub struct NeverWritten {
    /// Longest first, so a value is cut whole before any part of it is.
    needles: Vec<Vec<u8>>,
}

impl NeverWritten {
    /// The signing `secrets` and any `other` credentials (the ngrok authtoken).
    pub fn new(secrets: &[Secret], other: &[String]) -> Self {
        let mut never = NeverWritten::default();
        for secret in secrets {
            let text = secret.reveal();
            never.add_text(text);
            // A Standard Webhooks secret is `whsec_` and the key in base64: either half may travel alone.
            if let Some(rest) = text.strip_prefix("whsec_") {
                never.add_text(rest);
            }
            never.add(secret.key().to_vec());
        }
        for value in other {
            never.add_text(value.trim());
        }
        never.needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        never
    }

    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    fn add_text(&mut self, text: &str) {
        let engines = [
            &base64::engine::general_purpose::STANDARD,
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        self.add(text.as_bytes().to_vec());
        if let Ok(quoted) = serde_json::to_string(text) {
            self.add(quoted.as_bytes()[1..quoted.len() - 1].to_vec());
        }
        for engine in engines {
            self.add(engine.encode(text).into_bytes());
        }
    }

    fn add(&mut self, needle: Vec<u8>) {
        if needle.len() >= MIN_NEEDLE && !self.needles.contains(&needle) {
            self.needles.push(needle);
        }
    }

    /// `bytes` with every occurrence cut out, and how many were; None when there was none.
    pub fn bytes(&self, bytes: &[u8]) -> Option<(Vec<u8>, u32)> {
        let mut current: Option<Vec<u8>> = None;
        let mut count = 0;
        for needle in &self.needles {
            let haystack = current.as_deref().unwrap_or(bytes);
            let finder = memmem::Finder::new(needle);
            if finder.find(haystack).is_none() {
                continue;
            }
            let mut out = Vec::with_capacity(haystack.len());
            let mut rest = haystack;
            while let Some(at) = finder.find(rest) {
                out.extend_from_slice(&rest[..at]);
                out.extend_from_slice(SECRET_REMOVED.as_bytes());
                rest = &rest[at + needle.len()..];
                count += 1;
            }
            out.extend_from_slice(rest);
            current = Some(out);
        }
        current.map(|out| (out, count))
    }

    /// As [`NeverWritten::bytes`] for text. Cutting whole needles out of UTF-8 text
    /// leaves valid UTF-8 only when the needle is itself text; a raw-key needle
    /// that splits a character is cut with the character's bytes shown lossily.
    pub fn text(&self, text: &str) -> Option<(String, u32)> {
        self.bytes(text.as_bytes()).map(|(out, count)| (String::from_utf8_lossy(&out).into_owned(), count))
    }

    /// Cuts every occurrence out of every string in `value` (keys included);
    /// returns how many were cut.
    pub fn value(&self, value: &mut Value) -> u32 {
        match value {
            Value::String(text) => match self.text(text) {
                Some((clean, count)) => {
                    *text = clean;
                    count
                }
                None => 0,
            },
            Value::Array(items) => items.iter_mut().map(|v| self.value(v)).sum(),
            Value::Object(map) => {
                let mut count = 0;
                if map.keys().any(|k| self.text(k).is_some()) {
                    let old = std::mem::take(map);
                    for (key, child) in old {
                        let key = match self.text(&key) {
                            Some((clean, n)) => {
                                count += n;
                                clean
                            }
                            None => key,
                        };
                        map.insert(key, child);
                    }
                }
                count + map.values_mut().map(|v| self.value(v)).sum::<u32>()
            }
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::Scheme;
    use serde_json::json;

    const WHSEC: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const TOKEN: &str = "2abcDEFghiJKLmnoPQR_token";

    fn never() -> NeverWritten {
        let secret = Secret::new("current", Scheme::StandardWebhooks, WHSEC, None).unwrap();
        let stripe = Secret::new("stripe", Scheme::Stripe, "sk_\"quoted\"_secret", None).unwrap();
        NeverWritten::new(&[secret, stripe], &[TOKEN.to_owned()])
    }

    #[test]
    fn text_base64_escaped_and_raw_key_forms_are_all_cut() {
        let never = never();
        let b64 = base64::engine::general_purpose::STANDARD.encode(TOKEN);
        let text = format!("a {WHSEC} b {TOKEN} c {b64} d MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        let (clean, count) = never.text(&text).unwrap();
        assert_eq!(count, 4);
        assert_eq!(clean, "a [secret removed] b [secret removed] c [secret removed] d [secret removed]");

        let key = base64::engine::general_purpose::STANDARD.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let mut binary = vec![0xff, 0x00];
        binary.extend_from_slice(&key);
        binary.push(0x01);
        let (clean, count) = never.bytes(&binary).unwrap();
        assert_eq!(count, 1);
        assert_eq!(clean, [&[0xff, 0x00][..], SECRET_REMOVED.as_bytes(), &[0x01]].concat());

        // In a JSON body the quotes of a text secret arrive escaped.
        let body = serde_json::to_vec(&json!({"leak": "sk_\"quoted\"_secret"})).unwrap();
        let (clean, _) = never.bytes(&body).unwrap();
        assert_eq!(clean, br#"{"leak":"[secret removed]"}"#);
    }

    #[test]
    fn values_are_walked_keys_included_and_clean_input_is_untouched() {
        let never = never();
        let mut value = json!({"url": format!("http://x/?t={TOKEN}"), "list": [WHSEC, 1], TOKEN: true});
        assert_eq!(never.value(&mut value), 3);
        assert_eq!(
            value,
            json!({"url": "http://x/?t=[secret removed]", "list": ["[secret removed]", 1], "[secret removed]": true})
        );
        assert_eq!(never.text("nothing to see"), None);
        assert_eq!(never.value(&mut json!({"a": ["b"]})), 0);
    }

    #[test]
    fn short_values_are_not_searched_for() {
        let never = NeverWritten::new(&[], &["abc".to_owned(), " ".to_owned()]);
        assert!(never.is_empty());
        assert_eq!(never.text("abc abc"), None);
    }
}
