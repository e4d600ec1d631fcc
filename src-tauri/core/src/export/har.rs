//! HTTP Archive 1.2 (http://www.softwareishard.com/blog/har-12-spec/): one entry
//! per delivery — the request as received, Hookscope's answer as the response —
//! with Hookscope's own record under the custom field `_hookscope`, so a HAR
//! export imports back with its verdicts and grouping. The same types read HAR
//! files back ([`crate::import`]), leniently: other tools omit optional fields.

use serde::{Deserialize, Serialize};

use super::manifest::Manifest;
use super::ExportedDelivery;
use crate::delivery::Answer;

/// Between two entries of the streamed `entries` array.
pub const SEPARATOR: &str = ",\n";
/// Closes `entries`, `log` and the document.
pub const TAIL: &str = "\n]}}\n";
/// Hookscope's HTTP/1.1 listener; HTTP/2 requests are recorded the same way.
const HTTP_VERSION: &str = "HTTP/1.1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub started_date_time: String,
    /// Milliseconds: the sum of the known timings.
    #[serde(default)]
    pub time: f64,
    pub request: Request,
    pub response: Response,
    #[serde(default)]
    pub cache: Cache,
    #[serde(default)]
    pub timings: Timings,
    /// The delivery as Hookscope recorded it (verdict, grouping, answer, replays…);
    /// its headers and body are the request's, so they are left out here.
    #[serde(rename = "_hookscope", default, skip_serializing_if = "Option::is_none")]
    pub hookscope: Option<Box<ExportedDelivery>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    pub method: String,
    /// Absolute, as the spec and browsers require.
    pub url: String,
    #[serde(default)]
    pub http_version: String,
    #[serde(default)]
    pub cookies: Vec<NameValue>,
    #[serde(default)]
    pub headers: Vec<NameValue>,
    #[serde(default)]
    pub query_string: Vec<NameValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_data: Option<PostData>,
    #[serde(default = "unknown_size")]
    pub headers_size: i64,
    #[serde(default = "unknown_size")]
    pub body_size: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameValue {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostData {
    pub mime_type: String,
    #[serde(default)]
    pub text: String,
    /// `base64` when `text` is the body in base64 (it was not valid UTF-8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// 0 when Hookscope held the connection without answering.
    #[serde(default)]
    pub status: u16,
    #[serde(default)]
    pub status_text: String,
    #[serde(default)]
    pub http_version: String,
    #[serde(default)]
    pub cookies: Vec<NameValue>,
    #[serde(default)]
    pub headers: Vec<NameValue>,
    #[serde(default)]
    pub content: Content,
    #[serde(rename = "redirectURL", default)]
    pub redirect_url: String,
    #[serde(default = "unknown_size")]
    pub headers_size: i64,
    #[serde(default = "unknown_size")]
    pub body_size: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Content {
    pub size: i64,
    pub mime_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Nothing is cached: webhooks are never served from a cache.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cache {}

/// Milliseconds; -1 where the phase does not apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Timings {
    pub blocked: f64,
    pub dns: f64,
    pub connect: f64,
    pub send: f64,
    pub wait: f64,
    pub receive: f64,
    pub ssl: f64,
}

impl Default for Timings {
    /// What other tools leave out: the optional phases did not apply.
    fn default() -> Self {
        Timings { blocked: -1.0, dns: -1.0, connect: -1.0, send: 0.0, wait: 0.0, receive: 0.0, ssl: -1.0 }
    }
}

fn unknown_size() -> i64 {
    -1
}

#[derive(Serialize)]
struct Head<'a> {
    version: &'static str,
    creator: NameVersion,
    comment: &'static str,
    #[serde(rename = "_hookscope")]
    hookscope: &'a Manifest,
}

#[derive(Serialize)]
struct NameVersion {
    name: &'static str,
    version: &'static str,
}

/// The document up to the first entry: `{"log":{"version":"1.2",…,"entries":[`.
pub fn head(manifest: &Manifest) -> Result<String, serde_json::Error> {
    let head = Head {
        version: "1.2",
        creator: NameVersion { name: "Hookscope", version: crate::VERSION },
        comment: "Webhook deliveries captured by Hookscope; responses are what Hookscope answered.",
        hookscope: manifest,
    };
    let log = serde_json::to_string(&head)?;
    // Reopen the log object: the entries follow, streamed.
    let open = log.strip_suffix('}').unwrap_or(&log);
    Ok(format!("{{\"log\":{open},\"entries\":[\n"))
}

/// The HAR entry of an exported (already redacted) delivery.
pub fn entry(mut exported: ExportedDelivery) -> Entry {
    let d = &mut exported.delivery;
    let (url, query_string) = super::har_url::absolute(&d.path, &d.headers);
    let headers = std::mem::take(&mut d.headers);
    let content_type = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-type")).map(|(_, v)| v.clone());
    let post_data = match (d.body.take(), d.body_base64.take()) {
        (Some(text), _) if text.is_empty() => None,
        (Some(text), _) => Some((text, None)),
        (None, Some(encoded)) => Some((encoded, Some("base64".to_owned()))),
        (None, None) => None,
    }
    .map(|(text, encoding)| PostData {
        mime_type: content_type.unwrap_or_else(|| "application/octet-stream".to_owned()),
        text,
        encoding,
    });
    let wait = d.response.delay_ms as f64;
    Entry {
        started_date_time: d.received_at.clone(),
        time: wait,
        request: Request {
            method: d.method.clone(),
            url,
            http_version: HTTP_VERSION.to_owned(),
            cookies: cookies(&headers),
            headers: headers.into_iter().map(|(name, value)| NameValue { name, value }).collect(),
            query_string,
            post_data,
            headers_size: -1,
            body_size: d.size as i64,
        },
        response: response(&d.id, &d.response, d.rejection.is_some()),
        cache: Cache {},
        timings: Timings { blocked: -1.0, dns: -1.0, connect: -1.0, send: 0.0, wait, receive: 0.0, ssl: -1.0 },
        hookscope: Some(Box::new(exported)),
    }
}

/// Cookies sent in `cookie` headers (a redacted header holds none).
fn cookies(headers: &[(String, String)]) -> Vec<NameValue> {
    headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
        .flat_map(|(_, value)| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .map(|(name, value)| NameValue { name: name.to_owned(), value: value.to_owned() })
        .collect()
}

/// Hookscope's answer. Its body is known only for the default answer (`{"id": …}`);
/// scripted answers and refusals say so instead.
fn response(id: &str, answer: &Answer, refused: bool) -> Response {
    let (status, status_text) = if answer.held {
        (0, String::new())
    } else {
        let reason = axum::http::StatusCode::from_u16(answer.status).ok().and_then(|s| s.canonical_reason());
        (answer.status, reason.unwrap_or_default().to_owned())
    };
    let (headers, content, body_size) = if answer.held || answer.scripted || refused {
        let comment =
            if answer.held { "no answer: the connection was held" } else { "the answer's body is not recorded" };
        (Vec::new(), Content { size: 0, mime_type: "x-unknown".into(), text: None, comment: Some(comment.into()) }, -1)
    } else {
        let text = serde_json::json!({ "id": id }).to_string();
        let json = "application/json".to_owned();
        let size = text.len() as i64;
        let headers = vec![NameValue { name: "content-type".into(), value: json.clone() }];
        (headers, Content { size, mime_type: json, text: Some(text), comment: None }, size)
    };
    Response {
        status,
        status_text,
        http_version: HTTP_VERSION.to_owned(),
        cookies: Vec::new(),
        headers,
        content,
        redirect_url: String::new(),
        headers_size: -1,
        body_size,
    }
}
