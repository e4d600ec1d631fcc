import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import App from "./App.svelte";
import { clearMocks, deliveryJson, emit, emptyAnswers, fakeCore, newestFirst, settle, stored, summary } from "./test/fake-core";
import { resize } from "./test/resize-observer";
import { NO_FILTER } from "./timeline/filter";
import { ROW_HEIGHT } from "./timeline/visible-range";

afterEach(() => {
  cleanup();
  clearMocks();
});

const rowIds = () => screen.queryAllByTestId("timeline-row").map((row) => row.dataset.id);

describe("App", () => {
  it("explains what to do when nothing has arrived yet", async () => {
    fakeCore();
    render(App);
    await settle();

    const empty = screen.getByTestId("timeline-empty");
    expect(empty.textContent).toContain("POST anything to http://127.0.0.1:8790");
    expect(empty.textContent).toContain(
      `curl -X POST http://127.0.0.1:8790/webhooks/test -H 'content-type: application/json' -d '{"hello":"world"}'`,
    );
    expect(screen.getByTestId("local-url").textContent).toBe("http://127.0.0.1:8790");
  });

  it("lists deliveries newest first, with method, path, size and status", async () => {
    const rejected = summary(3, { method: "PUT", size: 0, status: 413, rejection: "too_large" });
    fakeCore({ summaries: [rejected, summary(2, { size: 1536 }), summary(1)] });
    render(App);
    await settle();

    expect(rowIds()).toEqual([summary(3).id, summary(2).id, summary(1).id]);
    const [first, second] = screen.getAllByTestId("timeline-row");
    const cell = (row: HTMLElement | undefined, id: string) => row?.querySelector(`[data-testid=${id}]`)?.textContent;
    expect(cell(first, "row-method")).toBe("PUT");
    expect(cell(first, "row-path")).toBe("/webhooks/3?attempt=1");
    expect(cell(first, "row-status")).toBe("413 rejected: too large");
    expect(cell(second, "row-size")).toBe("1.5 KiB");
    expect(cell(second, "row-status")).toBe("200");
    expect(screen.queryByTestId("timeline-empty")).toBeNull();
  });

  it("shows new deliveries on top without a refresh", async () => {
    fakeCore({ summaries: newestFirst(2) });
    render(App);
    await settle();

    await emit("deliveries-stored", stored([summary(3), summary(4)]));
    await settle();
    expect(rowIds()).toEqual([summary(4).id, summary(3).id, summary(2).id, summary(1).id]);
  });

  it("opens the detail pane on click and moves with the arrow keys", async () => {
    const all = newestFirst(3);
    fakeCore({
      summaries: all,
      deliveries: all.map((s) => deliveryJson(s, { body: `{"n":${s.id.slice(-1)}}` })),
    });
    render(App);
    await settle();
    expect(screen.queryByTestId("detail")).toBeNull();

    await fireEvent.click(screen.getAllByTestId("row-path")[1]!);
    await settle();
    expect(screen.getByTestId("detail-request").textContent).toBe("POST /webhooks/2?attempt=1");
    // The body opens as a tree: its one member, as sent.
    expect(screen.getByTestId("tree-value").textContent).toBe("2");
    const selected = screen.getAllByTestId("timeline-row").filter((r) => r.getAttribute("aria-selected") === "true");
    expect(selected.map((r) => r.dataset.id)).toEqual([summary(2).id]);

    await fireEvent.keyDown(screen.getByTestId("timeline"), { key: "ArrowDown" });
    await settle();
    expect(screen.getByTestId("detail-request").textContent).toBe("POST /webhooks/1?attempt=1");

    await fireEvent.keyDown(screen.getByTestId("timeline"), { key: "ArrowUp" });
    await fireEvent.keyDown(screen.getByTestId("timeline"), { key: "ArrowUp" });
    await settle();
    expect(screen.getByTestId("detail-request").textContent).toBe("POST /webhooks/3?attempt=1");
    // The body opens as a tree: its one member, as sent.
    expect(screen.getByTestId("tree-value").textContent).toBe("3");
  });

  it("renders only the rows in view and fetches older pages while scrolling", async () => {
    const all = newestFirst(300);
    const core = fakeCore({ summaries: all });
    render(App);
    await settle();

    const timeline = screen.getByTestId("timeline");
    resize(timeline, 20 * ROW_HEIGHT);
    await settle();
    const rendered = screen.getAllByTestId("timeline-row").length;
    expect(rendered).toBeGreaterThanOrEqual(20);
    expect(rendered).toBeLessThan(60);
    expect(core.callsTo("list_deliveries")).toEqual([{ before: null, limit: 100, filter: NO_FILTER }]);

    // Scroll to the end of the first page: the next one is asked for with its cursor.
    timeline.scrollTop = 90 * ROW_HEIGHT;
    await fireEvent.scroll(timeline);
    await settle();
    expect(core.callsTo("list_deliveries")).toContainEqual({ before: all[99]!.id, limit: 100, filter: NO_FILTER });
    expect(rowIds()).toContain(all[99]!.id);
    expect(rowIds()).not.toContain(all[0]!.id);
  });

  it("keeps the reader's place when deliveries arrive while scrolled down: they wait behind the pill", async () => {
    fakeCore({ summaries: newestFirst(100) });
    render(App);
    await settle();
    const timeline = screen.getByTestId("timeline");
    resize(timeline, 10 * ROW_HEIGHT);
    timeline.scrollTop = 40 * ROW_HEIGHT;
    await fireEvent.scroll(timeline);

    await emit("deliveries-stored", stored([summary(101), summary(102)]));
    await settle();
    expect(timeline.scrollTop).toBe(40 * ROW_HEIGHT);
    expect(rowIds()).not.toContain(summary(101).id);
    expect(screen.getByTestId("new-pill").textContent).toContain("2 new");
  });

  it("shows a failed listener with its message instead of crashing", async () => {
    const core = fakeCore({ status: { state: "failed", port: 8790, message: "address already in use" } });
    render(App);
    await settle();
    expect(screen.getByTestId("listener-error").textContent).toContain("address already in use");
    expect(screen.queryByTestId("local-url")).toBeNull();

    await fireEvent.input(screen.getByTestId("port-input"), { target: { value: "8791" } });
    await fireEvent.click(screen.getByTestId("port-apply"));
    await settle();
    expect(core.callsTo("start_listener")).toEqual([{ port: 8791 }]);
    expect(screen.getByTestId("local-url").textContent).toBe("http://127.0.0.1:8791");
  });
});

