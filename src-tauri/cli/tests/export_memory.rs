//! Exporting streams: `hookscope export` of 100,000 stored deliveries writes
//! hundreds of megabytes while its peak resident memory stays a small fraction
//! of that, read from the kernel's accounting of the finished process.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use hookscope_core::delivery::Captured;
use hookscope_core::events::EventBus;
use hookscope_core::respond::Decision;
use hookscope_core::Store;

const DELIVERIES: usize = 100_000;
const BODY: &str = include_str!("../../core/tests/fixtures/self-verification-completed.json");

/// A Self event padded to about 2 KiB, unique per delivery.
fn captured(n: usize, padding: &str) -> Captured {
    let body = BODY.replacen("{", &format!("{{\n  \"note\": \"{n:08} {padding}\","), 1);
    Captured {
        received_at_ms: 1_795_681_812_345 + n as i64,
        remote_addr: Some("127.0.0.1:40000".into()),
        method: "POST".into(),
        path: "/webhooks/self".into(),
        headers: vec![
            ("content-type".into(), b"application/json".to_vec()),
            ("svix-id".into(), format!("msg_{n}").into_bytes()),
            ("user-agent".into(), b"Svix-Webhooks/1.17".to_vec()),
        ],
        declared_size: Some(body.len() as u64),
        body: body.into(),
        rejection: None,
        message_id: Some(format!("msg_{n}")),
        dedup_key: format!("v{n}-completed"),
        verification: None,
    }
}

/// The largest peak resident set size (KiB) of the children this process has
/// waited for: here, only the export (this test binary runs no other).
fn children_peak_rss_kib() -> i64 {
    // SAFETY: a zeroed rusage is a valid value for getrusage to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is valid for the call.
    assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) }, 0);
    usage.ru_maxrss
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exporting_100000_deliveries_streams_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("big.sqlite");
    let store = Store::open(&db, EventBus::new()).unwrap();
    let padding = "x".repeat(1_200);
    for start in (0..DELIVERIES).step_by(4_000) {
        let inserts: Vec<_> = (start..(start + 4_000).min(DELIVERIES))
            .map(|n| {
                let store = store.clone();
                let captured = captured(n, &padding);
                tokio::spawn(async move { store.insert(captured, Box::new(|_| Decision::plain(200))).await })
            })
            .collect();
        for insert in inserts {
            insert.await.unwrap().unwrap();
        }
    }
    assert_eq!(store.count().await.unwrap(), DELIVERIES as u64);
    drop(store);

    let mut child = Command::new(env!("CARGO_BIN_EXE_hookscope"))
        .args(["export", "--format", "ndjson", "--db"])
        .arg(&db)
        .env("HOOKSCOPE_SECRET_STORE", "file")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::with_capacity(1 << 20, child.stdout.take().unwrap());
    let (mut bytes, mut lines, mut line) = (0u64, 0u64, Vec::new());
    let mut last = Vec::new();
    loop {
        line.clear();
        let n = out.read_until(b'\n', &mut line).unwrap();
        if n == 0 {
            break;
        }
        bytes += n as u64;
        lines += 1;
        if lines == 1 || lines == DELIVERIES as u64 + 1 {
            last = line.clone();
        }
    }
    assert!(child.wait().unwrap().success(), "hookscope export failed");
    let peak_kib = children_peak_rss_kib();
    assert_eq!(lines, DELIVERIES as u64 + 1, "a manifest and one line per delivery");
    let final_line: serde_json::Value = serde_json::from_slice(&last).unwrap();
    assert_eq!(final_line["path"], "/webhooks/self");
    println!("exported {bytes} bytes; peak RSS {} MiB", peak_kib / 1024);
    assert!(bytes > 200 << 20, "the output ({bytes} bytes) should dwarf the memory bound");
    assert!(peak_kib < 64 * 1024, "peak RSS {peak_kib} KiB: the export must stream, not hold the deliveries");
}
