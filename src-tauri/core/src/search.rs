//! Search over stored deliveries, the pure part: what a query means, which text
//! of a delivery is searched, and how the index is asked for candidates.
//!
//! A query is a list of terms: words separated by spaces, or phrases in double
//! quotes (`"content-type: application/json"`). A delivery matches when every
//! term appears, as a substring and ignoring ASCII case, in its path, in its
//! headers (`name: value` lines) or in the first [`INDEXED_BODY_BYTES`] of its
//! body (read as UTF-8, invalid bytes replaced). Terms of fewer than
//! [`MIN_TERM_CHARS`] characters are ignored: the index is made of three-character
//! slices (trigrams) and cannot find anything shorter.
//!
//! The index only narrows the search to candidates (it keeps which trigrams a
//! delivery has, not where), and the store confirms each term on the text itself.

use std::borrow::Cow;

/// How much of a body is searched: bodies can be 10 MiB, and indexing all of
/// them would make the index larger than the deliveries.
pub const INDEXED_BODY_BYTES: usize = 256 * 1024;

/// The shortest term that can be searched for (the index holds trigrams).
pub const MIN_TERM_CHARS: usize = 3;

/// The most trigrams asked of the index per term: enough to make the candidates
/// few; every term is confirmed on the text anyway.
const MAX_TRIGRAMS_PER_TERM: usize = 16;

/// A parsed search query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// ASCII-lowercased, without duplicates, in the order given.
    terms: Vec<String>,
    /// Terms left out for being too short, as typed.
    ignored: Vec<String>,
}

impl SearchQuery {
    pub fn parse(text: &str) -> SearchQuery {
        let mut query = SearchQuery::default();
        for term in split_terms(text) {
            if term.chars().count() < MIN_TERM_CHARS {
                query.ignored.push(term);
                continue;
            }
            let folded = term.to_ascii_lowercase();
            if !query.terms.contains(&folded) {
                query.terms.push(folded);
            }
        }
        query
    }

    /// True when nothing is searched for (no term of three characters or more).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// What must appear, ASCII-lowercased.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// Terms too short to be searched for, as typed.
    pub fn ignored(&self) -> &[String] {
        &self.ignored
    }

    /// The FTS5 expression that finds candidates: trigrams of every term, all
    /// required. Each trigram is a quoted string, so no character of a term is
    /// read as query syntax.
    pub fn index_expression(&self) -> String {
        let mut trigrams: Vec<String> = Vec::new();
        for term in &self.terms {
            for trigram in spread_trigrams(term) {
                let quoted = format!("\"{}\"", trigram.replace('"', "\"\""));
                if !trigrams.contains(&quoted) {
                    trigrams.push(quoted);
                }
            }
        }
        trigrams.join(" AND ")
    }
}

/// Words separated by whitespace, or phrases between double quotes (an unclosed
/// quote runs to the end). Empty phrases are dropped.
fn split_terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                push_term(&mut terms, &mut current);
                quoted = !quoted;
            }
            c if c.is_whitespace() && !quoted => push_term(&mut terms, &mut current),
            c => current.push(c),
        }
    }
    push_term(&mut terms, &mut current);
    terms
}

fn push_term(terms: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        terms.push(std::mem::take(current));
    }
}

/// Trigrams that cover `term` without overlapping (one every three characters,
/// and the last one), at most [`MAX_TRIGRAMS_PER_TERM`]: any delivery containing
/// the term contains them all.
fn spread_trigrams(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    if chars.len() < MIN_TERM_CHARS {
        return Vec::new();
    }
    let last = chars.len() - MIN_TERM_CHARS;
    let mut starts: Vec<usize> = (0..=last).step_by(MIN_TERM_CHARS).take(MAX_TRIGRAMS_PER_TERM - 1).collect();
    if starts.last() != Some(&last) {
        starts.push(last);
    }
    starts.into_iter().map(|s| chars[s..s + MIN_TERM_CHARS].iter().collect()).collect()
}

/// The searched part of a body: its first [`INDEXED_BODY_BYTES`], as UTF-8 with
/// invalid bytes replaced (so a binary or Latin-1 body is still searchable for
/// its ASCII text).
pub fn body_text(body: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(&body[..body.len().min(INDEXED_BODY_BYTES)])
}

/// Bodies larger than this are not read for their event type: parsing happens as
/// the delivery is stored, and a 10 MiB document would hold up the deliveries
/// stored with it.
pub const EVENT_TYPE_BODY_BYTES: usize = 1024 * 1024;

