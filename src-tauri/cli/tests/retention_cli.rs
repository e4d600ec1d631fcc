//! Retention from the command line: `listen --keep` saves the cap and says it,
//! `pin` / `unpin` keep a delivery or let it go, over real processes.

use std::io::{BufRead, BufReader, Lines};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Output, Stdio};

struct Listening {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
    base: String,
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn hookscope() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hookscope"))
}

fn listen(db: &Path, extra: &[&str]) -> Listening {
    let mut child =
        hookscope().args(["listen", "--port", "0", "--db"]).arg(db).args(extra).stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let base = first.strip_prefix("listening on ").unwrap().split(' ').next().unwrap().to_owned();
    Listening { child, lines, base }
}

fn run(db: &Path, args: &[&str]) -> Output {
    hookscope().args(args).arg("--db").arg(db).output().unwrap()
}

/// What the store holds, oldest first: each delivery's path and whether it is pinned.
fn listed(db: &Path) -> Vec<(String, bool)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT path, pinned FROM deliveries ORDER BY id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

impl Listening {
    /// Waits for the line saying retention removed deliveries (printed after the commit).
    fn removed_line(&mut self) -> String {
        for line in self.lines.by_ref() {
            let line = line.unwrap();
            if line.starts_with("removed ") {
                return line;
            }
        }
        panic!("hookscope exited without removing anything");
    }
}

async fn post(web: &reqwest::Client, server: &mut Listening, path: &str) -> String {
    let response = web.post(format!("{}{path}", server.base)).body("x").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let answer: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    // The delivery's line: stored.
    let line = server.lines.next().unwrap().unwrap();
    assert!(line.contains(path), "{line}");
    answer["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn keep_pin_and_unpin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite");
    let web = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut server = listen(&db, &["--keep", "3"]);
    assert_eq!(
        server.lines.next().unwrap().unwrap(),
        "keeping up to 3 deliveries and 1 GiB of bodies (oldest removed first, pinned ones kept)"
    );
    // The rest of the preamble.
    assert!(server.lines.next().unwrap().unwrap().starts_with("no signing secret"));

    let first = post(&web, &mut server, "/1").await;
    let pinned = run(&db, &["pin", &first]);
    assert!(pinned.status.success(), "{}", String::from_utf8_lossy(&pinned.stderr));
    assert_eq!(String::from_utf8_lossy(&pinned.stdout), format!("pinned {first}: kept whatever the retention cap\n"));
    for path in ["/2", "/3", "/4", "/5"] {
        post(&web, &mut server, path).await;
    }
    assert_eq!(server.removed_line(), "removed the oldest delivery to stay within the retention cap");
    // Four unpinned over a cap of three: the oldest unpinned went, the pinned one stayed.
    let expected = [("/1", true), ("/3", false), ("/4", false), ("/5", false)];
    assert_eq!(listed(&db), expected.map(|(p, pin)| (p.to_owned(), pin)));

    let unpinned = run(&db, &["unpin", &first]);
    assert!(unpinned.status.success());
    post(&web, &mut server, "/6").await;
    // /1 now counts again: it and /3 go (/1 perhaps already by `unpin`'s own store).
    assert!(server.removed_line().starts_with("removed the"));
    let expected = [("/4", false), ("/5", false), ("/6", false)];
    assert_eq!(listed(&db), expected.map(|(p, pin)| (p.to_owned(), pin)));

    let unknown = run(&db, &["pin", "01NOPE"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no delivery with id 01NOPE"));
}

#[test]
fn keep_size_is_checked_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite");
    let bad = hookscope().args(["listen", "--port", "0", "--keep-size", "lots", "--db"]).arg(&db).output().unwrap();
    assert!(String::from_utf8_lossy(&bad.stderr).contains("'lots' is not a size"), "{bad:?}");
    let tiny = hookscope().args(["listen", "--port", "0", "--keep-size", "10K", "--db"]).arg(&db).output().unwrap();
    assert!(!tiny.status.success());
    assert!(String::from_utf8_lossy(&tiny.stderr).contains("keep at least 1 MiB of bodies"), "{tiny:?}");

    let mut server = listen(&db, &["--keep-size", "500M"]);
    let kept = server.lines.next().unwrap().unwrap();
    assert_eq!(kept, "keeping up to 100000 deliveries and 500 MiB of bodies (oldest removed first, pinned ones kept)");
    drop(server);
    // Saved with the store: a later run without the option keeps it.
    let mut again = listen(&db, &[]);
    assert!(again.lines.next().unwrap().unwrap().contains("500 MiB of bodies"));
}
