use super::*;
use crate::delivery::Rejection;

fn captured(at: i64, path: &str) -> Captured {
    Captured {
        received_at_ms: at,
        remote_addr: None,
        method: "POST".into(),
        path: path.into(),
        headers: vec![("content-type".into(), b"text/plain".to_vec())],
        body: bytes::Bytes::from_static(b"body"),
        declared_size: None,
        rejection: None,
        status: 200,
    }
}

fn open() -> (tempfile::TempDir, Store, EventBus) {
    let dir = tempfile::tempdir().unwrap();
    let events = EventBus::new();
    let store = Store::open_with_ids(&dir.path().join("s.sqlite"), events.clone(), IdMinter::seeded(3)).unwrap();
    (dir, store, events)
}

#[tokio::test]
async fn concurrent_inserts_are_all_committed_with_increasing_ids() {
    let (_dir, store, _) = open();
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { store.insert(captured(1_000 + i, &format!("/{i}"))).await.unwrap() })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap().id);
    }
    assert_eq!(store.count().await.unwrap(), 200);
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 200, "ids are unique");
}

#[tokio::test]
async fn pages_walk_newest_first_without_gaps_or_repeats() {
    let (_dir, store, _) = open();
    for i in 0..25 {
        store.insert(captured(1_000 + i, &format!("/{i}"))).await.unwrap();
    }
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store.page(before.clone(), 10).await.unwrap();
        seen.extend(page.items.iter().map(|s| s.path.clone()));
        match page.next_before {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    let expected: Vec<String> = (0..25).rev().map(|i| format!("/{i}")).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn for_each_streams_oldest_first() {
    let (_dir, store, _) = open();
    for i in 0..5 {
        store.insert(captured(1_000 + i, &format!("/{i}"))).await.unwrap();
    }
    let mut paths = Vec::new();
    store
        .for_each_blocking(ListOrder::OldestFirst, |d| -> Result<(), StoreError> {
            paths.push(d.captured.path);
            Ok(())
        })
        .unwrap();
    assert_eq!(paths, ["/0", "/1", "/2", "/3", "/4"]);
}

#[tokio::test]
async fn rejections_and_declared_sizes_round_trip() {
    let (_dir, store, _) = open();
    let mut c = captured(5, "/big");
    c.rejection = Some(Rejection::TooLarge);
    c.declared_size = Some(99_999_999);
    c.status = 413;
    c.body = bytes::Bytes::new();
    let stored = store.insert(c.clone()).await.unwrap();
    let back = store.get(&stored.id).await.unwrap().unwrap();
    assert_eq!(back.captured, c);
}

#[tokio::test]
async fn settings_are_kept() {
    let (_dir, store, _) = open();
    assert_eq!(store.setting("listener.port").await.unwrap(), None);
    store.set_setting("listener.port", "9000").await.unwrap();
    store.set_setting("listener.port", "9001").await.unwrap();
    assert_eq!(store.setting("listener.port").await.unwrap().as_deref(), Some("9001"));
}

#[tokio::test]
async fn a_failed_write_publishes_nothing() {
    let (_dir, store, events) = open();
    let mut rx = events.subscribe();
    let result: Result<(), StoreError> = store
        .write(|conn| {
            conn.execute("INSERT INTO no_such_table VALUES (1)", [])?;
            Ok(((), vec![CoreEvent::DeliveryStored(captured_summary())]))
        })
        .await;
    assert!(result.is_err());
    assert!(rx.try_recv().is_err(), "no event for an uncommitted write");
}

fn captured_summary() -> crate::delivery::DeliverySummary {
    Delivery { id: "X".into(), captured: captured(1, "/") }.summary()
}

#[test]
fn storage_faults_are_named_for_people() {
    let full =
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL), None));
    assert_eq!(full.storage_fault(), Some("the disk is full"));
    assert_eq!(StoreError::Overloaded.storage_fault(), None);
}
