//! [`TimelineFilter`]: which deliveries a timeline, an events page, `hookscope
//! list` or an export shows, and the SQL that selects them.
//!
//! Every part given must match; an empty part matches everything. The SQL names
//! only the parts in use, so SQLite can pick the index that fits (the verdict, the
//! event type) instead of checking every part on every row.

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Store, StoreError};
use crate::search::{SearchQuery, INDEXED_BODY_BYTES};
use crate::verify::VerificationStatus;

/// Which deliveries a timeline shows. Empty lists mean "any"; every field has a
/// default, so a filter saved by an older build still reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TimelineFilter {
    /// Only deliveries with one of these verdicts.
    pub verdicts: Vec<VerificationStatus>,
    /// Words or "quoted phrases" that must all appear in the path, headers or body
    /// (see [`crate::search`]); empty: no search.
    pub search: String,
    /// Only deliveries whose JSON body's `type` is one of these (`verification.completed`).
    pub event_types: Vec<String>,
    /// Only deliveries Hookscope answered with a status in one of these ranges.
    pub statuses: Vec<StatusRange>,
    /// Only retries and duplicate events (deliveries that are not the first of their event).
    pub duplicates_only: bool,
    /// Only deliveries received at or after this instant (epoch ms).
    #[ts(type = "number | null")]
    pub since_ms: Option<i64>,
    /// Only deliveries received before this instant (epoch ms).
    #[ts(type = "number | null")]
    pub until_ms: Option<i64>,
}

/// Answer statuses from `from` to `to`, both included: `2xx` is 200–299, `404` is 404–404.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusRange {
    pub from: u16,
    pub to: u16,
}

impl StatusRange {
    /// `2xx` (a class), `404` (one status) or `500-504` (a range).
    pub fn parse(text: &str) -> Result<StatusRange, String> {
        let text = text.trim();
        let bad =
            || format!("'{text}' is not a status: use a class like 2xx, a status like 404, or a range like 500-504");
        let status = |s: &str| s.parse::<u16>().ok().filter(|n| (100..=599).contains(n));
        if let Some(class) = text.strip_suffix("xx").or_else(|| text.strip_suffix("XX")) {
            let digit = class.parse::<u16>().ok().filter(|d| (1..=5).contains(d)).ok_or_else(bad)?;
            return Ok(StatusRange { from: digit * 100, to: digit * 100 + 99 });
        }
        let (from, to) = text.split_once('-').unwrap_or((text, text));
        match (status(from.trim()), status(to.trim())) {
            (Some(from), Some(to)) if from <= to => Ok(StatusRange { from, to }),
            _ => Err(bad()),
        }
    }
}

/// Parameters for a statement being written, numbered in the order bound.
#[derive(Debug, Default)]
pub(crate) struct Bindings {
    pub(crate) values: Vec<Value>,
}

impl Bindings {
    /// Starts numbering after `taken` parameters the statement already uses.
    pub(crate) fn after(taken: usize) -> Bindings {
        Bindings { values: vec![Value::Null; taken] }
    }

    /// Binds `value`; returns its placeholder (`?N`).
    pub(crate) fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        format!("?{}", self.values.len())
    }

    /// The values, to pass with the first `taken` filled in: `params_from_iter`.
    pub(crate) fn into_values(self) -> Vec<Value> {
        self.values
    }
}

impl TimelineFilter {
    /// The verdicts as a JSON array, matched in SQL with `json_each`.
    fn verdicts_json(&self) -> String {
        let words: Vec<&str> = self.verdicts.iter().map(|v| super::verification_status_code(*v)).collect();
        serde_json::Value::from(words).to_string()
    }

    /// The search part, parsed.
    pub(crate) fn search_query(&self) -> SearchQuery {
        SearchQuery::parse(&self.search)
    }

    /// Conditions on the delivery row `d` alone, AND-ed; `1` when there are none.
    pub(crate) fn row_sql(&self, b: &mut Bindings) -> String {
        let mut parts = Vec::new();
        if !self.verdicts.is_empty() {
            parts.push(format!(
                "d.verification_status IN (SELECT value FROM json_each({}))",
                b.bind(self.verdicts_json())
            ));
        }
        if !self.event_types.is_empty() {
            let types = serde_json::Value::from(self.event_types.clone()).to_string();
            parts.push(format!("d.event_type IN (SELECT value FROM json_each({}))", b.bind(types)));
        }
        if !self.statuses.is_empty() {
            let ranges: Vec<String> = self
                .statuses
                .iter()
                .map(|r| format!("d.status BETWEEN {} AND {}", b.bind(i64::from(r.from)), b.bind(i64::from(r.to))))
                .collect();
            parts.push(format!("({})", ranges.join(" OR ")));
        }
        if self.duplicates_only {
            parts.push("d.duplicate_of IS NOT NULL".to_owned());
        }
        if let Some(since) = self.since_ms {
            parts.push(format!("d.received_at >= {}", b.bind(since)));
        }
        if let Some(until) = self.until_ms {
            parts.push(format!("d.received_at < {}", b.bind(until)));
        }
        and(parts)
    }

