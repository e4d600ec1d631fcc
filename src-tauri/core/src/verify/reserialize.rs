//! The same JSON written the ways frameworks and proxies re-serialize it, to
//! tell whether a signature was computed over a differently written body.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter, Serializer};
use serde_json::Value;

/// A single-line layout: compact (`,` `:`) or Python's default (`, ` `: `),
/// optionally escaping non-ASCII as `\uXXXX` as Python's `ensure_ascii` and
/// Flask do.
struct FlatFormatter {
    spaced: bool,
    ascii_only: bool,
}

impl Formatter for FlatFormatter {
    fn begin_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.separator(w, first)
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.separator(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(if self.spaced { b": " } else { b":" })
    }

    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        if !self.ascii_only {
            return w.write_all(fragment.as_bytes());
        }
        // Python escapes everything outside printable ASCII, DEL included, as UTF-16 units.
        for ch in fragment.chars() {
            if (' '..='~').contains(&ch) {
                w.write_all(&[ch as u8])?;
            } else {
                for unit in ch.encode_utf16(&mut [0; 2]) {
                    write!(w, "\\u{unit:04x}")?;
                }
            }
        }
        Ok(())
    }
}

impl FlatFormatter {
    fn separator<W: ?Sized + io::Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        match (first, self.spaced) {
            (true, _) => Ok(()),
            (false, true) => w.write_all(b", "),
            (false, false) => w.write_all(b","),
        }
    }
}

fn write<F: Formatter>(value: &Value, formatter: F) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    value.serialize(&mut Serializer::with_formatter(&mut out, formatter)).ok()?;
    Some(out)
}

/// The received JSON body re-written in each common style that differs from it,
/// keys in their received order, each with how to describe it ("written compactly").
/// Empty when the body is not JSON.
pub(crate) fn restyled(body: &[u8]) -> Vec<(Vec<u8>, &'static str)> {
    let starts_like_json = body.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| matches!(b, b'{' | b'['));
    if !starts_like_json {
        return Vec::new();
    }
    let Ok(value) = serde_json::from_slice::<Value>(body) else { return Vec::new() };
    let flat = |spaced, ascii_only| write(&value, FlatFormatter { spaced, ascii_only });
    let candidates = [
        (flat(false, false), "written compactly"),
        (flat(false, true), "written compactly with non-ASCII characters escaped"),
        (write(&value, PrettyFormatter::with_indent(b"  ")), "pretty-printed with 2-space indentation"),
        (write(&value, PrettyFormatter::with_indent(b"    ")), "pretty-printed with 4-space indentation"),
        (flat(true, true), "written with Python's default ', ' and ': ' separators"),
        (flat(true, false), "written with ', ' and ': ' separators"),
    ];
    let mut out: Vec<(Vec<u8>, &'static str)> = Vec::new();
    for (bytes, style) in candidates {
        if let Some(bytes) = bytes {
            if bytes != body && !out.iter().any(|(b, _)| *b == bytes) {
                out.push((bytes, style));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(body: &str) -> Vec<(String, &'static str)> {
        restyled(body.as_bytes()).into_iter().map(|(b, s)| (String::from_utf8(b).unwrap(), s)).collect()
    }

    #[test]
    fn writes_each_style_keeping_key_order() {
        let out = styles(r#"{"z": 1, "a": [true, "é"]}"#);
        let get = |style: &str| out.iter().find(|(_, s)| *s == style).map(|(b, _)| b.as_str());
        assert_eq!(get("written compactly"), Some(r#"{"z":1,"a":[true,"é"]}"#));
        assert_eq!(get("written compactly with non-ASCII characters escaped"), Some(r#"{"z":1,"a":[true,"\u00e9"]}"#));
        assert_eq!(
            get("pretty-printed with 2-space indentation"),
            Some("{\n  \"z\": 1,\n  \"a\": [\n    true,\n    \"é\"\n  ]\n}")
        );
        assert_eq!(
            get("written with Python's default ', ' and ': ' separators"),
            Some(r#"{"z": 1, "a": [true, "\u00e9"]}"#)
        );
        // The received layout itself is not offered back.
        assert_eq!(get("written with ', ' and ': ' separators"), None);
    }

    #[test]
    fn escapes_astral_characters_as_surrogate_pairs_like_python() {
        let out = styles(r#"{"e":"😀"}"#);
        assert!(out.iter().any(|(b, _)| b == r#"{"e": "\ud83d\ude00"}"#), "{out:?}");
    }

    #[test]
    fn non_json_bodies_have_no_variants() {
        assert!(restyled(b"hello").is_empty());
        assert!(restyled(b"{not json").is_empty());
        assert!(restyled(b"123").is_empty());
    }
}
