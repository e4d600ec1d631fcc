//! What an export leaves out on request: header values by name, and JSON body
//! values by dotted path. Pure.
//!
//! A path is a dot-separated list of object keys; `*` stands for any key or any
//! array index, a number for one index, and a key met on an array applies to
//! each element (`items.token` reaches `items.0.token`, `items.1.token`, …).
//! Matched values are replaced by [`REDACTED`], so the shape stays readable.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// What replaces a redacted header value or JSON value.
pub const REDACTED: &str = "[redacted]";

/// Header values left out unless the user says otherwise: credentials a sender
/// (or a replay) may carry.
pub const DEFAULT_HEADERS: [&str; 3] = ["authorization", "cookie", "x-api-key"];

/// The "Self personal data" preset: the proof, the developer's user id, and the
/// disclosed attributes' values.
pub const SELF_PERSONAL_DATA: [&str; 3] = ["proof", "external_uuid", "proof_attributes.*"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedactionError {
    #[error("the JSON path '{0}' is empty or has an empty segment")]
    BadPath(String),
    #[error("a header name to redact is empty")]
    EmptyHeader,
}

/// Which values an export replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct RedactionOptions {
    /// Header names (any case) whose values are replaced.
    pub headers: Vec<String>,
    /// Dotted JSON paths in bodies whose values are replaced.
    pub json_paths: Vec<String>,
}

impl Default for RedactionOptions {
    /// The default headers, no JSON paths.
    fn default() -> Self {
        RedactionOptions { headers: DEFAULT_HEADERS.map(str::to_owned).to_vec(), json_paths: Vec::new() }
    }
}

impl RedactionOptions {
    /// Nothing redacted (secrets are still never written).
    pub fn none() -> Self {
        RedactionOptions { headers: Vec::new(), json_paths: Vec::new() }
    }

    /// These options plus the "Self personal data" paths.
    pub fn with_self_preset(mut self) -> Self {
        for path in SELF_PERSONAL_DATA {
            if !self.json_paths.iter().any(|p| p == path) {
                self.json_paths.push(path.to_owned());
            }
        }
        self
    }
}

/// What an export would remove from one delivery (for a preview before exporting).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RedactionPreview {
    /// Header names whose values would be replaced, lowercase, once each.
    pub headers: Vec<String>,
    /// The JSON paths in the body whose values would be replaced (indices spelled out).
    pub json_paths: Vec<String>,
    /// Occurrences of a signing secret or the ngrok authtoken that would be removed.
    pub secrets: u32,
}

/// Parsed [`RedactionOptions`].
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    headers: Vec<String>,
    paths: Vec<Vec<Segment>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Any,
    Key(String),
}

impl Rules {
    pub(crate) fn new(options: &RedactionOptions) -> Result<Rules, RedactionError> {
        let mut headers = Vec::new();
        for name in &options.headers {
            let name = name.trim().to_ascii_lowercase();
            if name.is_empty() {
                return Err(RedactionError::EmptyHeader);
            }
            if !headers.contains(&name) {
                headers.push(name);
            }
        }
        let paths = options.json_paths.iter().map(|p| parse_path(p)).collect::<Result<_, _>>()?;
        Ok(Rules { headers, paths })
    }

    pub(crate) fn has_json_paths(&self) -> bool {
        !self.paths.is_empty()
    }

    /// Replaces the values of the named headers; returns the names replaced.
    pub(crate) fn headers(&self, headers: &mut [(String, String)]) -> Vec<String> {
        let mut replaced: Vec<String> = Vec::new();
        for (name, value) in headers.iter_mut() {
            let lower = name.to_ascii_lowercase();
            if self.headers.contains(&lower) {
                *value = REDACTED.to_owned();
                if !replaced.contains(&lower) {
                    replaced.push(lower);
                }
            }
        }
        replaced
    }