describe("App: verdicts", () => {
  const mixed = () => [
    summary(3, { verification: "mismatch" }),
    summary(2, { verification: "verified", relation: { kind: "retry", of: "D00000001" }, attempt: 2 }),
    summary(1, { verification: "no_secret" }),
  ];

  it("shows a verdict badge and a relation badge on each row", async () => {
    fakeCore({ summaries: mixed() });
    render(App);
    await settle();
    const verdicts = screen.getAllByTestId("row-verdict");
    expect(verdicts.map((v) => v.dataset.verdict)).toEqual(["mismatch", "verified", "no_secret"]);
    expect(verdicts.map((v) => v.textContent?.trim())).toEqual(["✗ mismatch", "✓ verified", "∅ no secret"]);
    expect(screen.getAllByTestId("row-relation").map((r) => r.textContent)).toEqual(["", "attempt 2", ""]);
  });

  it("filters by verdict from the toolbar: reloads from the first page and holds back only the live arrivals that match", async () => {
    const core = fakeCore({ summaries: mixed() });
    render(App);
    await settle();

    const select = screen.getByTestId<HTMLSelectElement>("verdict-filter");
    expect([...select.options].map((o) => o.value)).toEqual(["", "verified", "stale", "mismatch", "malformed", "unsigned", "no_secret"]);
    await fireEvent.change(select, { target: { value: "mismatch" } });
    await settle();
    expect(core.callsTo("list_deliveries").at(-1)).toEqual({ before: null, limit: 100, filter: { ...NO_FILTER, verdicts: ["mismatch"] } });
    expect(rowIds()).toEqual([summary(3).id]);

    // While filtered, matching arrivals wait behind the pill.
    await emit("deliveries-stored", stored([summary(4, { verification: "verified" }), summary(5, { verification: "mismatch" })]));
    await settle();
    expect(rowIds()).toEqual([summary(3).id]);
    await fireEvent.click(screen.getByTestId("new-pill"));
    await settle();
    expect(rowIds()).toEqual([summary(5).id, summary(3).id]);

    await fireEvent.change(select, { target: { value: "stale" } });
    await settle();
    expect(screen.getByTestId("timeline-none-match").textContent).toContain("No deliveries match the search and filters.");

    await fireEvent.change(select, { target: { value: "" } });
    await settle();
    expect(core.callsTo("list_deliveries").at(-1)).toEqual({ before: null, limit: 100, filter: NO_FILTER });
    expect(rowIds()).toEqual([summary(3).id, summary(2).id, summary(1).id]);
  });
});

