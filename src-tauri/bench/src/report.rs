//! The one table: figure | measured | baseline | target | met?, as markdown and as JSON rows.

use serde::Serialize;

use crate::ack::Ack;
use crate::gui::Gui;
use crate::ingest::Ingest;
use crate::latency::{ms_text, LatencySummary};
use crate::memory::Memory;
use crate::replay::ReplayFigures;
use crate::store_scale::StoreScale;

const INGEST_TARGET_PER_S: f64 = 30_000.0;
const INGEST_TARGET_SHARE: f64 = 0.60;
const ACK_P99_TARGET_MS: f64 = 2.0;
const PAGE_TARGET_MS: f64 = 20.0;
const SEARCH_TARGET_MS: f64 = 100.0;
const CLI_RSS_TARGET_MB: f64 = 150.0;
const REPLAY_OVERHEAD_TARGET_MS: f64 = 5.0;

/// A phase's data, or why it could not be measured.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Phase<T> {
    Measured(T),
    Failed {
        error: String,
    },
    /// Left out with `--only`: no rows.
    Skipped {
        skipped: bool,
    },
}

impl<T> Phase<T> {
    pub fn from_result(result: anyhow::Result<T>) -> Phase<T> {
        match result {
            Ok(data) => Phase::Measured(data),
            Err(error) => Phase::Failed { error: format!("{error:#}") },
        }
    }

    /// Runs `measure` unless `--only` leaves this phase out.
    pub fn run_if(runs: bool, measure: impl FnOnce() -> anyhow::Result<T>) -> Phase<T> {
        if runs {
            Phase::from_result(measure())
        } else {
            Phase::Skipped { skipped: true }
        }
    }
}

pub struct Results {
    pub deliveries: u64,
    pub ingest: Phase<Ingest>,
    pub ack: Phase<Ack>,
    pub store: Phase<StoreScale>,
    pub memory: Phase<Memory>,
    pub replay: Phase<ReplayFigures>,
    pub gui: Gui,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub figure: String,
    pub measured: String,
    pub baseline: String,
    pub target: String,
    /// `None` where there is no target or nothing was measured.
    pub met: Option<bool>,
}

pub fn row(
    figure: impl Into<String>,
    measured: String,
    baseline: impl Into<String>,
    target: &str,
    met: Option<bool>,
) -> Row {
    Row { figure: figure.into(), measured, baseline: baseline.into(), target: target.to_owned(), met }
}

fn failed(figure: &str, error: &str, target: &str) -> Row {
    row(figure, format!("failed: {error}"), "—", target, None)
}

