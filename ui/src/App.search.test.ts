import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import App from "./App.svelte";
import { clearMocks, fakeCore, settle, summary } from "./test/fake-core";
import { NO_FILTER } from "./timeline/filter";
import { SEARCH_DEBOUNCE_MS } from "./timeline/filters.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const rowIds = () => screen.queryAllByTestId("timeline-row").map((row) => row.dataset.id);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const sample = () => [
  summary(4, { path: "/webhooks/self", status: 503 }),
  summary(3, { path: "/webhooks/stripe" }),
  summary(2, { path: "/hooks/form", duplicate_of: summary(1).id, attempt: 2 }),
  summary(1, { path: "/webhooks/self" }),
];

describe("App: search and filters", () => {
  it("searches as the user types (after a pause), says which words are too short, and counts the matches", async () => {
    const core = fakeCore({ summaries: sample() });
    render(App);
    await settle();
    const box = screen.getByTestId<HTMLInputElement>("timeline-search");
    expect(box.id).toBe("timeline-search");

    await fireEvent.input(box, { target: { value: "ab" } });
    expect(screen.getByTestId("search-hint").textContent).toContain("ab");
    await fireEvent.input(box, { target: { value: "self" } });
    expect(screen.queryByTestId("search-hint")).toBeNull();
    await wait(SEARCH_DEBOUNCE_MS + 50);
    await settle();
    // One request for the pause, not one per key.
    const searched = core.callsTo("list_deliveries").filter((c) => (c.filter as { search: string }).search !== "");
    expect(searched).toEqual([{ before: null, limit: 100, filter: { ...NO_FILTER, search: "self" } }]);
    expect(rowIds()).toEqual([summary(4).id, summary(1).id]);
    expect(screen.getByTestId("list-count").textContent).toBe("2 matches");
    expect(core.callsTo("set_timeline_filter").at(-1)).toEqual({ filter: { ...NO_FILTER, search: "self" } });
  });

  it("combines the status, duplicates and time controls, and clears them all at once", async () => {
    const core = fakeCore({ summaries: sample() });
    render(App);
    await settle();

    await fireEvent.click(screen.getByTestId("status-5xx"));
    await settle();
    expect(rowIds()).toEqual([summary(4).id]);
    expect(screen.getByTestId("status-5xx").getAttribute("aria-pressed")).toBe("true");

    await fireEvent.click(screen.getByTestId("status-5xx"));
    await fireEvent.click(screen.getByTestId("duplicates-filter"));
    await settle();
    expect(rowIds()).toEqual([summary(2).id]);

    const exact = screen.getByTestId<HTMLInputElement>("status-exact");
    await fireEvent.input(exact, { target: { value: "404" } });
    await fireEvent.submit(exact.form!);
    await settle();
    expect(core.callsTo("list_deliveries").at(-1)!.filter).toEqual({
      ...NO_FILTER,
      duplicates_only: true,
      statuses: [{ from: 404, to: 404 }],
    });
    expect(screen.getByTestId("timeline-none-match").textContent).toContain("No deliveries match");

    await fireEvent.click(screen.getByTestId("none-match-clear"));
    await settle();
    expect(rowIds()).toHaveLength(4);
    expect(screen.queryByTestId("clear-filters")).toBeNull();
    expect(core.callsTo("set_timeline_filter").at(-1)).toEqual({ filter: NO_FILTER });
  });

  it("offers the stored event types and filters on one", async () => {
    const core = fakeCore({ summaries: sample(), eventTypes: ["invoice.paid", "verification.completed"] });
    render(App);
    await settle();
    const select = screen.getByTestId<HTMLSelectElement>("type-filter");
    await fireEvent.focus(select);
    await settle();
    expect([...select.options].map((o) => o.value)).toEqual(["", "invoice.paid", "verification.completed"]);
    await fireEvent.change(select, { target: { value: "invoice.paid" } });
    await settle();
    expect(core.callsTo("list_deliveries").at(-1)!.filter).toEqual({ ...NO_FILTER, event_types: ["invoice.paid"] });
  });

  it("starts with the filter saved last time", async () => {
    const saved = { ...NO_FILTER, search: "stripe", statuses: [{ from: 200, to: 299 }] };
    const core = fakeCore({ summaries: sample(), savedFilter: saved });
    render(App);
    await settle();
    expect(core.callsTo("list_deliveries")).toEqual([{ before: null, limit: 100, filter: saved }]);
    expect(screen.getByTestId<HTMLInputElement>("timeline-search").value).toBe("stripe");
    expect(screen.getByTestId("status-2xx").getAttribute("aria-pressed")).toBe("true");
    expect(rowIds()).toEqual([summary(3).id]);
    expect(screen.getByTestId("clear-filters")).toBeTruthy();
  });
});
