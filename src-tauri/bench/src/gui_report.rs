//! The desktop window's rows of the table (figure 5).

use hookscope_e2e::figures::{FirstRowsFigure, GuiFigures, LargeStore, Measured, MemoryGrowth};

use crate::gui::Gui;
use crate::report::{mb, row, thousands, Row};

const FIRST_ROWS_TARGET_MS: f64 = 500.0;
const SEARCH_TARGET_MS: f64 = 100.0;
const MEMORY_GROWTH_TARGET_MB: f64 = 100.0;

struct Figures {
    first_rows: String,
    search: String,
    dom_rows: String,
    memory: String,
}

impl Figures {
    fn new(n: &str) -> Figures {
        Figures {
            first_rows: format!("Desktop: first rows at {n} stored (after the window opens)"),
            search: format!("Desktop: search at {n} (answer listed)"),
            dom_rows: format!("Desktop: DOM rows while scrolling at {n}"),
            memory: format!("Desktop memory growth, empty → {n} deliveries, timeline scrolled"),
        }
    }
}

pub fn rows(gui: &Gui, deliveries: u64) -> Vec<Row> {
    let f = Figures::new(&thousands(deliveries as f64));
    let all_unmeasured = |why: &str| {
        vec![
            row(&f.first_rows, why.to_owned(), "—", "≤ 500 ms", None),
            row(&f.search, why.to_owned(), "—", "≤ 100 ms", None),
            row(&f.dom_rows, why.to_owned(), "—", "bounded", None),
            row(&f.memory, why.to_owned(), "—", "≤ 100 MB", None),
        ]
    };
    match gui {
        Gui::NotMeasured { not_measured } => all_unmeasured(&format!("not measured: {not_measured}")),
        Gui::Failed { error } => all_unmeasured(&format!("failed: {error}")),
        Gui::Skipped { .. } => Vec::new(),
        Gui::Measured(figures) => measured_rows(&f, figures),
    }
}

fn measured_rows(f: &Figures, g: &GuiFigures) -> Vec<Row> {
    let mut rows = Vec::new();
    let baseline = match &g.first_rows_baseline {
        Measured::Done(b) => format!("{} with {} stored", first_rows_ms(b), thousands(b.stored as f64)),
        Measured::Failed { error } => format!("failed: {error}"),
    };
    match &g.large {
        Measured::Done(large) => rows.extend(large_rows(f, large, baseline)),
        Measured::Failed { error } => {
            rows.push(row(&f.first_rows, format!("failed: {error}"), baseline, "≤ 500 ms", None));
            rows.push(row(&f.search, "failed (see above)".into(), "—", "≤ 100 ms", None));
            rows.push(row(&f.dom_rows, "failed (see above)".into(), "—", "bounded", None));
        }
    }
    rows.push(match &g.memory {
        Measured::Done(m) => memory_row(f, m),
        Measured::Failed { error } => row(&f.memory, format!("failed: {error}"), "—", "≤ 100 MB", None),
    });
    rows
}

fn large_rows(f: &Figures, large: &LargeStore, baseline: String) -> Vec<Row> {
    let first = &large.first_rows;
    let first_rows = row(
        &f.first_rows,
        format!("{} ({:.0} ms after launch)", first_rows_ms(first), first.after_launch_ms),
        baseline,
        "≤ 500 ms",
        Some(first.after_page_load_ms <= FIRST_ROWS_TARGET_MS),
    );
    let search = match large.search_ms {
        Some(ms) => {
            let indexed = match large.index_wait_s {
                Some(s) => format!("index complete {s:.0} s after the window opened"),
                None => "index still incomplete after 10 min".to_owned(),
            };
            row(&f.search, format!("{ms:.0} ms ({indexed})"), "—", "≤ 100 ms", Some(ms <= SEARCH_TARGET_MS))
        }
        None => row(&f.search, "not measurable yet: no search box in the window".into(), "—", "≤ 100 ms", None),
    };
    let s = &large.scrolled;
    let dom_rows = row(
        &f.dom_rows,
        format!("at most {} through {} screens ({} loaded)", s.max_dom_rows, s.screens, thousands(s.loaded as f64)),
        "—",
        &format!("≤ {} (3 screens)", s.bound),
        Some(s.max_dom_rows <= s.bound),
    );
    vec![first_rows, search, dom_rows]
}