    /// A keyset page's condition: rows older than `before` on `key` (a delivery id
    /// column) that match, with its parameters; `?1` is the page size plus one,
    /// to tell whether more rows follow.
    pub(crate) fn page_sql(&self, key: &str, before: Option<&str>, limit: u32) -> (String, Vec<Value>) {
        let mut b = Bindings::after(1);
        let cursor = before.map(|id| format!("{key} < {}", b.bind(id.to_owned())));
        let condition = self.condition(&mut b);
        let mut values = b.into_values();
        values[0] = Value::Integer(i64::from(limit) + 1);
        (and(cursor.into_iter().chain([condition]).collect()), values)
    }

    /// The whole filter as one condition on `d`, usable in any query over
    /// `deliveries d`: the row conditions and, when searching, that `d` is a
    /// candidate of the index (or not indexed yet) and every term is in its text.
    pub(crate) fn condition(&self, b: &mut Bindings) -> String {
        let rows = self.row_sql(b);
        let query = self.search_query();
        if query.is_empty() {
            return rows;
        }
        let candidates = format!(
            "d.seq IN (SELECT rowid FROM search_index WHERE search_index MATCH {} UNION ALL SELECT seq FROM search_pending)",
            b.bind(query.index_expression())
        );
        let text = format!("EXISTS (SELECT 1 FROM payloads p WHERE p.seq = d.seq AND {})", text_sql(&query, b));
        and(vec![rows, candidates, text])
    }
}

/// That every term of `query` appears in `d.path`, `p.headers` or the searched
/// part of `p.body`, ignoring ASCII case (SQLite's `lower` folds ASCII only, as
/// the terms are folded). Confirms what the index only suggests.
pub(crate) fn text_sql(query: &SearchQuery, b: &mut Bindings) -> String {
    let terms = query.terms().iter().map(|term| {
        let t = b.bind(term.clone());
        format!(
            "(instr(lower(d.path), {t}) > 0 OR instr(lower(CAST(p.headers AS TEXT)), {t}) > 0 \
             OR instr(lower(CAST(substr(p.body, 1, {INDEXED_BODY_BYTES}) AS TEXT)), {t}) > 0)"
        )
    });
    and(terms.collect())
}

fn and(parts: Vec<String>) -> String {
    let parts: Vec<String> = parts.into_iter().filter(|p| p != "1").collect();
    if parts.is_empty() {
        "1".to_owned()
    } else {
        parts.join(" AND ")
    }
}

/// The settings key of the timeline's filter.
const SAVED_FILTER: &str = "timeline.filter";

impl Store {
    /// The filter the timeline showed last (kept across restarts); the default
    /// when none was saved or it cannot be read.
    pub async fn saved_filter(&self) -> Result<TimelineFilter, StoreError> {
        let Some(text) = self.setting(SAVED_FILTER).await? else { return Ok(TimelineFilter::default()) };
        Ok(serde_json::from_str(&text).unwrap_or_else(|error| {
            tracing::warn!(%error, "the saved timeline filter cannot be read; showing everything");
            TimelineFilter::default()
        }))
    }

    pub async fn save_filter(&self, filter: &TimelineFilter) -> Result<(), StoreError> {
        let text = serde_json::to_string(filter).map_err(StoreError::Encode)?;
        self.set_setting(SAVED_FILTER, &text).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_as_classes_codes_and_ranges() {
        assert_eq!(StatusRange::parse("2xx"), Ok(StatusRange { from: 200, to: 299 }));
        assert_eq!(StatusRange::parse(" 5XX "), Ok(StatusRange { from: 500, to: 599 }));
        assert_eq!(StatusRange::parse("404"), Ok(StatusRange { from: 404, to: 404 }));
        assert_eq!(StatusRange::parse("500-504"), Ok(StatusRange { from: 500, to: 504 }));
        for bad in ["6xx", "0xx", "99", "abc", "504-500", "", "2x"] {
            assert!(StatusRange::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_old_saved_filter_still_reads() {
        let old: TimelineFilter = serde_json::from_str(r#"{"verdicts":["mismatch"]}"#).unwrap();
        assert_eq!(old, TimelineFilter { verdicts: vec![VerificationStatus::Mismatch], ..Default::default() });
    }

    #[test]
    fn only_the_parts_in_use_become_sql() {
        let mut b = Bindings::after(2);
        assert_eq!(TimelineFilter::default().condition(&mut b), "1");
        let filter = TimelineFilter {
            statuses: vec![StatusRange { from: 400, to: 499 }],
            duplicates_only: true,
            since_ms: Some(5),
            ..Default::default()
        };
        let sql = filter.condition(&mut b);
        assert_eq!(sql, "(d.status BETWEEN ?3 AND ?4) AND d.duplicate_of IS NOT NULL AND d.received_at >= ?5");
        assert_eq!(b.into_values()[2..], [Value::Integer(400), Value::Integer(499), Value::Integer(5)]);
    }
}