pub fn rows(r: &Results) -> Vec<Row> {
    let n = thousands(r.deliveries as f64);
    let mut rows = Vec::new();
    let ingest = "Ingest, 2 KiB signed, 64 conns (deliveries/s)";
    match &r.ingest {
        Phase::Measured(i) => match i.median() {
            Some(m) => {
                rows.push(row(
                    ingest,
                    format!("{}/s (median of {} rounds)", thousands(m.hookscope.per_second), i.rounds.len()),
                    format!("{}/s (bare axum, same round)", thousands(m.bare.per_second)),
                    "≥ 30,000/s",
                    Some(m.hookscope.per_second >= INGEST_TARGET_PER_S),
                ));
                let range = i.share_range().map_or_else(String::new, |(low, high)| {
                    format!(" ({:.0}–{:.0}% over the rounds)", low * 100.0, high * 100.0)
                });
                rows.push(row(
                    "Ingest as a share of bare",
                    format!("{:.0}%{range}", m.ratio() * 100.0),
                    "100%",
                    "≥ 60%",
                    Some(m.ratio() >= INGEST_TARGET_SHARE),
                ));
                rows.push(row(
                    "Ingest latency p50 / p99 / max",
                    m.hookscope.latency.cell(),
                    m.bare.latency.cell(),
                    "—",
                    None,
                ));
            }
            None => rows.push(failed(ingest, "no round ran", "≥ 30,000/s, ≥ 60% of bare")),
        },
        Phase::Failed { error } => rows.push(failed(ingest, error, "≥ 30,000/s, ≥ 60% of bare")),
        Phase::Skipped { .. } => {}
    }
    let ack = "Ack latency p99 at 1,000/s (open loop)";
    match &r.ack {
        Phase::Measured(a) => match a.median() {
            Some(m) => {
                let range = a
                    .p99_range()
                    .map_or_else(String::new, |(low, high)| format!("; {}–{} over the rounds", ms_text(low), ms(high)));
                rows.push(row(
                    format!("Ack latency p99 at {}/s (open loop)", thousands(a.rate)),
                    format!("{} (median of {} rounds{range})", ms(m.hookscope.latency.p99_ms), a.rounds.len()),
                    format!("{} (bare axum, same round)", ms(m.bare.latency.p99_ms)),
                    "≤ 2 ms",
                    Some(m.hookscope.latency.samples > 0 && m.hookscope.latency.p99_ms <= ACK_P99_TARGET_MS),
                ));
                rows.push(row(
                    format!("Ack latency p50 / max at {}/s", thousands(a.rate)),
                    paced_cell(&m.hookscope.latency, m.hookscope.per_second, m.hookscope.late_sends),
                    paced_cell(&m.bare.latency, m.bare.per_second, m.bare.late_sends),
                    "—",
                    None,
                ));
            }
            None => rows.push(failed(ack, "no round ran", "≤ 2 ms")),
        },
        Phase::Failed { error } => rows.push(failed(ack, error, "≤ 2 ms")),
        Phase::Skipped { .. } => {}
    }
    rows.push(errors_row(r));
    let page = format!("Timeline page, newest 100, at {n} (median)");
    match &r.store {
        Phase::Measured(s) => {
            // Labelled with what the store really held, should some deliveries have been refused.
            let n = thousands(s.stored as f64);
            let page = format!("Timeline page, newest 100, at {n} (median)");
            rows.push(page_row(page, &s.page_newest, &s.page_newest_plain, "plain SELECT"));
            rows.push(page_row(
                format!("Timeline page, keyset from the middle, at {n} (median)"),
                &s.page_deep,
                &s.page_deep_plain,
                "plain SELECT",
            ));
            rows.push(row(
                format!("Events (groups) page, newest 100, at {n} (median)"),
                ms(s.groups.p50_ms),
                format!("{} (plain GROUP BY)", ms(s.groups_plain.p50_ms)),
                "—",
                None,
            ));
            rows.push(search_row(
                format!("Search at {n}: one verification id, 1 match (median)"),
                &s.search_rare,
                format!("{} (scanning every body)", ms(s.search_rare_plain.p50_ms)),
            ));
            rows.push(search_row(
                format!("Search at {n}: a word in every delivery, first 100 (median)"),
                &s.search_common,
                format!("{} (plain SELECT, newest 100)", ms(s.page_newest_plain.p50_ms)),
            ));
            rows.push(row(
                format!("Search index caught up after filling {n}"),
                format!("{:.1} s", s.index_lag_s),
                "—",
                "— (figure only)",
                None,
            ));
            rows.push(row(
                format!("Search index size at {n}"),
                format!("{:.1} MB", s.index_bytes as f64 / 1e6),
                format!("{:.1} MB of bodies", s.body_bytes as f64 / 1e6),
                "— (figure only)",
                None,
            ));
            rows.push(row(
                format!("Re-verification of {n} after a secret change"),
                format!("{:.2} s ({}/s)", s.reverify_s, thousands(s.reverify_per_second)),
                "—",
                "— (figure only)",
                None,
            ));
        }
        Phase::Failed { error } => {
            rows.push(failed(&page, error, "≤ 20 ms"));
            rows.push(failed(&format!("Search at {n}"), error, "≤ 100 ms"));
        }
        Phase::Skipped { .. } => {}
    }
    let rss = format!("CLI peak RSS after {n} deliveries");
    match &r.memory {
        Phase::Measured(m) => rows.push(row(
            rss,
            mb(m.peak_rss_kb),
            format!("{} (just started)", mb(m.rss_after_start_kb)),
            "≤ 150 MB",
            Some(kb_to_mb(m.peak_rss_kb) <= CLI_RSS_TARGET_MB),
        )),
        Phase::Failed { error } => rows.push(failed(&rss, error, "≤ 150 MB")),
        Phase::Skipped { .. } => {}
    }
    rows.extend(crate::gui_report::rows(&r.gui, r.deliveries));
    let replay = "Replay overhead, re-signed, over the target's own time (median)";
    match &r.replay {
        Phase::Measured(f) => rows.push(row(
            replay,
            format!("{} (replay {} p50, {} p99)", ms(f.overhead_ms()), ms(f.replay.p50_ms), ms(f.replay.p99_ms)),
            format!("{} p50, {} p99 (direct POST)", ms(f.direct.p50_ms), ms(f.direct.p99_ms)),
            "≤ 5 ms",
            Some(f.overhead_ms() <= REPLAY_OVERHEAD_TARGET_MS),
        )),
        Phase::Failed { error } => rows.push(failed(replay, error, "≤ 5 ms")),
        Phase::Skipped { .. } => {}
    }
    rows
}

