use super::*;
use crate::delivery::Rejection;
use crate::group::Relation;
use crate::respond::{Answers, Decision};

fn plain(answers: &Answers) -> Decide {
    let answers = answers.clone();
    Box::new(move |grouping| answers.decide(grouping.attempt))
}

async fn insert(store: &Store, c: Captured) -> Delivery {
    store.insert(c, plain(&Answers::default())).await.unwrap().delivery
}

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
        message_id: None,
        dedup_key: format!("path:{path}"),
        verification: None,
    }
}

fn with_ids(mut c: Captured, message_id: Option<&str>, dedup_key: &str) -> Captured {
    c.message_id = message_id.map(str::to_owned);
    c.dedup_key = dedup_key.to_owned();
    c
}

fn open() -> (tempfile::TempDir, Store, EventBus) {
    let dir = tempfile::tempdir().unwrap();
    let events = EventBus::new();
    let store = Store::open_with_ids(&dir.path().join("s.sqlite"), events.clone(), IdMinter::seeded(3)).unwrap();
    (dir, store, events)
}

/// Inserts `n` deliveries at once (so the writer batches them); their ids, in the order spawned.
async fn insert_concurrently(store: &Store, n: i64) -> Vec<String> {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { insert(&store, captured(1_000 + i, &format!("/{i}"))).await })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap().id);
    }
    ids
}

#[tokio::test]
async fn concurrent_inserts_are_all_committed_with_increasing_ids() {
    let (_dir, store, _) = open();
    let ids = insert_concurrently(&store, 200).await;
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
        insert(&store, captured(1_000 + i, &format!("/{i}"))).await;
    }
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store.page(before.clone(), 10, Default::default()).await.unwrap();
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
        insert(&store, captured(1_000 + i, &format!("/{i}"))).await;
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
    c.body = bytes::Bytes::new();
    let decide: Decide = Box::new(|_| Decision::plain(413));
    let stored = store.insert(c.clone(), decide).await.unwrap().delivery;
    let back = store.get(&stored.id).await.unwrap().unwrap();
    assert_eq!(back.captured, c);
    assert_eq!(back.answer.status, 413);
    assert_eq!(back, stored);
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
    Delivery {
        id: "X".into(),
        captured: captured(1, "/"),
        answer: crate::delivery::Answer::plain(200),
        grouping: crate::group::Classification { attempt: 1, duplicate_of: None, relation: Relation::Original },
        imported_from: None,
        pinned: false,
    }
    .summary()
}

#[test]
fn storage_faults_are_named_for_people() {
    let full =
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL), None));
    assert_eq!(full.storage_fault(), Some("the disk is full"));
    assert_eq!(StoreError::Overloaded.storage_fault(), None);
}

#[tokio::test]
async fn retries_count_attempts_and_duplicates_point_at_the_original() {
    let (_dir, store, _) = open();
    let first = insert(&store, with_ids(captured(1_000, "/a"), Some("msg_1"), "v1-completed")).await;
    let retry = insert(&store, with_ids(captured(6_000, "/a"), Some("msg_1"), "v1-completed")).await;
    let again = insert(&store, with_ids(captured(306_000, "/a"), Some("msg_1"), "v1-completed")).await;
    let duplicate = insert(&store, with_ids(captured(400_000, "/a"), Some("msg_2"), "v1-completed")).await;
    let other = insert(&store, with_ids(captured(500_000, "/a"), Some("msg_3"), "v2-completed")).await;

    assert_eq!((first.grouping.attempt, &first.grouping.relation), (1, &Relation::Original));
    assert_eq!(first.grouping.duplicate_of, None);
    assert_eq!(retry.grouping.attempt, 2);
    assert_eq!(retry.grouping.relation, Relation::Retry { of: first.id.clone() });
    assert_eq!(retry.grouping.duplicate_of.as_deref(), Some(first.id.as_str()));
    assert_eq!(again.grouping.attempt, 3);
    assert_eq!(duplicate.grouping.attempt, 1);
    assert_eq!(duplicate.grouping.relation, Relation::DuplicateEvent { of: first.id.clone() });
    assert_eq!(duplicate.grouping.duplicate_of.as_deref(), Some(first.id.as_str()));
    assert_eq!(other.grouping.relation, Relation::Original);
    // What was decided in the writer is what is read back.
    assert_eq!(store.get(&again.id).await.unwrap().unwrap(), again);
}

