//! Observations made inside the page, where they are exact: a script polls on
//! every animation frame, so a WebDriver round trip never sits inside a figure.

use serde::Deserialize;

use crate::App;

/// When the timeline first showed a row with text.
#[derive(Debug, Deserialize)]
pub struct FirstRows {
    /// `performance.now()` at that frame: milliseconds since the page began loading.
    pub at_ms: f64,
    /// The row was already there at the first look, so `at_ms` is an upper bound.
    pub present_at_first_look: bool,
}

/// Waits (up to 30 s) for the first timeline row with text.
pub async fn first_rows(app: &App) -> FirstRows {
    let script = r#"
        const done = arguments[arguments.length - 1];
        let first = true;
        const look = () => {
            const row = document.querySelector("[data-testid=timeline-row]");
            if (row && row.textContent.trim() !== "") {
                done({ at_ms: performance.now(), present_at_first_look: first });
                return;
            }
            first = false;
            if (performance.now() > 30000) { done(null); return; }
            requestAnimationFrame(look);
        };
        look();
    "#;
    let value = app.client.execute_async(script, Vec::new()).await.expect("the first-rows script runs");
    serde_json::from_value(value).expect("the timeline showed no row within 30 s of loading")
}

/// What scrolling the timeline through several screens left in the DOM.
#[derive(Debug, Deserialize)]
pub struct Scrolled {
    /// Row elements in the DOM after each screen (the first entry: before scrolling).
    pub dom_rows: Vec<u32>,
    /// Rows loaded into the list by the end (spacer height / row height).
    pub loaded: u32,
    /// The deepest row index rendered at the end.
    pub deepest_index: u32,
    pub viewport_px: f64,
    pub row_px: f64,
}

impl Scrolled {
    pub fn max_dom_rows(&self) -> u32 {
        self.dom_rows.iter().copied().max().unwrap_or(0)
    }

    /// The most rows a virtualized list has reason to render: three viewports' worth.
    pub fn bound(&self) -> u32 {
        (3.0 * (self.viewport_px / self.row_px.max(1.0)).ceil()) as u32
    }
}

/// Scrolls the timeline down `screens` viewports, one at a time, waiting (up to
/// 10 s each) for older pages to load so each screen is full; counts the row
/// elements in the DOM after every step.
pub async fn scroll_timeline(app: &App, screens: u32) -> Scrolled {
    let script = r#"
        const [screens, done] = arguments;
        const viewport = document.querySelector("[data-testid=timeline]");
        const spacer = viewport.firstElementChild;
        const rows = () => viewport.querySelectorAll("[data-testid=timeline-row]");
        const rowPx = rows()[0].getBoundingClientRect().height;
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const loaded = () => Math.round(spacer.getBoundingClientRect().height / rowPx);
        (async () => {
            const counts = [rows().length];
            for (let i = 1; i <= screens; i++) {
                const target = i * viewport.clientHeight;
                const until = performance.now() + 10000;
                const short = () => spacer.getBoundingClientRect().height < target + viewport.clientHeight;
                while (short() && performance.now() < until) {
                    viewport.scrollTop = viewport.scrollHeight;
                    await frame();
                }
                viewport.scrollTop = target;
                await frame();
                counts.push(rows().length);
            }
            const indexes = [...rows()].map((r) => Number(r.dataset.index));
            done({
                dom_rows: counts,
                loaded: loaded(),
                deepest_index: Math.max(...indexes),
                viewport_px: viewport.clientHeight,
                row_px: rowPx,
            });
        })();
    "#;
    let value = app.client.execute_async(script, vec![screens.into()]).await.expect("the scrolling script runs");
    serde_json::from_value(value).expect("the scrolling script answers")
}

/// The id of the timeline's first row, if it is rendered.
pub async fn top_row_id(app: &App) -> Option<String> {
    let script = r#"
        const row = document.querySelector('[data-testid=timeline] [data-testid=timeline-row][data-index="0"]');
        return row ? row.dataset.id : null;
    "#;
    let value = app.client.execute(script, Vec::new()).await.expect("the top row script runs");
    value.as_str().map(str::to_owned)
}

/// Types `query` into the timeline's search box, presses Enter, and times, in
/// the page, how long until exactly `expected` rows are listed. `None` when there is no
/// search box (`#timeline-search`) or the answer did not come within 30 s.
pub async fn search_ms(app: &App, query: &str, expected: u32) -> Option<f64> {
    let script = r##"
        const [query, expected, done] = arguments;
        const input = document.querySelector("#timeline-search");
        if (!input) { done(null); return; }
        const count = () => document.querySelectorAll("[data-testid=timeline-row]").length;
        const started = performance.now();
        input.focus();
        input.value = query;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        // Enter searches at once, as a person pressing it would (typing alone waits for a pause).
        input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
        const look = () => {
            if (count() === expected) { done(performance.now() - started); return; }
            if (performance.now() - started > 30000) { done(null); return; }
            requestAnimationFrame(look);
        };
        look();
    "##;
    let value =
        app.client.execute_async(script, vec![query.into(), expected.into()]).await.expect("the search script runs");
    value.as_f64()
}