fn first_rows_ms(figure: &FirstRowsFigure) -> String {
    let bound = if figure.upper_bound { "≤ " } else { "" };
    format!("{bound}{:.0} ms", figure.after_page_load_ms)
}

fn memory_row(f: &Figures, m: &MemoryGrowth) -> Row {
    let growth_mb = m.growth_kb() as f64 * 1024.0 / 1_000_000.0;
    row(
        &f.memory,
        format!(
            "{:+.1} MB ({} → {}, {} processes; {} rows held)",
            growth_mb,
            mb(m.start_kb),
            mb(m.end_kb),
            m.end.len(),
            thousands(m.loaded as f64)
        ),
        format!("{} (empty window)", mb(m.start_kb)),
        "≤ 100 MB",
        Some(growth_mb <= MEMORY_GROWTH_TARGET_MB),
    )
}

#[cfg(test)]
mod tests {
    use hookscope_e2e::figures::ScrolledFigure;
    use hookscope_e2e::procs::Process;

    use super::*;

    fn first_rows(stored: u64, ms: f64) -> FirstRowsFigure {
        FirstRowsFigure { stored, after_page_load_ms: ms, upper_bound: false, after_launch_ms: ms + 1500.0 }
    }

    fn figures(search_ms: Option<f64>, max_dom_rows: u32, end_kb: u64) -> GuiFigures {
        let process = |rss_kb| Process { pid: 1, name: "hookscope-app".into(), rss_kb };
        GuiFigures {
            deliveries: 100_000,
            first_rows_baseline: Measured::Done(first_rows(1, 300.0)),
            large: Measured::Done(LargeStore {
                fill_s: 20.0,
                first_rows: first_rows(100_000, 420.0),
                scrolled: ScrolledFigure {
                    screens: 10,
                    max_dom_rows,
                    bound: 60,
                    loaded: 300,
                    dom_rows_per_screen: vec![max_dom_rows],
                },
                search_ms,
                index_wait_s: Some(12.0),
            }),
            memory: Measured::Done(MemoryGrowth {
                posted_ok: 100_000,
                loaded: 1_000,
                start_kb: 500_000,
                end_kb,
                start: vec![process(500_000)],
                end: vec![process(end_kb)],
            }),
        }
    }

    #[test]
    fn measured_figures_are_held_to_their_targets() {
        let table = rows(&Gui::Measured(Box::new(figures(Some(40.0), 44, 550_000))), 100_000);
        let met: Vec<Option<bool>> = table.iter().map(|r| r.met).collect();
        assert_eq!(met, [Some(true), Some(true), Some(true), Some(true)]);
        assert_eq!(table[0].measured, "420 ms (1920 ms after launch)");
        assert_eq!(table[0].baseline, "300 ms with 1 stored");
        assert_eq!(table[1].measured, "40 ms (index complete 12 s after the window opened)");
        assert_eq!(table[3].measured, "+51.2 MB (512.0 MB → 563.2 MB, 1 processes; 1,000 rows held)");

        let table = rows(&Gui::Measured(Box::new(figures(None, 61, 700_000))), 100_000);
        assert_eq!(table[1].measured, "not measurable yet: no search box in the window");
        assert_eq!(table[1].met, None);
        assert_eq!(table[2].met, Some(false), "61 DOM rows exceed the bound of 60");
        assert_eq!(table[3].met, Some(false), "204.8 MB of growth");
    }

    #[test]
    fn without_the_display_tools_every_row_says_why() {
        let gui = Gui::NotMeasured { not_measured: "needs xvfb-run".into() };
        let table = rows(&gui, 100_000);
        assert_eq!(table.len(), 4);
        assert!(table.iter().all(|r| r.measured == "not measured: needs xvfb-run" && r.met.is_none()));
    }
}