#[tokio::test]
async fn scripted_answers_follow_the_attempt_number() {
    let (_dir, store, _) = open();
    let answers = Answers::new(crate::respond::AnswerConfig {
        script: crate::respond::parse_script("503,429,200").unwrap(),
        ..Default::default()
    });
    let mut statuses = Vec::new();
    for at in [1_000, 6_000, 400_000, 900_000] {
        let c = with_ids(captured(at, "/s"), Some("msg_s"), "k");
        let stored = store.insert(c, plain(&answers)).await.unwrap();
        assert!(stored.decision.scripted);
        statuses.push(stored.delivery.answer.status);
    }
    assert_eq!(statuses, [503, 429, 200, 200]);
}

/// The totals retention reads and the search queue follow every insert, captured
/// in batches or imported, without triggers (see migration 8).
#[tokio::test]
async fn inserts_are_counted_and_queued_for_search_by_the_writer() {
    let (_dir, store, _) = open();
    insert_concurrently(&store, 40).await;
    let mut imported = insert(&store, captured(5_000, "/to-import")).await;
    imported.id = "01IMPORTED0000000000000000".into();
    imported.captured.body = bytes::Bytes::from_static(b"a longer imported body");
    let row = crate::import::ImportedDelivery { delivery: imported, replays: Vec::new() };
    let added = store.insert_imported(vec![row], "log.ndjson".into(), |_| Vec::new()).await.unwrap();
    assert_eq!(added.added, 1);

    // Read on the writer's own thread: no indexing step can run in the middle.
    let (usage, stored, queued, indexed) = store
        .write(|conn| {
            let one = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
            let usage = (one("SELECT deliveries FROM store_usage")?, one("SELECT body_bytes FROM store_usage")?);
            let stored = (one("SELECT count(*) FROM deliveries")?, one("SELECT sum(size) FROM deliveries")?);
            let queued = one("SELECT count(*) FROM search_pending q JOIN deliveries d ON d.seq = q.seq")?;
            // Every body holds the trigram "bod": the index holds each delivery taken off the queue.
            let indexed = one("SELECT count(*) FROM search_index WHERE search_index MATCH '\"bod\"'")?;
            Ok(((usage, stored, queued, indexed), Vec::new()))
        })
        .await
        .unwrap();
    assert_eq!(stored, (42, 41 * 4 + 22));
    assert_eq!(usage, stored);
    assert_eq!(queued + indexed, 42, "queued {queued}, indexed {indexed}");
}

/// The checkpoint thread runs at the lowest CPU priority, so it takes no time
/// from the writer (see `checkpoint::yield_to_the_writer`).
#[cfg(target_os = "linux")]
#[tokio::test]
async fn the_checkpoint_thread_runs_at_the_lowest_priority() {
    let (_dir, _store, _) = open();
    // Field 19 of /proc/<pid>/task/<tid>/stat is the nice value; the name (field 2,
    // in parentheses) is cut to 15 bytes: "hookscope-check".
    let nice_of_checkpointers = || -> Vec<i64> {
        let mut found = Vec::new();
        for task in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
            let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else { continue };
            let Some((name, rest)) = stat.split_once(") ") else { continue };
            if name.ends_with("(hookscope-check") {
                found.push(rest.split_whitespace().nth(16).unwrap().parse().unwrap());
            }
        }
        found
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let found = nice_of_checkpointers();
        if !found.is_empty() && found.iter().all(|&nice| nice == 19) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "checkpoint threads' nice values: {found:?}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The WAL's checkpoint sequence number (bytes 12..16 of its header), which
/// SQLite raises each time the WAL starts over from its beginning.
fn wal_restarts(db: &std::path::Path) -> u32 {
    let header = std::fs::read(db.with_extension("sqlite-wal")).unwrap();
    u32::from_be_bytes(header[12..16].try_into().unwrap())
}

/// Deliveries that never pause still let the WAL start over, so it does not grow
/// without end: the checkpoint thread copies most of it back and the writer, between
/// two commits, the rest (see `checkpoint`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wal_starts_over_while_deliveries_keep_coming() {
    let (dir, store, _) = open();
    let db = dir.path().join("s.sqlite");
    insert(&store, captured(1, "/first")).await;
    let before = wal_restarts(&db);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Eight senders keep the writer busy: a commit lands during every checkpoint pass.
    let senders: Vec<_> = (0..8)
        .map(|sender| {
            let (store, stop) = (store.clone(), stop.clone());
            tokio::spawn(async move {
                let mut sent = 0_i64;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    insert(&store, captured(sent, &format!("/{sender}/{sent}"))).await;
                    sent += 1;
                }
                sent
            })
        })
        .collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while wal_restarts(&db) == before && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let restarted = wal_restarts(&db) != before;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut sent = 0;
    for sender in senders {
        let one = sender.await.unwrap();
        assert!(one > 0, "a sender stored nothing");
        sent += one;
    }
    assert!(restarted, "the WAL never started over during {sent} deliveries");
}

