//! HAR exports checked field by field against the HAR 1.2 spec, imported back
//! with their verdicts and grouping, and HAR files from other tools imported.

mod common;
mod sample_log;

use base64::Engine as _;
use hookscope_core::export::{ExportFormat, ExportScope, RedactionOptions};
use sample_log::{comparable_lines, empty, export_file, populated, request, BINARY};
use serde_json::Value;

/// Asserts that `value[key]` exists and has the JSON type `kind`.
fn field<'a>(value: &'a Value, key: &str, kind: &str, at: &str) -> &'a Value {
    let found = value.get(key).unwrap_or_else(|| panic!("{at}.{key} is required"));
    let ok = match kind {
        "string" => found.is_string(),
        "number" => found.is_number(),
        "object" => found.is_object(),
        "array" => found.is_array(),
        _ => unreachable!(),
    };
    assert!(ok, "{at}.{key} must be a {kind}, got {found}");
    found
}

fn name_values(list: &Value, at: &str) {
    for (i, pair) in list.as_array().unwrap().iter().enumerate() {
        field(pair, "name", "string", &format!("{at}[{i}]"));
        field(pair, "value", "string", &format!("{at}[{i}]"));
    }
}

/// The required fields and types of HAR 1.2 (log, creator, entries, request,
/// response, content, cache, timings), as browsers' importers need them.
fn check_har_1_2(doc: &Value) {
    let log = field(doc, "log", "object", "");
    assert_eq!(field(log, "version", "string", "log"), "1.2");
    let creator = field(log, "creator", "object", "log");
    field(creator, "name", "string", "log.creator");
    field(creator, "version", "string", "log.creator");
    for (i, entry) in field(log, "entries", "array", "log").as_array().unwrap().iter().enumerate() {
        let at = format!("log.entries[{i}]");
        let started = field(entry, "startedDateTime", "string", &at).as_str().unwrap();
        assert!(hookscope_core::clock::parse_rfc3339_ms(started).is_some(), "{at}.startedDateTime: {started}");
        field(entry, "time", "number", &at);
        field(entry, "cache", "object", &at);
        let request = field(entry, "request", "object", &at);
        let req = format!("{at}.request");
        field(request, "method", "string", &req);
        let url = field(request, "url", "string", &req).as_str().unwrap();
        assert!(url::Url::parse(url).is_ok_and(|u| u.has_host()), "{req}.url must be absolute: {url}");
        field(request, "httpVersion", "string", &req);
        name_values(field(request, "cookies", "array", &req), &format!("{req}.cookies"));
        name_values(field(request, "headers", "array", &req), &format!("{req}.headers"));
        name_values(field(request, "queryString", "array", &req), &format!("{req}.queryString"));
        field(request, "headersSize", "number", &req);
        field(request, "bodySize", "number", &req);
        if let Some(post) = request.get("postData") {
            field(post, "mimeType", "string", &req);
            field(post, "text", "string", &req);
        }
        let response = field(entry, "response", "object", &at);
        let res = format!("{at}.response");
        field(response, "status", "number", &res);
        field(response, "statusText", "string", &res);
        field(response, "httpVersion", "string", &res);
        name_values(field(response, "cookies", "array", &res), &format!("{res}.cookies"));
        name_values(field(response, "headers", "array", &res), &format!("{res}.headers"));
        let content = field(response, "content", "object", &res);
        field(content, "size", "number", &format!("{res}.content"));
        field(content, "mimeType", "string", &format!("{res}.content"));
        field(response, "redirectURL", "string", &res);
        field(response, "headersSize", "number", &res);
        field(response, "bodySize", "number", &res);
        let timings = field(entry, "timings", "object", &at);
        let sum: f64 = ["send", "wait", "receive"]
            .iter()
            .map(|k| field(timings, k, "number", &format!("{at}.timings")).as_f64().unwrap())
            .sum();
        assert!(sum >= 0.0);
        // `time` is the sum of the timings that apply (-1: does not apply).
        let known: f64 = timings.as_object().unwrap().values().filter_map(Value::as_f64).filter(|t| *t >= 0.0).sum();
        assert_eq!(entry["time"].as_f64().unwrap(), known, "{at}.time");
    }
}

