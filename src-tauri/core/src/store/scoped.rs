//! The deliveries in an export's scope, oldest first, read in one snapshot so
//! that the count, the manifest and the rows written agree while capture goes on.

use rusqlite::{params_from_iter, Connection, Row};

use super::filter::Bindings;
use super::queries::{delivery, DELIVERY_COLUMNS};
use super::{Store, StoreError};
use crate::delivery::Delivery;
use crate::export::ExportScope;
use crate::replays::ReplayRecord;

/// The scope as one condition on `deliveries d`: the timeline filter's own SQL
/// (the same as the timeline's pages) and the selected ids.
fn condition(scope: &ExportScope, b: &mut Bindings) -> String {
    let filter = scope.filter.condition(b);
    if scope.ids.is_empty() {
        return filter;
    }
    let ids = serde_json::Value::from(scope.ids.clone()).to_string();
    format!("{filter} AND d.id IN (SELECT value FROM json_each({}))", b.bind(ids))
}

impl Store {
    /// Runs `f` on a read connection inside one read transaction: every query it
    /// makes sees the same snapshot of the store.
    pub fn snapshot_blocking<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        self.read_blocking(|conn| {
            // Rolled back when dropped: a read transaction has nothing to commit.
            let snapshot = conn.unchecked_transaction()?;
            // The snapshot starts at the first read, not at BEGIN: read once now.
            snapshot.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
            Ok(f(&snapshot))
        })?
    }
}

/// How many deliveries are in `scope`.
pub fn count(conn: &Connection, scope: &ExportScope) -> Result<u64, StoreError> {
    let mut b = Bindings::default();
    let sql = format!("SELECT count(*) FROM deliveries d WHERE {}", condition(scope, &mut b));
    Ok(conn.query_row(&sql, params_from_iter(b.into_values()), |r| r.get::<_, i64>(0))? as u64)
}

/// Calls `each` with the id and body of every delivery in `scope`, oldest first.
pub fn for_each_body<E: From<StoreError>>(
    conn: &Connection,
    scope: &ExportScope,
    mut each: impl FnMut(&str, &[u8]) -> Result<(), E>,
) -> Result<(), E> {
    rows(conn, "d.id, p.body", scope, |row| {
        let id: String = row.get(0).map_err(StoreError::from)?;
        let body: Vec<u8> = row.get(1).map_err(StoreError::from)?;
        each(&id, &body)
    })
}

/// Calls `each` with every delivery in `scope` and its replays (newest first), oldest first.
pub fn for_each<E: From<StoreError>>(
    conn: &Connection,
    scope: &ExportScope,
    mut each: impl FnMut(Delivery, Vec<ReplayRecord>) -> Result<(), E>,
) -> Result<(), E> {
    rows(conn, DELIVERY_COLUMNS, scope, |row| {
        let delivery = delivery(row).map_err(StoreError::from)?;
        let replays = crate::replays::of(conn, &delivery.id)?;
        each(delivery, replays)
    })
}

/// Calls `each` with the `columns` of every delivery in `scope` joined with its payload, oldest first.
fn rows<E: From<StoreError>>(
    conn: &Connection,
    columns: &str,
    scope: &ExportScope,
    mut each: impl FnMut(&Row<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let mut b = Bindings::default();
    let condition = condition(scope, &mut b);
    let sql =
        format!("SELECT {columns} FROM deliveries d JOIN payloads p ON p.seq = d.seq WHERE {condition} ORDER BY d.id");
    let mut stmt = conn.prepare(&sql).map_err(StoreError::from)?;
    let mut rows = stmt.query(params_from_iter(b.into_values())).map_err(StoreError::from)?;
    while let Some(row) = rows.next().map_err(StoreError::from)? {
        each(row)?;
    }
    Ok(())
}