describe("App: re-verification", () => {
  it("shows progress in the status line, then reloads the list and the open delivery when finished", async () => {
    let verdict: "no_secret" | "verified" = "no_secret";
    const core = fakeCore({
      onListDeliveries: () => ({ items: [summary(1, { verification: verdict })], next_before: null }),
      deliveries: [deliveryJson(summary(1))],
    });
    render(App);
    await settle();
    await fireEvent.click(screen.getAllByTestId("timeline-row")[0]!);
    await settle();
    expect(screen.getByTestId("row-verdict").dataset.verdict).toBe("no_secret");
    expect(core.callsTo("get_delivery")).toHaveLength(1);

    await emit("reverify-progress", { done: 3, total: 10, finished: false });
    await settle();
    expect(screen.getByTestId("reverify-progress").textContent?.trim()).toBe("Re-verifying… 3/10");
    expect(core.callsTo("list_deliveries")).toHaveLength(1);

    verdict = "verified";
    await emit("reverify-progress", { done: 10, total: 10, finished: true });
    await settle();
    expect(core.callsTo("list_deliveries")).toHaveLength(2);
    expect(core.callsTo("list_deliveries").at(-1)).toEqual({ before: null, limit: 100, filter: NO_FILTER });
    expect(screen.getByTestId("row-verdict").dataset.verdict).toBe("verified");
    expect(core.callsTo("get_delivery")).toHaveLength(2);
    expect(screen.getByTestId("reverify-progress").textContent).toContain("Re-verified 10 deliveries");
  });

  it("reloads the events list too when in Events mode", async () => {
    const core = fakeCore();
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId("view-events"));
    await settle();
    await emit("reverify-progress", { done: 1, total: 1, finished: true });
    await settle();
    expect(core.callsTo("list_groups")).toHaveLength(2);
  });
});

describe("App: settings and answers", () => {
  it("opens settings from the toolbar, makes the rest inert, and gives focus back on close", async () => {
    fakeCore();
    render(App);
    await settle();
    const open = screen.getByTestId("open-settings");
    await fireEvent.click(open);
    await settle();
    const panel = screen.getByTestId("settings-panel");
    expect(document.activeElement).toBe(panel);
    // Svelte sets the `inert` property (jsdom has no such attribute reflection).
    expect((open.closest(".app") as HTMLElement & { inert?: boolean }).inert).toBe(true);

    await fireEvent.click(screen.getByTestId("settings-close"));
    await settle();
    expect(screen.queryByTestId("settings-panel")).toBeNull();
    expect((open.closest(".app") as HTMLElement & { inert?: boolean }).inert).toBe(false);
    expect(document.activeElement).toBe(open);
  });

  it("shows the answer banner at the top of the window while answers are not a plain 200", async () => {
    const form = { ...emptyAnswers(), status: 503 };
    fakeCore({ answers: { form, banner: "Answering 503 to every delivery" } });
    render(App);
    await settle();
    expect(screen.getByTestId("answer-banner").textContent).toContain("Answering 503 to every delivery");
    await fireEvent.click(screen.getByTestId("answer-reset"));
    await settle();
    expect(screen.queryByTestId("answer-banner")).toBeNull();
  });
});
