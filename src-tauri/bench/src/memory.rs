//! Figure 4: the release `hookscope listen` as a child process, its resident
//! memory right after start beside its peak after N deliveries.

use std::io::{self, BufRead as _, BufReader, Read as _};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use anyhow::{bail, Context as _};
use serde::Serialize;

use crate::harness::Harness;
use crate::load::{LoadReport, Plan};
use crate::payload::SECRET;

/// How long the CLI may take to print its address.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// Lets the freshly started process finish settling before its "after start" reading.
const SETTLE: Duration = Duration::from_millis(200);
/// Kept of the child's stderr, for an error message.
const STDERR_KEPT: usize = 4096;

#[derive(Debug, Serialize)]
pub struct Memory {
    pub cli: PathBuf,
    pub rss_after_start_kb: u64,
    /// VmHWM: the most the process was ever resident.
    pub peak_rss_kb: u64,
    pub rss_at_end_kb: u64,
    pub load: LoadReport,
}

pub fn run(h: &Harness) -> anyhow::Result<Memory> {
    let cli = match &h.settings.cli {
        Some(path) => path.clone(),
        None => std::env::current_exe()?.with_file_name("hookscope"),
    };
    if !cli.is_file() {
        bail!("no hookscope binary at {} (build it: cargo build --release -p hookscope-cli)", cli.display());
    }
    let dir = tempfile::Builder::new().prefix("hookscope-bench-cli-").tempdir_in(&h.temp_root)?;
    let mut child = Running::start(&cli, &dir.path().join(hookscope_core::DB_FILE))?;
    let addr = child.address()?;
    thread::sleep(SETTLE);
    let rss_after_start_kb = child.status_kb("VmRSS")?;
    let load = h.drive(addr, Plan::Count { total: h.settings.deliveries }, 0x4001)?;
    let peak_rss_kb = child.status_kb("VmHWM")?;
    let rss_at_end_kb = child.status_kb("VmRSS")?;
    drop(child);
    Ok(Memory { cli, rss_after_start_kb, peak_rss_kb, rss_at_end_kb, load })
}

/// The child `hookscope listen`; killed (by its own handle) when dropped.
struct Running {
    child: Child,
    first_line: mpsc::Receiver<String>,
    stderr: Option<thread::JoinHandle<String>>,
}

impl Running {
    fn start(cli: &Path, db: &Path) -> anyhow::Result<Running> {
        let mut child = Command::new(cli)
            .args(["listen", "--bind", "127.0.0.1", "--port", "0", "--secret", SECRET, "--db"])
            .arg(db)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start {}", cli.display()))?;
        let stdout = child.stdout.take().context("the child's stdout was not piped")?;
        let stderr = child.stderr.take().context("the child's stderr was not piped")?;
        let (tx, first_line) = mpsc::channel();
        // The CLI prints a line per stored delivery: read them all, or it would block on a full pipe.
        thread::spawn(move || {
            let mut lines = BufReader::new(stdout);
            let mut first = String::new();
            let _ = lines.read_line(&mut first);
            let _ = tx.send(first);
            let _ = io::copy(&mut lines, &mut io::sink());
        });
        let stderr = thread::spawn(move || {
            let mut kept = Vec::new();
            let mut stderr = stderr;
            let _ = (&mut stderr).take(STDERR_KEPT as u64).read_to_end(&mut kept);
            let _ = io::copy(&mut stderr, &mut io::sink());
            String::from_utf8_lossy(&kept).into_owned()
        });
        Ok(Running { child, first_line, stderr: Some(stderr) })
    }

    fn address(&mut self) -> anyhow::Result<SocketAddr> {
        let line = self.first_line.recv_timeout(START_TIMEOUT).unwrap_or_default();
        match listening_addr(&line) {
            Some(addr) => Ok(addr),
            None => {
                self.stop();
                let stderr = self.stderr.take().and_then(|t| t.join().ok()).unwrap_or_default();
                bail!("hookscope listen did not start (first line {line:?}); stderr: {}", stderr.trim())
            }
        }
    }

    fn status_kb(&self, key: &str) -> anyhow::Result<u64> {
        let path = format!("/proc/{}/status", self.child.id());
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
        status_field_kb(&text, key).with_context(|| format!("no {key} in {path}"))
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The address in the CLI's first line: `listening on http://ADDR (store: …)`.
fn listening_addr(line: &str) -> Option<SocketAddr> {
    line.trim().strip_prefix("listening on http://")?.split_whitespace().next()?.parse().ok()
}

/// A `Key:   1234 kB` field of /proc/<pid>/status, in kB.
fn status_field_kb(status: &str, key: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let value = line.strip_prefix(key)?.strip_prefix(':')?;
        value.split_whitespace().next()?.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_cli_address_and_proc_fields() {
        let line = "listening on http://127.0.0.1:43121 (store: /tmp/x/hookscope.sqlite)\n";
        assert_eq!(listening_addr(line), Some(SocketAddr::from(([127, 0, 0, 1], 43121))));
        assert_eq!(listening_addr("error: port in use"), None);

        let status = "Name:\thookscope\nVmHWM:\t   20480 kB\nVmRSS:\t   18000 kB\n";
        assert_eq!(status_field_kb(status, "VmHWM"), Some(20480));
        assert_eq!(status_field_kb(status, "VmRSS"), Some(18000));
        assert_eq!(status_field_kb(status, "VmSwap"), None);
    }
}
