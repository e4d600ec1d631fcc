//! Nothing acknowledged is lost: `hookscope listen` is killed with SIGKILL at
//! random moments under load; every delivery that got a 2xx must be in the
//! store afterwards, and the database must pass `PRAGMA integrity_check`.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn start(db: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hookscope"))
        .args(["listen", "--port", "0", "--db"])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let base = first.strip_prefix("listening on ").unwrap().split(' ').next().unwrap().to_owned();
    // Keep draining stdout so the child never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (child, base)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_delivery_survives_sigkill() {
    let seed =
        std::env::var("HOOKSCOPE_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| fastrand::u64(..));
    println!("crash-safety seed: {seed} (set HOOKSCOPE_CRASH_SEED to repeat)");
    let mut rng = fastrand::Rng::with_seed(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.sqlite");
    let acknowledged: Arc<Mutex<HashSet<String>>> = Arc::default();
    let client = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(5)).build().unwrap();

    for trial in 0..10 {
        let (mut child, base) = start(&db);
        let senders: Vec<_> = (0..8)
            .map(|worker| {
                let (client, base, acknowledged) = (client.clone(), base.clone(), acknowledged.clone());
                tokio::spawn(async move {
                    for n in 0.. {
                        let body = format!("{{\"trial\":{trial},\"worker\":{worker},\"n\":{n}}}");
                        let Ok(response) = client.post(format!("{base}/crash")).body(body).send().await else {
                            break; // the listener is gone
                        };
                        if response.status().is_success() {
                            let Ok(text) = response.text().await else { break };
                            let id = serde_json::from_str::<serde_json::Value>(&text).unwrap()["id"]
                                .as_str()
                                .unwrap()
                                .to_owned();
                            acknowledged.lock().unwrap().insert(id);
                        }
                    }
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(rng.u64(50..400))).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        for sender in senders {
            sender.await.unwrap();
        }
    }

    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() > 100, "the load produced too few deliveries to mean anything: {}", acknowledged.len());
    let output =
        Command::new(env!("CARGO_BIN_EXE_hookscope")).args(["list", "--json", "--db"]).arg(&db).output().unwrap();
    assert!(output.status.success());
    let stored: HashSet<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_owned())
        .collect();
    let lost: Vec<&String> = acknowledged.difference(&stored).collect();
    assert!(lost.is_empty(), "{} acknowledged deliveries were lost (seed {seed}): {lost:?}", lost.len());

    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}
