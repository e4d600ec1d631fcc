//! Retention over a real listener and SQLite file: the oldest unpinned
//! deliveries go first (with their payloads and replays) once the count or
//! the body bytes pass the cap, and the removal is announced after commit.

mod common;

use std::collections::HashSet;

use common::{client, Harness};
use hookscope_core::replay::ReplayMode;
use hookscope_core::replays::ReplaySettings;
use hookscope_core::retention::{Retention, MIN_MAX_BODY_BYTES};
use hookscope_core::{CoreEvent, Inspector, InspectorConfig};
use tokio::sync::broadcast;

/// Posts with the test's one client (building a client per request costs more than the request).
async fn post(h: &Harness, web: &reqwest::Client, path: &str, body: Vec<u8>) -> String {
    let response = web.post(h.url(path)).body(body).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let answer: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    answer["id"].as_str().unwrap().to_owned()
}

/// Collects `Pruned` events until `want` deliveries were removed.
async fn removed(events: &mut broadcast::Receiver<CoreEvent>, want: usize) -> Vec<String> {
    let mut ids = Vec::new();
    while ids.len() < want {
        if let CoreEvent::Pruned(batch) = events.recv().await.unwrap() {
            ids.extend(batch);
        }
    }
    ids
}

async fn stored_ids(h: &Harness) -> Vec<String> {
    let page = h.inspector.page(None, 1000, Default::default()).await.unwrap();
    let mut ids: Vec<String> = page.items.into_iter().map(|s| s.id).collect();
    ids.reverse();
    ids
}

