//! The tunnel's continuity log in the store: when it went up and down, and with
//! which public URL, across restarts.

use rusqlite::Connection;

use crate::store::{Store, StoreError};
use crate::tunnel::{TunnelLogEntry, TunnelStateKind};

/// How many entries the log keeps; older ones are dropped.
const KEEP: i64 = 10_000;

impl Store {
    pub async fn record_tunnel(&self, entry: TunnelLogEntry) -> Result<(), StoreError> {
        self.write(move |conn| {
            conn.execute(
                "INSERT INTO tunnel_log (at, state, url) VALUES (?1, ?2, ?3)",
                (entry.at_ms, entry.state.as_str(), &entry.url),
            )?;
            conn.execute("DELETE FROM tunnel_log WHERE id <= (SELECT max(id) FROM tunnel_log) - ?1", [KEEP])?;
            Ok(((), Vec::new()))
        })
        .await
    }

    /// The log, oldest first (the last `limit` entries).
    pub async fn tunnel_log(&self, limit: u32) -> Result<Vec<TunnelLogEntry>, StoreError> {
        self.read(move |conn| entries(conn, limit)).await
    }

    /// The URL the tunnel last had online (e.g. in an earlier run of the app).
    pub async fn last_online_url(&self) -> Result<Option<String>, StoreError> {
        self.read(|conn| {
            use rusqlite::OptionalExtension as _;
            Ok(conn
                .query_row(
                    "SELECT url FROM tunnel_log WHERE state = 'online' AND url IS NOT NULL ORDER BY id DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?)
        })
        .await
    }
}

fn entries(conn: &Connection, limit: u32) -> Result<Vec<TunnelLogEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, state, url FROM (SELECT id, at, state, url FROM tunnel_log ORDER BY id DESC LIMIT ?1) ORDER BY id",
    )?;
    let rows = stmt.query_map([limit], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (at_ms, state, url) = row?;
        if let Some(state) = TunnelStateKind::parse(&state) {
            out.push(TunnelLogEntry { at_ms, state, url });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::events::EventBus;
    use crate::store::Store;
    use crate::tunnel::{downtime_windows, TunnelLogEntry, TunnelState};

    #[tokio::test]
    async fn the_log_survives_in_order_and_explains_downtime() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.sqlite"), EventBus::new()).unwrap();
        let url = "https://a.ngrok.app".to_owned();
        for (at, state) in [
            (1_000, TunnelState::Connecting),
            (2_000, TunnelState::Online { url: url.clone() }),
            (5_000, TunnelState::Reconnecting { url: Some(url.clone()) }),
            (9_000, TunnelState::Online { url: url.clone() }),
        ] {
            store.record_tunnel(TunnelLogEntry::new(at, &state)).await.unwrap();
        }
        let log = store.tunnel_log(100).await.unwrap();
        assert_eq!(log.len(), 4);
        assert_eq!(downtime_windows(&log), [(5_000, 9_000)]);
        assert_eq!(store.last_online_url().await.unwrap().as_deref(), Some(url.as_str()));
        assert_eq!(store.tunnel_log(2).await.unwrap()[0].at_ms, 5_000);
    }
}
