//! Continuity of the public address: the entries the front end stores each time
//! the tunnel's state changes, and what they say about downtime and URL changes.
//! Pure; storing the entries is the caller's business.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::state::{TunnelState, TunnelStateKind};

/// One state change of the tunnel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TunnelLogEntry {
    /// When, in Unix milliseconds.
    #[ts(type = "number")]
    pub at_ms: i64,
    pub state: TunnelStateKind,
    /// The public URL, for `online` (and `reconnecting` when one was online).
    pub url: Option<String>,
}

impl TunnelLogEntry {
    pub fn new(at_ms: i64, state: &TunnelState) -> TunnelLogEntry {
        TunnelLogEntry { at_ms, state: state.kind(), url: state.url().map(str::to_owned) }
    }
}

/// Whether the public URL differs from the one online before, so whatever was
/// registered at the provider must be updated. No previous URL is no change.
/// A trailing slash and the case of the scheme and host do not count.
pub fn url_changed(previous_url: Option<&str>, current: &str) -> bool {
    match previous_url {
        Some(previous) => normalize(previous) != normalize(current),
        None => false,
    }
}

fn normalize(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
    format!("{}://{}/{path}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase())
}

/// The spans, in Unix milliseconds, when deliveries could not reach Hookscope
/// through the tunnel although it was on: each starts when an online period ends
/// in `reconnecting` or `failed` and ends at the next `online` (or at `off`, when
/// the developer turned the tunnel off). Entries may come in any order. A span
/// still open at the last entry is left out; see [`down_since`].
pub fn downtime_windows(entries: &[TunnelLogEntry]) -> Vec<(i64, i64)> {
    let mut windows = Vec::new();
    walk(entries, |from, to| {
        if let Some(to) = to {
            windows.push((from, to));
        }
    });
    windows
}

/// When the current downtime started, if the last entries leave the tunnel down
/// (after having been online).
pub fn down_since(entries: &[TunnelLogEntry]) -> Option<i64> {
    let mut open = None;
    walk(entries, |from, to| {
        if to.is_none() {
            open = Some(from);
        }
    });
    open
}

/// Calls `window(from, Some(to))` for each closed downtime span and
/// `window(from, None)` for one still open at the end.
fn walk(entries: &[TunnelLogEntry], mut window: impl FnMut(i64, Option<i64>)) {
    let mut sorted: Vec<&TunnelLogEntry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.at_ms);
    let mut was_online = false;
    let mut down_from: Option<i64> = None;
    for entry in sorted {
        match entry.state {
            TunnelStateKind::Online => {
                if let Some(from) = down_from.take() {
                    window(from, Some(entry.at_ms));
                }
                was_online = true;
            }
            TunnelStateKind::Reconnecting | TunnelStateKind::Failed => {
                if was_online && down_from.is_none() {
                    down_from = Some(entry.at_ms);
                }
            }
            TunnelStateKind::Off => {
                if let Some(from) = down_from.take() {
                    window(from, Some(entry.at_ms));
                }
                was_online = false;
            }
            // Turning a failed tunnel on again: still down until online.
            TunnelStateKind::Connecting => {}
        }
    }
    if let Some(from) = down_from {
        window(from, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at_ms: i64, state: TunnelStateKind) -> TunnelLogEntry {
        let url = (state == TunnelStateKind::Online).then(|| "https://a.ngrok.app".to_owned());
        TunnelLogEntry { at_ms, state, url }
    }

    use TunnelStateKind::{Connecting, Failed, Off, Online, Reconnecting};

    #[test]
    fn url_changes() {
        assert!(!url_changed(None, "https://a.ngrok.app"));
        assert!(!url_changed(Some("https://a.ngrok.app"), "https://a.ngrok.app"));
        assert!(!url_changed(Some("https://a.ngrok.app/"), "https://A.ngrok.app"));
        assert!(!url_changed(Some("HTTPS://a.ngrok.app"), "https://a.ngrok.app"));
        assert!(url_changed(Some("https://a.ngrok.app"), "https://b.ngrok.app"));
        assert!(url_changed(Some("https://a.ngrok.app"), "http://a.ngrok.app"));
        assert!(url_changed(Some("https://a.ngrok.app/x"), "https://a.ngrok.app/y"));
    }

    #[test]
    fn entries_from_states() {
        let online = TunnelState::Online { url: "https://a.ngrok.app".into() };
        assert_eq!(TunnelLogEntry::new(5, &online), entry(5, Online));
        let failed = TunnelState::Failed { reason: "r".into(), code: None };
        assert_eq!(TunnelLogEntry::new(6, &failed), TunnelLogEntry { at_ms: 6, state: Failed, url: None });
        let json = serde_json::to_string(&TunnelLogEntry::new(7, &TunnelState::Reconnecting { url: None })).unwrap();
        assert_eq!(json, r#"{"at_ms":7,"state":"reconnecting","url":null}"#);
    }

    #[test]
    fn a_reconnect_is_one_window() {
        let log = [entry(0, Connecting), entry(10, Online), entry(50, Reconnecting), entry(80, Online)];
        assert_eq!(downtime_windows(&log), vec![(50, 80)]);
        assert_eq!(down_since(&log), None);
    }

    #[test]
    fn failure_lasts_until_online_again_through_connecting() {
        let log =
            [entry(10, Online), entry(20, Reconnecting), entry(30, Failed), entry(40, Connecting), entry(55, Online)];
        assert_eq!(downtime_windows(&log), vec![(20, 55)]);
    }

    #[test]
    fn turning_off_ends_a_window_and_is_not_downtime() {
        let log = [entry(10, Online), entry(20, Failed), entry(25, Off), entry(90, Connecting), entry(95, Online)];
        assert_eq!(downtime_windows(&log), vec![(20, 25)]);
        let log = [entry(10, Online), entry(20, Off), entry(30, Connecting), entry(40, Online)];
        assert!(downtime_windows(&log).is_empty());
    }

    #[test]
    fn never_online_is_not_downtime() {
        let log = [entry(0, Connecting), entry(1, Failed), entry(5, Connecting), entry(6, Failed)];
        assert!(downtime_windows(&log).is_empty());
        assert_eq!(down_since(&log), None);
    }

    #[test]
    fn open_windows_are_reported_by_down_since() {
        let log =
            [entry(10, Online), entry(20, Online), entry(30, Reconnecting), entry(70, Online), entry(90, Reconnecting)];
        assert_eq!(downtime_windows(&log), vec![(30, 70)]);
        assert_eq!(down_since(&log), Some(90));
    }

    #[test]
    fn order_of_entries_does_not_matter() {
        let log = [entry(80, Online), entry(10, Online), entry(50, Reconnecting)];
        assert_eq!(downtime_windows(&log), vec![(50, 80)]);
        assert!(downtime_windows(&[]).is_empty());
    }
}