/// Every answer should be a 200: one row gathers the exceptions of all load runs.
fn errors_row(r: &Results) -> Row {
    let mut hookscope = (0u64, 0u64);
    let mut bare = (0u64, 0u64);
    let add = |into: &mut (u64, u64), l: &crate::load::LoadReport| {
        into.0 += l.errors();
        into.1 += l.ok + l.errors();
    };
    if let Phase::Measured(i) = &r.ingest {
        for round in &i.rounds {
            add(&mut hookscope, &round.hookscope);
            add(&mut bare, &round.bare);
        }
    }
    if let Phase::Measured(a) = &r.ack {
        for round in &a.rounds {
            add(&mut hookscope, &round.hookscope);
            add(&mut bare, &round.bare);
        }
    }
    if let Phase::Measured(s) = &r.store {
        add(&mut hookscope, &s.fill);
    }
    if let Phase::Measured(m) = &r.memory {
        add(&mut hookscope, &m.load);
    }
    let cell = |(errors, total): (u64, u64)| format!("{errors} of {}", thousands(total as f64));
    row(
        "Answers not 200 or missing (all load runs)",
        cell(hookscope),
        cell(bare),
        "0",
        (hookscope.1 > 0).then_some(hookscope.0 == 0),
    )
}

fn search_row(figure: String, measured: &LatencySummary, baseline: String) -> Row {
    row(
        figure,
        format!("{} (max {})", ms(measured.p50_ms), ms(measured.max_ms)),
        baseline,
        "≤ 100 ms",
        Some(measured.p50_ms <= SEARCH_TARGET_MS),
    )
}

fn page_row(figure: String, measured: &LatencySummary, plain: &LatencySummary, baseline: &str) -> Row {
    row(
        figure,
        format!("{} (max {})", ms(measured.p50_ms), ms(measured.max_ms)),
        format!("{} ({baseline})", ms(plain.p50_ms)),
        "≤ 20 ms",
        Some(measured.p50_ms <= PAGE_TARGET_MS),
    )
}

fn paced_cell(latency: &LatencySummary, achieved: f64, late: u64) -> String {
    let mut cell =
        format!("{} / {} ms, {}/s sent", ms_text(latency.p50_ms), ms_text(latency.max_ms), thousands(achieved));
    if late > 0 {
        cell.push_str(&format!(", {late} sent late"));
    }
    cell
}

fn ms(value: f64) -> String {
    format!("{} ms", ms_text(value))
}

fn kb_to_mb(kb: u64) -> f64 {
    kb as f64 * 1024.0 / 1_000_000.0
}

pub fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb_to_mb(kb))
}

/// A whole number with thousands separators: 31234.6 → "31,235".
pub fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn markdown(rows: &[Row]) -> String {
    let mut table = String::from("| figure | measured | baseline | target | met? |\n|---|---|---|---|---|\n");
    for r in rows {
        let met = match r.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "—",
        };
        let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
        table.push_str(&format!(
            "| {} | {} | {} | {} | {met} |\n",
            cell(&r.figure),
            cell(&r.measured),
            cell(&r.baseline),
            cell(&r.target)
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(999.4), "999");
        assert_eq!(thousands(1000.0), "1,000");
        assert_eq!(thousands(31234.6), "31,235");
        assert_eq!(thousands(1_234_567.0), "1,234,567");
    }
}