#[tokio::test]
async fn a_har_export_follows_the_spec_and_imports_back_as_recorded() {
    let s = populated().await;
    let dir = tempfile::tempdir().unwrap();
    let har_request = request(ExportFormat::Har, ExportScope::default(), RedactionOptions::none());
    let (har_path, summary, har) = export_file(&s.h.inspector, har_request, vec![], dir.path(), "a.har").await;
    assert_eq!(summary.count, 5);
    let doc: Value = serde_json::from_str(&har).unwrap();
    check_har_1_2(&doc);
    let entries = doc["log"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 5);
    assert_eq!(doc["log"]["_hookscope"]["format"], "hookscope-har");

    let signed = &entries[0];
    assert_eq!(signed["request"]["method"], "POST");
    assert_eq!(signed["request"]["url"], format!("http://{}/webhooks/self", s.h.listener.local_addr()));
    assert_eq!(signed["request"]["postData"]["mimeType"], "application/json");
    assert_eq!(signed["request"]["postData"]["text"], sample_log::BODY);
    assert_eq!(signed["response"]["status"], 200);
    assert_eq!(signed["response"]["statusText"], "OK");
    assert_eq!(signed["response"]["content"]["text"], format!("{{\"id\":\"{}\"}}", s.signed));
    assert_eq!(signed["_hookscope"]["verification"]["status"], "verified");
    assert_eq!(signed["_hookscope"]["replays"].as_array().unwrap().len(), 1);
    assert_eq!(entries[1]["_hookscope"]["relation"], serde_json::json!({"kind": "retry", "of": s.signed}));

    let binary = &entries[3];
    assert_eq!(binary["request"]["postData"]["encoding"], "base64");
    let text = binary["request"]["postData"]["text"].as_str().unwrap();
    assert_eq!(base64::engine::general_purpose::STANDARD.decode(text).unwrap(), BINARY);
    assert_eq!(binary["request"]["bodySize"], BINARY.len());

    let plain = &entries[4];
    let query: Vec<(&str, &str)> = plain["request"]["queryString"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["value"].as_str().unwrap()))
        .collect();
    assert_eq!(query, [("x", "1"), ("y", "/")]);
    assert_eq!(plain["_hookscope"]["path"], "/plain?x=1&y=%2F");

    // Imported, then exported as a Hookscope log: the same as exporting the original.
    let (_other_dir, other) = empty();
    let imported = other.import(&har_path).await.unwrap();
    assert_eq!((imported.counts.added, imported.counts.rejected), (5, 0));
    let ndjson = request(ExportFormat::Ndjson, ExportScope::default(), RedactionOptions::none());
    let (_, _, original) = export_file(&s.h.inspector, ndjson.clone(), vec![], dir.path(), "o.ndjson").await;
    let (_, _, round_trip) = export_file(&other, ndjson, vec![], dir.path(), "r.ndjson").await;
    assert_eq!(comparable_lines(&round_trip), comparable_lines(&original));
    let back = other.delivery(&s.binary).await.unwrap().unwrap();
    assert_eq!(&back.captured.body[..], BINARY);
    assert_eq!(back.imported_from.as_deref(), Some("a.har"));
    assert_eq!(other.import(&har_path).await.unwrap().counts.skipped, 5);
}

const FOREIGN: &str = r#"{"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
  "pages": [],
  "entries": [
    {"startedDateTime": "2026-05-29T17:33:21.412Z", "time": 12.5,
     "request": {"method": "POST", "url": "https://example.test/hook?a=1", "httpVersion": "HTTP/2",
       "headers": [{"name": "content-type", "value": "application/json"}, {"name": "svix-id", "value": "msg_x"}],
       "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 11,
       "postData": {"mimeType": "application/json", "text": "{\"ok\":true}"}},
     "response": {"status": 201, "statusText": "Created", "httpVersion": "HTTP/2", "headers": [], "cookies": [],
       "content": {"size": 0, "mimeType": "text/plain"}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
     "cache": {}, "timings": {"send": 1, "wait": 10, "receive": 1.5}},
    {"startedDateTime": "2026-05-29T17:33:22Z", "request": {"method": "GET"}},
    {"startedDateTime": "2026-05-29T17:33:23Z", "time": 1,
     "request": {"method": "GET", "url": "http://example.test/ping", "headers": []},
     "response": {"status": 200}}
  ]}}"#;

#[tokio::test]
async fn har_files_from_other_tools_import_and_bad_entries_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("devtools.har");
    std::fs::write(&path, FOREIGN).unwrap();
    let (_d, inspector) = empty();
    let summary = inspector.import(&path).await.unwrap();
    assert_eq!((summary.counts.added, summary.counts.rejected), (2, 1), "{:?}", summary.errors);
    assert_eq!(summary.errors[0].at, "entry 2");
    assert!(summary.errors[0].message.contains("missing field `url`"), "{:?}", summary.errors);
    let page = inspector.page(None, 10, Default::default()).await.unwrap();
    let post = page.items.iter().find(|s| s.method == "POST").unwrap();
    assert_eq!((post.path.as_str(), post.status, post.message_id.as_deref()), ("/hook?a=1", 201, Some("msg_x")));
    assert_eq!(post.received_at_ms, hookscope_core::clock::parse_rfc3339_ms("2026-05-29T17:33:21.412Z").unwrap());
    assert_eq!(post.verification, None);
    // Ids come from the entries' content: the same file imports once.
    assert_eq!(inspector.import(&path).await.unwrap().counts.skipped, 2);

    // A file cut short: what came before the cut is kept, the error says where.
    let cut = &FOREIGN[..FOREIGN.find("{\"startedDateTime\": \"2026-05-29T17:33:23Z\"").unwrap() + 30];
    std::fs::write(&path, cut).unwrap();
    let (_d2, fresh) = empty();
    let error = fresh.import(&path).await.unwrap_err();
    assert!(error.to_string().starts_with("the HAR file is malformed (after 2 entries)"), "{error}");
    assert_eq!(fresh.store().count().await.unwrap(), 1);
    std::fs::write(&path, r#"{"log": {"version": "1.2"}, "x": [1,2]}"#).unwrap();
    assert_eq!(fresh.import(&path).await.unwrap().counts.added, 0);
    std::fs::write(&path, r#"{"logs": []}"#).unwrap();
    // Not a HAR (no `log` first): read as a log whose first line is neither manifest nor delivery.
    assert_eq!(fresh.import(&path).await.unwrap().counts.rejected, 1);
}
