import { afterEach, describe, expect, it } from "vitest";

import type { TimelineFilter } from "../lib/ipc";
import { clearMocks, fakeCore, settle } from "../test/fake-core";
import { NO_FILTER } from "./filter";
import { FilterStore } from "./filters.svelte";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("FilterStore", () => {
  let store: FilterStore | null = null;
  afterEach(() => {
    store?.dispose();
    store = null;
    clearMocks();
  });

  it("restores the saved filter, and shows everything when none was saved", async () => {
    const saved: TimelineFilter = { ...NO_FILTER, search: "ver_1", statuses: [{ from: 500, to: 599 }] };
    fakeCore({ savedFilter: saved });
    store = new FilterStore(() => {});
    expect(await store.restore()).toEqual(saved);
    expect(store.searchText).toBe("ver_1");

    clearMocks();
    fakeCore();
    const fresh = new FilterStore(() => {});
    expect(await fresh.restore()).toEqual(NO_FILTER);
  });

  it("applies and saves each change; what it saved comes back after a restart", async () => {
    const core = fakeCore();
    const applied: TimelineFilter[] = [];
    store = new FilterStore((filter) => applied.push(filter));
    await store.restore();
    store.update({ verdicts: ["mismatch"] });
    store.update({ duplicates_only: true });
    store.update({ duplicates_only: true });
    await settle();
    const expected = { ...NO_FILTER, verdicts: ["mismatch"], duplicates_only: true };
    expect(applied).toEqual([{ ...NO_FILTER, verdicts: ["mismatch"] }, expected]);
    expect(core.callsTo("set_timeline_filter").at(-1)).toEqual({ filter: expected });

    // The next start reads what this one saved.
    const next = new FilterStore(() => {});
    expect(await next.restore()).toEqual(expected);
  });

  it("applies the search after a pause in typing, once", async () => {
    fakeCore();
    const applied: TimelineFilter[] = [];
    store = new FilterStore((filter) => applied.push(filter), 20);
    store.typed("v");
    store.typed("ve");
    store.typed("ver_1");
    expect(applied).toEqual([]);
    await wait(40);
    expect(applied).toEqual([{ ...NO_FILTER, search: "ver_1" }]);
  });

  it("takes a search still being typed along with another change, and clears everything", async () => {
    fakeCore();
    const applied: TimelineFilter[] = [];
    store = new FilterStore((filter) => applied.push(filter), 1000);
    store.typed("needle");
    store.update({ event_types: ["invoice.paid"] });
    expect(applied).toEqual([{ ...NO_FILTER, search: "needle", event_types: ["invoice.paid"] }]);
    store.clear();
    expect(store.searchText).toBe("");
    expect(applied.at(-1)).toEqual(NO_FILTER);
  });

  it("says when the filter could not be saved, and still applies it", async () => {
    fakeCore();
    clearMocks();
    const applied: TimelineFilter[] = [];
    store = new FilterStore((filter) => applied.push(filter));
    store.update({ duplicates_only: true });
    await settle();
    expect(applied).toHaveLength(1);
    expect(store.error).not.toBeNull();
  });
});