/// The writer keeps statement journals in memory (see `WriterFile::open`), and
/// migrating does not leave that changed.
#[tokio::test]
async fn the_writer_journals_statements_in_memory() {
    let (_dir, store, _) = open();
    let memory = 2_i64;
    let temp_store =
        store.write(|conn| Ok((conn.query_row("PRAGMA temp_store", [], |r| r.get::<_, i64>(0))?, Vec::new())));
    assert_eq!(temp_store.await.unwrap(), memory);

    let mut conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "temp_store", "MEMORY").unwrap();
    migrations::migrate(&mut conn).unwrap();
    let after: i64 = conn.query_row("PRAGMA temp_store", [], |r| r.get(0)).unwrap();
    assert_eq!(after, memory);
}

/// Events newest first by their latest delivery, with totals over all their
/// deliveries, paged by that latest id; a filter asks about the latest delivery.
#[tokio::test]
async fn events_list_each_latest_delivery_with_the_event_totals() {
    let (_dir, store, _) = open();
    let a1 = insert(&store, with_ids(captured(1_000, "/a"), Some("msg_a"), "A")).await;
    let b1 = insert(&store, with_ids(captured(2_000, "/b"), Some("msg_b"), "B")).await;
    insert(&store, with_ids(captured(3_000, "/a"), Some("msg_a"), "A")).await;
    let c1 = insert(&store, with_ids(captured(4_000, "/c"), Some("msg_c"), "C")).await;
    let a3 = insert(&store, with_ids(captured(5_000, "/a"), Some("msg_a2"), "A")).await;
    let mut refused = with_ids(captured(6_000, "/b"), Some("msg_b"), "B");
    refused.rejection = Some(Rejection::TooLarge);
    let b2 = store.insert(refused, Box::new(|_| Decision::plain(413))).await.unwrap().delivery;

    let page = store.groups(None, 2, TimelineFilter::default()).await.unwrap();
    let keys: Vec<_> = page.items.iter().map(|g| (g.dedup_key.as_str(), g.latest.id.as_str())).collect();
    assert_eq!(keys, [("B", b2.id.as_str()), ("A", a3.id.as_str())]);
    let a = &page.items[1];
    assert_eq!((a.first_id.as_str(), a.deliveries, a.messages, a.max_attempt), (a1.id.as_str(), 3, 2, 2));
    let b = &page.items[0];
    assert_eq!((b.first_id.as_str(), b.deliveries, b.messages, b.max_attempt), (b1.id.as_str(), 2, 1, 2));
    assert_eq!(page.next_before.as_deref(), Some(a3.id.as_str()));

    let rest = store.groups(page.next_before, 2, TimelineFilter::default()).await.unwrap();
    let keys: Vec<_> = rest.items.iter().map(|g| g.latest.id.as_str()).collect();
    assert_eq!(keys, [c1.id.as_str()], "A's and B's older deliveries are not events of their own");
    assert_eq!(rest.next_before, None);

    // B's latest delivery was refused: asking for answered-2xx ones leaves B out
    // rather than showing one of its older deliveries as its latest.
    let accepted = TimelineFilter { statuses: vec![StatusRange { from: 200, to: 299 }], ..Default::default() };
    let filtered = store.groups(None, 10, accepted).await.unwrap();
    let keys: Vec<_> = filtered.items.iter().map(|g| g.dedup_key.as_str()).collect();
    assert_eq!(keys, ["A", "C"]);
}
