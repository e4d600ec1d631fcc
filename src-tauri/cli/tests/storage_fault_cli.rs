//! `hookscope listen` says in words when it cannot store deliveries and when it
//! can again: here the database is locked by this test process holding
//! `BEGIN EXCLUSIVE` on it, as another program would.

use std::io::{BufRead, BufReader, Lines};
use std::process::{Child, ChildStderr, Command, Stdio};

struct Listening {
    child: Child,
    stderr: Lines<BufReader<ChildStderr>>,
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Listening {
    /// The next line on stderr that starts with `prefix`.
    fn line_starting(&mut self, prefix: &str) -> String {
        for line in self.stderr.by_ref() {
            let line = line.unwrap();
            if line.starts_with(prefix) {
                return line;
            }
        }
        panic!("hookscope exited without printing a line starting with {prefix:?}");
    }
}

async fn post(url: &str) -> u16 {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    client.post(url).body("x").send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn listen_prints_what_is_wrong_while_the_database_is_locked_and_when_it_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hookscope"))
        .args(["listen", "--port", "0", "--db"])
        .arg(&db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut server = Listening { child, stderr };
    let first = stdout.next().unwrap().unwrap();
    let base = first.strip_prefix("listening on ").unwrap().split(' ').next().unwrap().to_owned();
    std::thread::spawn(move || stdout.for_each(drop));

    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    assert_eq!(post(&format!("{base}/locked")).await, 503);
    let line = server.line_starting("hookscope: cannot store");
    assert_eq!(
        line,
        "hookscope: cannot store deliveries: the database is locked by another program; answering 503 until it clears"
    );

    holder.execute_batch("COMMIT").unwrap();
    assert_eq!(post(&format!("{base}/free")).await, 200);
    assert_eq!(server.line_starting("hookscope: storing"), "hookscope: storing deliveries again");
}
