use base64::Engine as _;
use bytes::Bytes;

use super::har::{self, Entry};
use super::manifest::Manifest;
use super::{ExportFormat, ExportScope, NeverWritten, RedactionOptions, Redactor};
use crate::delivery::{Answer, Captured, Delivery};
use crate::group::{Classification, Relation};

fn delivery(headers: &[(&str, &str)], body: &[u8], answer: Answer) -> Delivery {
    Delivery {
        id: "01KHAR".into(),
        captured: Captured {
            received_at_ms: 1_795_681_812_345,
            remote_addr: None,
            method: "POST".into(),
            path: "/hooks?a=1".into(),
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.as_bytes().to_vec())).collect(),
            body: Bytes::copy_from_slice(body),
            declared_size: None,
            rejection: None,
            message_id: None,
            dedup_key: "k".into(),
            verification: None,
        },
        answer,
        grouping: Classification { attempt: 1, duplicate_of: None, relation: Relation::Original },
        imported_from: None,
        pinned: false,
    }
}

fn entry(d: &Delivery) -> Entry {
    let redactor = Redactor::new(&RedactionOptions::none(), NeverWritten::default()).unwrap();
    har::entry(redactor.delivery(d, Vec::new()))
}

#[test]
fn a_binary_body_is_posted_as_base64_and_a_text_body_as_text() {
    let binary = [0xff, 0x00, 0x80, b'a'];
    let e = entry(&delivery(&[("host", "h.test")], &binary, Answer::plain(200)));
    let post = e.request.post_data.unwrap();
    assert_eq!(post.encoding.as_deref(), Some("base64"));
    assert_eq!(post.mime_type, "application/octet-stream");
    assert_eq!(base64::engine::general_purpose::STANDARD.decode(post.text).unwrap(), binary);
    assert_eq!(e.request.body_size, 4);
    // The record keeps everything but the request it travels with.
    let kept = e.hookscope.unwrap().delivery;
    assert!(kept.headers.is_empty() && kept.body.is_none() && kept.body_base64.is_none());
    assert_eq!(kept.path, "/hooks?a=1");

    let e = entry(&delivery(&[("content-type", "application/json")], b"{\"a\":1}", Answer::plain(200)));
    let post = e.request.post_data.unwrap();
    assert_eq!((post.mime_type.as_str(), post.text.as_str(), post.encoding), ("application/json", "{\"a\":1}", None));
}

#[test]
fn the_entry_has_the_spec_fields_and_the_default_answer() {
    let e = entry(&delivery(&[("host", "h.test"), ("cookie", "a=1; b=two")], b"", Answer::plain(200)));
    assert_eq!(e.started_date_time, "2026-11-26T08:30:12.345Z");
    assert_eq!(e.request.url, "http://h.test/hooks?a=1");
    assert_eq!(e.request.http_version, "HTTP/1.1");
    assert_eq!(e.request.post_data, None);
    assert_eq!(e.request.body_size, 0);
    let cookies: Vec<(&str, &str)> = e.request.cookies.iter().map(|c| (c.name.as_str(), c.value.as_str())).collect();
    assert_eq!(cookies, [("a", "1"), ("b", "two")]);
    assert_eq!((e.response.status, e.response.status_text.as_str()), (200, "OK"));
    assert_eq!(e.response.content.text.as_deref(), Some("{\"id\":\"01KHAR\"}"));
    assert_eq!(e.response.content.size, 15);
    assert_eq!(e.response.body_size, 15);
    let value = serde_json::to_value(&e).unwrap();
    assert_eq!(value["cache"], serde_json::json!({}));
    assert_eq!(value["response"]["redirectURL"], "");
    assert_eq!(
        value["timings"],
        serde_json::json!({"blocked": -1.0, "dns": -1.0, "connect": -1.0, "send": 0.0, "wait": 0.0, "receive": 0.0, "ssl": -1.0})
    );
}

#[test]
fn held_and_scripted_answers_say_what_is_not_known() {
    let held = Answer { status: 504, delay_ms: 20_000, scripted: true, held: true };
    let e = entry(&delivery(&[], b"x", held));
    assert_eq!((e.response.status, e.response.status_text.as_str()), (0, ""));
    assert_eq!(e.response.content.comment.as_deref(), Some("no answer: the connection was held"));
    assert_eq!((e.time, e.timings.wait), (20_000.0, 20_000.0));
    let scripted = Answer { status: 503, delay_ms: 0, scripted: true, held: false };
    let e = entry(&delivery(&[], b"x", scripted));
    assert_eq!((e.response.status, e.response.status_text.as_str()), (503, "Service Unavailable"));
    assert_eq!(e.response.content.text, None);
    assert_eq!(e.response.body_size, -1);
}

#[test]
fn head_and_tail_around_entries_make_one_har_document() {
    let manifest = Manifest::new(ExportFormat::Har, ExportScope::default(), &RedactionOptions::default(), 2, vec![], 0);
    let first = serde_json::to_string(&entry(&delivery(&[], b"a", Answer::plain(200)))).unwrap();
    let text = format!("{}{first}{}{first}{}", har::head(&manifest).unwrap(), har::SEPARATOR, har::TAIL);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["log"]["version"], "1.2");
    assert_eq!(doc["log"]["creator"]["name"], "Hookscope");
    assert_eq!(doc["log"]["_hookscope"]["count"], 2);
    assert_eq!(doc["log"]["entries"].as_array().unwrap().len(), 2);
}
