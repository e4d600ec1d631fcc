//! The app's processes, found through /proc by parent pid: the app itself and
//! every process under it (WebKitWebProcess, WebKitNetworkProcess), with their
//! resident memory.

use std::collections::HashMap;
use std::fs;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Process {
    pub pid: u32,
    pub name: String,
    pub rss_kb: u64,
}

/// Every live process as (pid, parent pid, name).
fn all() -> Vec<(u32, u32, String)> {
    let Ok(dir) = fs::read_dir("/proc") else { return Vec::new() };
    dir.filter_map(|entry| {
        let pid: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
        let (name, ppid) = parse_stat(&fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)?;
        Some((pid, ppid, name))
    })
    .collect()
}

/// `pid (name) state ppid …`: the name may hold spaces and parentheses, so it
/// runs to the last `)`.
fn parse_stat(stat: &str) -> Option<(String, u32)> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat.get(open + 1..close)?.to_owned();
    let ppid = stat.get(close + 1..)?.split_whitespace().nth(1)?.parse().ok()?;
    Some((name, ppid))
}

/// `pid` and all its descendants.
fn tree(pid: u32, processes: &[(u32, u32, String)]) -> Vec<(u32, String)> {
    let mut children: HashMap<u32, Vec<(u32, &str)>> = HashMap::new();
    let mut names = HashMap::new();
    for (p, parent, name) in processes {
        children.entry(*parent).or_default().push((*p, name));
        names.insert(*p, name.as_str());
    }
    let mut found = vec![(pid, names.get(&pid).copied().unwrap_or("?").to_owned())];
    let mut next = 0;
    while next < found.len() {
        for (child, name) in children.get(&found[next].0).into_iter().flatten() {
            found.push((*child, (*name).to_owned()));
        }
        next += 1;
    }
    found
}

/// The first process under this one named `name` (as /proc shows it: at most 15 bytes).
pub fn descendant_named(name: &str) -> Option<u32> {
    let processes = all();
    tree(std::process::id(), &processes).into_iter().skip(1).find(|(_, n)| n == name).map(|(pid, _)| pid)
}

/// `pid` and its descendants with their resident memory now.
pub fn tree_rss(pid: u32) -> Vec<Process> {
    tree(pid, &all())
        .into_iter()
        .filter_map(|(pid, name)| {
            let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            Some(Process { pid, name, rss_kb: status_kb(&status, "VmRSS")? })
        })
        .collect()
}

/// A `Key:   1234 kB` line of /proc/<pid>/status.
fn status_kb(status: &str, key: &str) -> Option<u64> {
    status.lines().find_map(|line| line.strip_prefix(key)?.strip_prefix(':')?.split_whitespace().next()?.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_with_spaces_and_parents() {
        assert_eq!(parse_stat("412 (Web Content (x)) S 17 412 0"), Some(("Web Content (x)".into(), 17)));
        assert_eq!(parse_stat("garbage"), None);
        assert_eq!(status_kb("Name:\tx\nVmRSS:\t  2048 kB\n", "VmRSS"), Some(2048));
        assert_eq!(status_kb("Name:\tx\n", "VmRSS"), None);
    }

    #[test]
    fn a_tree_is_the_process_and_everything_under_it() {
        let processes = vec![
            (1, 0, "init".to_owned()),
            (10, 1, "app".to_owned()),
            (11, 10, "WebKitWebProces".to_owned()),
            (12, 10, "WebKitNetworkPr".to_owned()),
            (13, 11, "helper".to_owned()),
            (20, 1, "other".to_owned()),
        ];
        let mut pids: Vec<u32> = tree(10, &processes).into_iter().map(|(p, _)| p).collect();
        pids.sort();
        assert_eq!(pids, [10, 11, 12, 13]);
    }

    #[test]
    fn this_process_is_in_its_own_tree_with_memory() {
        let me = tree_rss(std::process::id());
        assert_eq!(me[0].pid, std::process::id());
        assert!(me[0].rss_kb > 0);
    }
}