/// The event type of a JSON object body (its top-level `type` string, e.g.
/// `verification.completed`), for bodies up to [`EVENT_TYPE_BODY_BYTES`].
pub fn event_type(body: &[u8]) -> Option<String> {
    (body.len() <= EVENT_TYPE_BODY_BYTES).then(|| crate::group::event_type(body)).flatten()
}

/// Stored header bytes (`name: value` lines) as searchable text.
pub fn headers_text(encoded: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(encoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_quoted_phrases_become_terms() {
        let q = SearchQuery::parse(r#"  Verification.Completed "content-type: application/json"  /webhooks "#);
        assert_eq!(q.terms(), ["verification.completed", "content-type: application/json", "/webhooks"]);
        assert!(q.ignored().is_empty());
    }

    #[test]
    fn short_terms_are_ignored_and_said() {
        let q = SearchQuery::parse("id ab msg_1 x");
        assert_eq!(q.terms(), ["msg_1"]);
        assert_eq!(q.ignored(), ["id", "ab", "x"]);
        assert!(SearchQuery::parse("ab").is_empty());
        assert!(SearchQuery::parse("   ").is_empty());
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end_and_duplicates_fold() {
        let q = SearchQuery::parse(r#"ABC abc "two words"#);
        assert_eq!(q.terms(), ["abc", "two words"]);
    }

    #[test]
    fn case_folds_for_ascii_only() {
        assert_eq!(SearchQuery::parse("ÉTÉ Sent").terms(), ["ÉtÉ", "sent"]);
    }

    #[test]
    fn the_index_expression_quotes_spread_trigrams() {
        assert_eq!(SearchQuery::parse("abcdefgh").index_expression(), r#""abc" AND "def" AND "fgh""#);
        assert_eq!(SearchQuery::parse("abcdef").index_expression(), r#""abc" AND "def""#);
        assert_eq!(SearchQuery::parse("abc").index_expression(), r#""abc""#);
        // Query syntax inside a term is text: spaces, operators and stars included.
        assert_eq!(SearchQuery::parse(r#""a OR b*""#).index_expression(), r#""a o" AND "r b" AND " b*""#);
    }

    #[test]
    fn trigrams_of_several_terms_are_all_required_once() {
        assert_eq!(SearchQuery::parse("abcabc xyz").index_expression(), r#""abc" AND "xyz""#);
    }

    #[test]
    fn long_terms_ask_for_a_bounded_number_of_trigrams_including_the_last() {
        let term = "0123456789".repeat(10);
        let trigrams = spread_trigrams(&term);
        assert_eq!(trigrams.len(), MAX_TRIGRAMS_PER_TERM);
        assert_eq!(trigrams.first().map(String::as_str), Some("012"));
        assert_eq!(trigrams.last().map(String::as_str), Some("789"));
    }

    #[test]
    fn multibyte_characters_count_as_one() {
        assert_eq!(spread_trigrams("äöüß"), ["äöü", "öüß"]);
    }

    #[test]
    fn the_event_type_is_a_top_level_string_of_a_json_object() {
        assert_eq!(
            event_type(br#"{"type":"verification.completed","x":1}"#).as_deref(),
            Some("verification.completed")
        );
        assert_eq!(event_type(br#" {"data":{"type":"inner"},"type":"invoice.paid"}"#).as_deref(), Some("invoice.paid"));
        for none in [&br#"{"type":7}"#[..], br#"{"kind":"x"}"#, br#"[{"type":"x"}]"#, b"type=x", b"\xff\xfe", b""] {
            assert_eq!(event_type(none), None, "{}", String::from_utf8_lossy(none));
        }
        let mut big = br#"{"type":"big","pad":""#.to_vec();
        big.resize(EVENT_TYPE_BODY_BYTES + 1, b'x');
        big.extend_from_slice(br#""}"#);
        assert_eq!(event_type(&big), None);
    }

    #[test]
    fn body_text_is_capped_and_lossy() {
        let mut body = vec![b'a'; INDEXED_BODY_BYTES + 10];
        body[0] = 0xff;
        let text = body_text(&body);
        assert!(text.starts_with('\u{fffd}'));
        assert_eq!(text.chars().count(), INDEXED_BODY_BYTES);
        assert_eq!(body_text(b"{\"a\":1}"), "{\"a\":1}");
    }
}