    /// The body with the configured JSON paths replaced, and the paths replaced;
    /// None when the body is not JSON or no path matched.
    pub(crate) fn body(&self, body: &[u8]) -> Option<(Vec<u8>, Vec<String>)> {
        if self.paths.is_empty() {
            return None;
        }
        let mut value: Value = serde_json::from_slice(body).ok()?;
        let removed = self.json(&mut value);
        if removed.is_empty() {
            return None;
        }
        // Serializing a Value cannot fail (its keys are strings).
        Some((serde_json::to_vec(&value).ok()?, removed))
    }

    /// Replaces every value matched by a path; returns the concrete paths, once each.
    pub(crate) fn json(&self, value: &mut Value) -> Vec<String> {
        let mut removed = Vec::new();
        for path in &self.paths {
            replace(value, path, &mut Vec::new(), &mut removed);
        }
        removed
    }
}

fn parse_path(path: &str) -> Result<Vec<Segment>, RedactionError> {
    let trimmed = path.trim();
    let segments: Vec<Segment> = trimmed
        .split('.')
        .map(|s| match s {
            "*" => Segment::Any,
            key => Segment::Key(key.to_owned()),
        })
        .collect();
    if trimmed.is_empty() || segments.iter().any(|s| *s == Segment::Key(String::new())) {
        return Err(RedactionError::BadPath(path.to_owned()));
    }
    Ok(segments)
}

fn replace(value: &mut Value, rest: &[Segment], at: &mut Vec<String>, removed: &mut Vec<String>) {
    let Some((segment, tail)) = rest.split_first() else {
        *value = Value::String(REDACTED.to_owned());
        let path = at.join(".");
        if !removed.contains(&path) {
            removed.push(path);
        }
        return;
    };
    match (value, segment) {
        (Value::Object(map), Segment::Any) => {
            for (key, child) in map.iter_mut() {
                descend(child, key.clone(), tail, at, removed);
            }
        }
        (Value::Object(map), Segment::Key(key)) => {
            if let Some(child) = map.get_mut(key) {
                descend(child, key.clone(), tail, at, removed);
            }
        }
        (Value::Array(items), Segment::Any) => {
            for (index, child) in items.iter_mut().enumerate() {
                descend(child, index.to_string(), tail, at, removed);
            }
        }
        (Value::Array(items), Segment::Key(key)) => match key.parse::<usize>() {
            Ok(index) => {
                if let Some(child) = items.get_mut(index) {
                    descend(child, key.clone(), tail, at, removed);
                }
            }
            // A key on an array applies to each element.
            Err(_) => {
                for (index, child) in items.iter_mut().enumerate() {
                    descend(child, index.to_string(), rest, at, removed);
                }
            }
        },
        _ => {}
    }
}