fn count(h: &Harness, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(h.inspector.db_path()).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn assert_consistent(h: &Harness) {
    let conn = rusqlite::Connection::open(h.inspector.db_path()).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let orphans: i64 = conn
        .query_row("SELECT count(*) FROM payloads WHERE seq NOT IN (SELECT seq FROM deliveries)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(orphans, 0, "payloads left behind");
    let orphans: i64 = conn
        .query_row("SELECT count(*) FROM replays WHERE delivery_id NOT IN (SELECT id FROM deliveries)", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(orphans, 0, "replays left behind");
}

fn keep(max_deliveries: u64) -> Retention {
    Retention { max_deliveries, ..Retention::default() }
}

#[tokio::test]
async fn the_count_cap_removes_the_oldest_first_and_announces_it_after_commit() {
    let h = Harness::start().await;
    let web = client();
    h.inspector.store().set_retention(keep(5)).await.unwrap();
    let mut events = h.inspector.subscribe();
    let mut sent = Vec::new();
    for i in 0..8 {
        sent.push(post(&h, &web, &format!("/{i}"), format!("body {i}").into_bytes()).await);
    }
    let gone = removed(&mut events, 3).await;
    assert_eq!(gone, sent[..3]);
    // Announced after commit: a reader no longer finds them.
    for id in &gone {
        assert!(h.inspector.delivery(id).await.unwrap().is_none(), "{id} still readable");
    }
    assert_eq!(stored_ids(&h).await, sent[3..]);
    let usage = h.inspector.store().usage().await.unwrap();
    assert_eq!((usage.deliveries, usage.body_bytes, usage.pinned), (5, 30, 0));
    assert_eq!(count(&h, "SELECT count(*) FROM payloads"), 5);
    assert_consistent(&h);
}

#[tokio::test]
async fn pinned_deliveries_are_kept_on_top_of_the_cap() {
    let h = Harness::start().await;
    let web = client();
    let mut sent = Vec::new();
    for i in 0..6 {
        sent.push(post(&h, &web, &format!("/{i}"), b"x".to_vec()).await);
    }
    assert!(h.inspector.store().set_pinned(&sent[0], true).await.unwrap());
    assert!(h.inspector.store().set_pinned(&sent[2], true).await.unwrap());
    assert!(!h.inspector.store().set_pinned("01NOSUCHDELIVERY0000000000", true).await.unwrap());
    let pinned = h.inspector.delivery(&sent[0]).await.unwrap().unwrap();
    assert!(pinned.pinned && pinned.summary().pinned && pinned.to_json().pinned);

    let mut events = h.inspector.subscribe();
    // Lowering the cap prunes at once, without waiting for the next delivery:
    // 4 unpinned over a cap of 3, so the oldest unpinned one goes.
    h.inspector.store().set_retention(keep(3)).await.unwrap();
    assert_eq!(removed(&mut events, 1).await, &sent[1..=1]);
    let usage = h.inspector.store().usage().await.unwrap();
    assert_eq!((usage.deliveries, usage.body_bytes, usage.pinned, usage.pinned_body_bytes), (3, 3, 2, 2));

    // Unpinned, the oldest counts again, and goes.
    assert!(h.inspector.store().set_pinned(&sent[0], false).await.unwrap());
    assert_eq!(removed(&mut events, 1).await, &sent[0..=0]);
    let newest = post(&h, &web, "/new", b"y".to_vec()).await;
    assert_eq!(removed(&mut events, 1).await, &sent[3..=3]);
    assert_eq!(stored_ids(&h).await, [sent[2].clone(), sent[4].clone(), sent[5].clone(), newest]);
    assert_consistent(&h);
}

#[tokio::test]
async fn pins_never_make_a_new_delivery_go_at_once() {
    let h = Harness::start().await;
    let web = client();
    let a = post(&h, &web, "/a", b"a".to_vec()).await;
    let b = post(&h, &web, "/b", b"b".to_vec()).await;
    h.inspector.store().set_pinned(&a, true).await.unwrap();
    h.inspector.store().set_pinned(&b, true).await.unwrap();
    let mut events = h.inspector.subscribe();
    h.inspector.store().set_retention(keep(1)).await.unwrap();
    let c = post(&h, &web, "/c", b"c".to_vec()).await;
    let d = post(&h, &web, "/d", b"d".to_vec()).await;
    assert_eq!(removed(&mut events, 1).await, [c]);
    assert_eq!(stored_ids(&h).await, [a, b, d]);
}

#[tokio::test]
async fn the_size_cap_removes_the_oldest_bodies_until_under_it() {
    let h = Harness::start().await;
    let web = client();
    let cap = Retention { max_deliveries: 1000, max_body_bytes: MIN_MAX_BODY_BYTES };
    h.inspector.store().set_retention(cap).await.unwrap();
    let mut events = h.inspector.subscribe();
    let body = vec![b'z'; 300 * 1024];
    let mut sent = Vec::new();
    for i in 0..5 {
        sent.push(post(&h, &web, &format!("/big/{i}"), body.clone()).await);
    }
    // 4 × 300 KiB passes 1 MiB: the oldest goes; the 5th delivery passes it again.
    assert_eq!(removed(&mut events, 2).await, sent[..2]);
    assert_eq!(stored_ids(&h).await, sent[2..]);
    let usage = h.inspector.store().usage().await.unwrap();
    assert_eq!(usage.body_bytes, 3 * 300 * 1024);
    assert!(usage.body_bytes <= cap.max_body_bytes);
    assert_consistent(&h);
}

#[tokio::test]
async fn a_removed_delivery_takes_its_payload_and_replays_along() {
    let h = Harness::start().await;
    let web = client();
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let target = format!("http://{}/hook", socket.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(socket, axum::Router::new().fallback(|| async { "ok" })).await });
    h.inspector.set_replay_settings(ReplaySettings { target: Some(target), timeout_seconds: 5 }).await.unwrap();

    let old = post(&h, &web, "/old", b"old".to_vec()).await;
    let kept = post(&h, &web, "/kept", b"kept".to_vec()).await;
    for id in [&old, &old, &kept] {
        h.inspector.replay(id, None, ReplayMode::AsCaptured, None).await.unwrap();
    }
    assert_eq!(count(&h, "SELECT count(*) FROM replays"), 3);

    let mut events = h.inspector.subscribe();
    h.inspector.store().set_retention(keep(1)).await.unwrap();
    assert_eq!(removed(&mut events, 1).await, std::slice::from_ref(&old));
    assert!(h.inspector.store().replays_of(&old).await.unwrap().is_empty());
    assert_eq!(h.inspector.store().replays_of(&kept).await.unwrap().len(), 1);
    assert_eq!(count(&h, "SELECT count(*) FROM payloads"), 1);
    assert_consistent(&h);
}

#[tokio::test]
async fn the_cap_is_saved_with_the_store() {
    let h = Harness::start().await;
    assert_eq!(h.inspector.store().retention(), Retention::default());
    let cap = Retention { max_deliveries: 42, max_body_bytes: 5 << 20 };
    h.inspector.store().set_retention(cap).await.unwrap();
    let db = h.inspector.db_path().to_owned();
    drop(h.listener);
    drop(h.inspector);
    let reopened = Inspector::open(InspectorConfig::new(&db)).unwrap();
    assert_eq!(reopened.store().retention(), cap);
    let view = reopened.store().retention_view().await.unwrap();
    assert_eq!(view.retention, cap);
    assert_eq!(view.usage.deliveries, 0);
}

#[tokio::test]
async fn a_long_prune_interleaves_with_capture() {
    // 600 deliveries over a cap of 10: removed in steps of at most 200, while
    // new deliveries keep being stored; every removal is of an older one.
    let h = Harness::start().await;
    let web = client();
    let mut sent = Vec::new();
    for i in 0..600 {
        sent.push(post(&h, &web, &format!("/{i}"), Vec::new()).await);
    }
    let mut events = h.inspector.subscribe();
    h.inspector.store().set_retention(keep(10)).await.unwrap();
    let mut steps = 0;
    let mut gone = Vec::new();
    let mut during = Vec::new();
    while gone.len() < 590 {
        if let CoreEvent::Pruned(batch) = events.recv().await.unwrap() {
            assert!(batch.len() <= 200, "a step removed {}", batch.len());
            steps += 1;
            gone.extend(batch);
            during.push(post(&h, &web, "/during", Vec::new()).await);
        }
    }
    assert!(steps >= 3, "{steps} steps");
    assert_eq!(gone[..590], sent[..590]);
    // Each delivery sent between steps was stored (answered 200 with its id).
    assert_eq!(during.iter().collect::<HashSet<_>>().len(), during.len());
    assert_consistent(&h);
}
