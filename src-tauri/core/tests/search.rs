//! Search and filters over a real listener and SQLite file: what matches, how
//! pages walk under a filter, and that the index follows deletions.

mod common;

use std::time::{Duration, Instant};

use common::{client, Harness, T0};
use hookscope_core::store::{ListOrder, StatusRange, TimelineFilter};
use hookscope_core::verify::VerificationStatus;
use hookscope_core::StoreError;

const SELF_EVENT: &str = include_str!("fixtures/self-verification-completed.json");

async fn post(h: &Harness, path: &str, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> String {
    let mut request = client().post(h.url(path)).body(body.into());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    let answer: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    answer["id"].as_str().unwrap().to_owned()
}

fn searching(text: &str) -> TimelineFilter {
    TimelineFilter { search: text.into(), ..Default::default() }
}

/// The paths of every delivery matching `filter`, newest first, page by page.
async fn paths(h: &Harness, filter: &TimelineFilter, page_size: u32) -> Vec<String> {
    let mut paths = Vec::new();
    let mut before = None;
    loop {
        let page = h.inspector.page(before.clone(), page_size, filter.clone()).await.unwrap();
        paths.extend(page.items.iter().map(|s| s.path.clone()));
        match page.next_before {
            Some(next) => before = Some(next),
            None => return paths,
        }
    }
}

fn raw(h: &Harness) -> rusqlite::Connection {
    rusqlite::Connection::open(h.inspector.db_path()).unwrap()
}

fn pending(h: &Harness) -> i64 {
    raw(h).query_row("SELECT count(*) FROM search_pending", [], |r| r.get(0)).unwrap()
}

/// Waits until the writer has indexed every delivery (it does so whenever it is idle).
async fn indexed(h: &Harness) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while pending(h) > 0 {
        assert!(Instant::now() < deadline, "deliveries were never indexed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Puts every delivery back in the queue and empties the index, as a store
/// upgraded from an earlier version starts out: nothing is searched through the
/// index until the writer gets to it (it does after its next job).
fn unindex(h: &Harness) {
    raw(h)
        .execute_batch(
            "DELETE FROM search_index; INSERT OR IGNORE INTO search_pending (seq) SELECT seq FROM deliveries;",
        )
        .unwrap();
}

/// Five deliveries, oldest first: a Self event, a Stripe-looking one, a form
/// post with a marker header, a binary body, and one answered with a 503.
async fn sample(h: &Harness) {
    post(h, "/webhooks/self", &[("content-type", "application/json")], SELF_EVENT).await;
    let stripe = r#"{"id":"evt_1","type":"invoice.paid","data":{"amount":4200}}"#;
    post(h, "/webhooks/stripe?acct=Acme_42", &[("content-type", "application/json")], stripe).await;
    post(h, "/hooks/form", &[("x-trace-id", "trace-ABC-7788")], "name=widget&colour=Teal").await;
    let mut binary = vec![0xff, 0xfe, 0x00, 0x81];
    binary.extend_from_slice(b"MAGIC-marker\x00\x9f tail");
    post(h, "/upload.bin", &[], binary).await;
    post(h, "/webhooks/self", &[("x-trace-id", "retry-me")], r#"{"type":"verification.failed"}"#).await;
}

async fn search_cases(h: &Harness) {
    let cases: [(&str, &[&str]); 10] = [
        // Path, part of a path, a query string.
        ("stripe", &["/webhooks/stripe?acct=Acme_42"]),
        ("hooks/", &["/webhooks/self", "/hooks/form", "/webhooks/stripe?acct=Acme_42", "/webhooks/self"]),
        ("acct=acme", &["/webhooks/stripe?acct=Acme_42"]),
        // A header value, in any case; a header line as a quoted phrase.
        ("trace-abc", &["/hooks/form"]),
        (r#""x-trace-id: retry""#, &["/webhooks/self"]),
        // Part of a body: part of the verification id, an event type, a form field.
        ("9c4d-4b2a", &["/webhooks/self"]),
        ("colour=teal", &["/hooks/form"]),
        // Text inside a body that is not UTF-8.
        ("magic-MARKER", &["/upload.bin"]),
        // Every term must appear, in any of the three.
        ("webhooks verification.", &["/webhooks/self", "/webhooks/self"]),
        ("nothing-like-this", &[]),
    ];
    for (text, expected) in cases {
        assert_eq!(paths(h, &searching(text), 2).await, *expected, "search {text:?}");
    }
}

#[tokio::test]
async fn search_finds_paths_header_values_and_body_substrings_before_and_after_indexing() {
    let h = Harness::start().await;
    sample(&h).await;
    indexed(&h).await;
    search_cases(&h).await;

    // Not indexed yet: the same answers, read from the deliveries themselves.
    unindex(&h);
    assert_eq!(pending(&h), 5);
    search_cases(&h).await;

    // The writer indexes them again once it has done its next job.
    h.inspector.store().set_setting("unrelated", "x").await.unwrap();
    indexed(&h).await;
    let in_index: i64 = raw(&h)
        .query_row("SELECT count(*) FROM search_index WHERE search_index MATCH '\"hoo\"'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(in_index, 4, "indexed again: four paths hold 'hoo'");
    search_cases(&h).await;
}

#[tokio::test]
async fn short_terms_are_ignored() {
    let h = Harness::start().await;
    sample(&h).await;
    assert_eq!(paths(&h, &searching("ab"), 100).await.len(), 5, "nothing to search for: everything shows");
    assert_eq!(paths(&h, &searching("ab form"), 100).await, ["/hooks/form"]);
}

#[tokio::test]
async fn filters_combine_with_each_other_and_with_search() {
    let h = Harness::start().await;
    sample(&h).await;
    let events = TimelineFilter { event_types: vec!["verification.completed".into()], ..Default::default() };
    assert_eq!(paths(&h, &events, 10).await, ["/webhooks/self"]);
    let types =
        TimelineFilter { event_types: vec!["invoice.paid".into(), "verification.failed".into()], ..Default::default() };
    assert_eq!(paths(&h, &types, 10).await, ["/webhooks/self", "/webhooks/stripe?acct=Acme_42"]);
    assert_eq!(
        h.inspector.store().event_types().await.unwrap(),
        ["invoice.paid", "verification.completed", "verification.failed"]
    );

    let unsigned = TimelineFilter { verdicts: vec![VerificationStatus::Unsigned], ..searching("webhooks") };
    assert_eq!(paths(&h, &unsigned, 10).await.len(), 3);
    let verified = TimelineFilter { verdicts: vec![VerificationStatus::Verified], ..searching("webhooks") };
    assert!(paths(&h, &verified, 10).await.is_empty());

    let ok = TimelineFilter { statuses: vec![StatusRange::parse("2xx").unwrap()], ..searching("hooks") };
    assert_eq!(paths(&h, &ok, 10).await.len(), 4);
    let failed = TimelineFilter { statuses: vec![StatusRange::parse("5xx").unwrap()], ..Default::default() };
    assert!(paths(&h, &failed, 10).await.is_empty());

    // Time: every delivery was received at T0 on the harness's clock.
    let later = TimelineFilter { since_ms: Some(T0 + 1), ..Default::default() };
    assert!(paths(&h, &later, 10).await.is_empty());
    let window = TimelineFilter { since_ms: Some(T0), until_ms: Some(T0 + 1), ..searching("form") };
    assert_eq!(paths(&h, &window, 10).await, ["/hooks/form"]);
    let before = TimelineFilter { until_ms: Some(T0), ..Default::default() };
    assert!(paths(&h, &before, 10).await.is_empty());
}

#[tokio::test]
async fn duplicates_only_shows_retries_and_duplicate_events() {
    let h = Harness::start().await;
    let svix = |id: &'static str| [("svix-id", id)];
    post(&h, "/a", &svix("msg_1"), "first").await;
    post(&h, "/a", &svix("msg_1"), "first again").await;
    post(&h, "/b", &svix("msg_2"), "other").await;
    let duplicates = TimelineFilter { duplicates_only: true, ..Default::default() };
    let page = h.inspector.page(None, 10, duplicates.clone()).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].attempt, 2);
    let searched = TimelineFilter { duplicates_only: true, ..searching("again") };
    assert_eq!(paths(&h, &searched, 10).await, ["/a"]);
    assert!(paths(&h, &TimelineFilter { duplicates_only: true, ..searching("other") }, 10).await.is_empty());
}

#[tokio::test]
async fn pages_under_a_search_walk_without_gaps_or_repeats_across_both_halves() {
    let h = Harness::start().await;
    for i in 0..23 {
        let body = if i % 3 == 0 { format!("{{\"n\":{i},\"tag\":\"needle-{i}\"}}") } else { format!("hay {i}") };
        post(&h, &format!("/n/{i}"), &[], body).await;
    }
    indexed(&h).await;
    // Half of them drop out of the index again: pages mix indexed and waiting rows.
    raw(&h)
        .execute_batch(
            "INSERT INTO search_pending (seq) SELECT seq FROM deliveries WHERE seq % 2 = 0;
             DELETE FROM search_index WHERE rowid IN (SELECT seq FROM search_pending);",
        )
        .unwrap();
    let expected: Vec<String> = (0..23).rev().filter(|i| i % 3 == 0).map(|i| format!("/n/{i}")).collect();
    for size in [1, 2, 3, 100] {
        assert_eq!(paths(&h, &searching("needle"), size).await, expected, "pages of {size}");
    }
    let hay = TimelineFilter { statuses: vec![StatusRange::parse("200").unwrap()], ..searching("hay") };
    assert_eq!(paths(&h, &hay, 4).await.len(), 23 - expected.len());
}

#[tokio::test]
async fn deleted_deliveries_leave_the_index() {
    let h = Harness::start().await;
    sample(&h).await;
    indexed(&h).await;
    let conn = raw(&h);
    let rows = |expr: &str| -> i64 {
        conn.query_row("SELECT count(*) FROM search_index WHERE search_index MATCH ?1", [expr], |r| r.get(0)).unwrap()
    };
    assert_eq!(rows("\"778\" AND \"788\""), 1);
    // As retention deletes: the delivery row (its payload goes with it).
    conn.execute("DELETE FROM deliveries WHERE path = '/hooks/form'", []).unwrap();
    assert_eq!(rows("\"778\" AND \"788\""), 0, "the index row went with the delivery");
    assert!(paths(&h, &searching("trace-abc"), 10).await.is_empty());
    // A delivery deleted before it was indexed leaves the queue too.
    unindex(&h);
    conn.execute("DELETE FROM deliveries WHERE path = '/upload.bin'", []).unwrap();
    let queued: i64 = conn.query_row("SELECT count(*) FROM search_pending", [], |r| r.get(0)).unwrap();
    assert_eq!(queued, 3);
    assert!(paths(&h, &searching("magic-marker"), 10).await.is_empty());
}

#[tokio::test]
async fn new_arrivals_are_counted_only_when_they_match() {
    let h = Harness::start().await;
    let first = post(&h, "/one", &[], "alpha").await;
    post(&h, "/two", &[], "beta gamma").await;
    post(&h, "/three", &[], "alpha beta").await;
    let store = h.inspector.store();
    assert_eq!(store.count_since(&first, TimelineFilter::default()).await.unwrap(), 3);
    assert_eq!(store.count_since(&first, searching("alpha")).await.unwrap(), 2);
    assert_eq!(store.count_since(&first, searching("alpha beta")).await.unwrap(), 1);
    let verified = TimelineFilter { verdicts: vec![VerificationStatus::Verified], ..Default::default() };
    assert_eq!(store.count_since(&first, verified).await.unwrap(), 0);
    assert_eq!(store.count_since("01NOSUCHID0000000000000000", TimelineFilter::default()).await.unwrap(), 0);
}

#[tokio::test]
async fn for_each_matching_lists_oldest_first() {
    let h = Harness::start().await;
    sample(&h).await;
    let mut seen = Vec::new();
    h.inspector
        .store()
        .for_each_matching_blocking(&searching("webhooks"), ListOrder::OldestFirst, |d| -> Result<(), StoreError> {
            seen.push(d.captured.path);
            Ok(())
        })
        .unwrap();
    assert_eq!(seen, ["/webhooks/self", "/webhooks/stripe?acct=Acme_42", "/webhooks/self"]);
}

#[tokio::test]
async fn the_filter_is_saved_and_read_back() {
    let h = Harness::start().await;
    let store = h.inspector.store();
    assert_eq!(store.saved_filter().await.unwrap(), TimelineFilter::default());
    let filter = TimelineFilter {
        verdicts: vec![VerificationStatus::Mismatch],
        statuses: vec![StatusRange { from: 500, to: 599 }],
        duplicates_only: true,
        since_ms: Some(T0),
        ..searching("verification_id")
    };
    store.save_filter(&filter).await.unwrap();
    assert_eq!(store.saved_filter().await.unwrap(), filter);
    store.set_setting("timeline.filter", "{not json").await.unwrap();
    assert_eq!(store.saved_filter().await.unwrap(), TimelineFilter::default());
}

#[tokio::test]
async fn events_pages_take_the_same_filter() {
    let h = Harness::start().await;
    sample(&h).await;
    let groups = h.inspector.groups(None, 10, searching("stripe")).await.unwrap();
    assert_eq!(groups.items.len(), 1);
    assert_eq!(groups.items[0].latest.path, "/webhooks/stripe?acct=Acme_42");
    let typed = TimelineFilter { event_types: vec!["verification.completed".into()], ..Default::default() };
    let groups = h.inspector.groups(None, 10, typed).await.unwrap();
    assert_eq!(groups.items.len(), 1);
}