fn descend(child: &mut Value, step: String, rest: &[Segment], at: &mut Vec<String>, removed: &mut Vec<String>) {
    at.push(step);
    replace(child, rest, at, removed);
    at.pop();
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FIXTURE: &str = include_str!("../../tests/fixtures/self-verification-completed.json");

    fn rules(paths: &[&str]) -> Rules {
        Rules::new(&RedactionOptions { headers: Vec::new(), json_paths: paths.iter().map(|p| p.to_string()).collect() })
            .unwrap()
    }

    #[test]
    fn self_preset_replaces_the_proof_the_user_id_and_attribute_values() {
        let options = RedactionOptions::default().with_self_preset();
        let (body, removed) = Rules::new(&options).unwrap().body(FIXTURE.as_bytes()).unwrap();
        assert_eq!(
            removed,
            [
                "proof",
                "external_uuid",
                "proof_attributes.age_gte_18",
                "proof_attributes.country_allowed",
                "proof_attributes.ofac_clear"
            ]
        );
        let value: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["proof"], REDACTED);
        assert_eq!(value["external_uuid"], REDACTED);
        assert_eq!(
            value["proof_attributes"],
            json!({"age_gte_18": REDACTED, "country_allowed": REDACTED, "ofac_clear": REDACTED})
        );
        // Everything else is kept, in the original key order.
        assert_eq!(value["verification_id"], "7f3b2a1e-9c4d-4b2a-8e1f-2c6d5a4b3c2d");
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys[0], "type");
        assert_eq!(keys[1], "verification_id");
    }

    #[test]
    fn a_single_nested_path_touches_only_that_value() {
        let (body, removed) = rules(&["proof_attributes.age_gte_18"]).body(FIXTURE.as_bytes()).unwrap();
        assert_eq!(removed, ["proof_attributes.age_gte_18"]);
        let value: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["proof_attributes"]["age_gte_18"], REDACTED);
        assert_eq!(value["proof_attributes"]["ofac_clear"], true);
        assert_eq!(value["proof"]["protocol"], "groth16");
    }

    #[test]
    fn arrays_are_reached_by_index_by_wildcard_and_by_key() {
        let mut value = json!({"items": [{"token": "a", "n": 1}, {"token": "b"}, {"n": 3}], "m": [[1, 2], [3]]});
        assert_eq!(rules(&["items.token"]).json(&mut value.clone()), ["items.0.token", "items.1.token"]);
        assert_eq!(rules(&["items.1.token"]).json(&mut value.clone()), ["items.1.token"]);
        assert_eq!(rules(&["items.*.n"]).json(&mut value.clone()), ["items.0.n", "items.2.n"]);
        assert_eq!(rules(&["m.*.0"]).json(&mut value.clone()), ["m.0.0", "m.1.0"]);
        assert_eq!(rules(&["items.7.token"]).json(&mut value.clone()), Vec::<String>::new());
        let removed = rules(&["items.*"]).json(&mut value);
        assert_eq!(removed, ["items.0", "items.1", "items.2"]);
        assert_eq!(value["items"], json!([REDACTED, REDACTED, REDACTED]));
    }

    #[test]
    fn overlapping_paths_report_each_value_once() {
        let mut value = json!({"a": {"b": 1, "c": 2}});
        let removed = rules(&["a.b", "a.*", "a.b"]).json(&mut value);
        assert_eq!(removed, ["a.b", "a.c"]);
        assert_eq!(value, json!({"a": {"b": REDACTED, "c": REDACTED}}));
    }

    #[test]
    fn bodies_that_are_not_json_or_do_not_match_are_left_alone() {
        assert_eq!(rules(&["proof"]).body(b"proof=1&x=2"), None);
        assert_eq!(rules(&["proof"]).body(&[0xff, 0xfe]), None);
        assert_eq!(rules(&["nothing.here"]).body(FIXTURE.as_bytes()), None);
        assert_eq!(rules(&[]).body(FIXTURE.as_bytes()), None);
        // A scalar where an object was expected is not an error.
        assert_eq!(rules(&["type.inner"]).body(FIXTURE.as_bytes()), None);
    }

    #[test]
    fn headers_are_matched_without_case_and_reported_lowercase_once() {
        let rules = Rules::new(&RedactionOptions::default()).unwrap();
        let mut headers = vec![
            ("Authorization".to_owned(), "Bearer abc".to_owned()),
            ("cookie".to_owned(), "a=1".to_owned()),
            ("cookie".to_owned(), "b=2".to_owned()),
            ("content-type".to_owned(), "application/json".to_owned()),
        ];
        assert_eq!(rules.headers(&mut headers), ["authorization", "cookie"]);
        assert_eq!(headers[0].1, REDACTED);
        assert_eq!(headers[2].1, REDACTED);
        assert_eq!(headers[3].1, "application/json");
    }

    #[test]
    fn malformed_options_are_refused() {
        let bad = |path: &str| RedactionOptions { headers: vec![], json_paths: vec![path.into()] };
        assert_eq!(Rules::new(&bad("a..b")).unwrap_err(), RedactionError::BadPath("a..b".into()));
        assert!(Rules::new(&bad("")).is_err());
        assert!(Rules::new(&bad(".a")).is_err());
        let empty_header = RedactionOptions { headers: vec![" ".into()], json_paths: vec![] };
        assert_eq!(Rules::new(&empty_header).unwrap_err(), RedactionError::EmptyHeader);
    }
}
