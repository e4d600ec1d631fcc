import { afterEach, describe, expect, it } from "vitest";

import type { DeliverySummary, Page } from "../lib/ipc";
import { clearMocks, emit, fakeCore, newestFirst, settle, stored, summary } from "../test/fake-core";
import { NO_FILTER } from "./filter";
import { MAX_HELD, MAX_LIVE_ROWS, PAGE_SIZE, TimelineStore } from "./timeline.svelte";

const ids = (rows: DeliverySummary[]) => rows.map((r) => r.id);

describe("TimelineStore", () => {
  let store: TimelineStore | null = null;
  afterEach(() => {
    store?.dispose();
    store = null;
    clearMocks();
  });

  it("loads the first page (limit 100, no cursor) newest first", async () => {
    const all = newestFirst(250);
    const core = fakeCore({ summaries: all });
    store = new TimelineStore();
    await store.init();

    expect(core.callsTo("list_deliveries")).toEqual([{ before: null, limit: PAGE_SIZE, filter: NO_FILTER }]);
    expect(PAGE_SIZE).toBe(100);
    expect(store.ready).toBe(true);
    expect(store.rows).toHaveLength(100);
    expect(ids(store.rows)).toEqual(ids(all.slice(0, 100)));
    expect(store.exhausted).toBe(false);
  });

  it("fetches older pages with the previous page's next_before until none remain", async () => {
    const all = newestFirst(250);
    const core = fakeCore({ summaries: all });
    store = new TimelineStore();
    await store.init();
    await store.loadMore();
    await store.loadMore();

    const requests = core.callsTo("list_deliveries");
    expect(requests).toEqual([
      { before: null, limit: 100, filter: NO_FILTER },
      { before: all[99]!.id, limit: 100, filter: NO_FILTER },
      { before: all[199]!.id, limit: 100, filter: NO_FILTER },
    ]);
    expect(ids(store.rows)).toEqual(ids(all));
    expect(store.exhausted).toBe(true);

    await store.loadMore();
    expect(core.callsTo("list_deliveries")).toHaveLength(3);
  });

  it("does not send a second page request while one is in flight", async () => {
    let release: (page: Page) => void = () => {};
    const all = newestFirst(150);
    let calls = 0;
    fakeCore({
      onListDeliveries: (before) => {
        calls++;
        if (before === null) return { items: all.slice(0, 100), next_before: all[99]!.id };
        return new Promise<Page>((resolve) => (release = resolve)) as unknown as Page;
      },
    });
    store = new TimelineStore();
    await store.init();
    const first = store.loadMore();
    const second = store.loadMore();
    release({ items: all.slice(100), next_before: null });
    await Promise.all([first, second]);
    expect(calls).toBe(2);
    expect(store.rows).toHaveLength(150);
  });

  it("prepends a deliveries-stored batch so the newest is on top", async () => {
    fakeCore({ summaries: newestFirst(3) });
    store = new TimelineStore();
    await store.init();

    // Batches come oldest first.
    await emit("deliveries-stored", stored([summary(4), summary(5)]));
    await settle();

    expect(ids(store.rows)).toEqual([summary(5).id, summary(4).id, summary(3).id, summary(2).id, summary(1).id]);
    expect(store.insertedOnTop).toBe(2);
  });

  it("lists a delivery once when the event and the first page both carry it", async () => {
    let release: (page: Page) => void = () => {};
    fakeCore({ onListDeliveries: () => new Promise<Page>((resolve) => (release = resolve)) as unknown as Page });
    store = new TimelineStore();
    const init = store.init();
    await settle();

    // Stored while the first page was being read: the event and the page both include 3.
    await emit("deliveries-stored", stored([summary(3), summary(4)]));
    await settle();
    expect(store.rows).toHaveLength(0);

    release({ items: newestFirst(3), next_before: null });
    await init;

    expect(ids(store.rows)).toEqual([summary(4).id, summary(3).id, summary(2).id, summary(1).id]);
  });

  it("reloads from the first page on timeline-reset, dropping a stale older page", async () => {
    let all = newestFirst(150);
    let releaseOlder: (page: Page) => void = () => {};
    const core = fakeCore({
      onListDeliveries: (before, limit) => {
        if (before === null) return { items: all.slice(0, limit), next_before: all.length > limit ? all[limit - 1]!.id : null };
        return new Promise<Page>((resolve) => (releaseOlder = resolve)) as unknown as Page;
      },
    });
    store = new TimelineStore();
    await store.init();
    const older = store.loadMore();
    await settle();

    // The core dropped events: it now holds 150 newer deliveries the window never heard of.
    all = newestFirst(300);
    await emit("timeline-reset", null);
    await settle();
    releaseOlder({ items: newestFirst(50), next_before: null });
    await older;

    expect(core.callsTo("list_deliveries").filter((c) => c.before === null)).toHaveLength(2);
    expect(ids(store.rows)).toEqual(ids(all.slice(0, 100)));
    expect(store.ready).toBe(true);
    expect(store.loading).toBe(false);
    expect(store.exhausted).toBe(false);
  });

  it("reports a failed page load and recovers on retry", async () => {
    let fail = true;
    fakeCore({
      onListDeliveries: () => {
        if (fail) throw { code: "store", message: "database is locked" };
        return { items: newestFirst(2), next_before: null };
      },
    });
    store = new TimelineStore();
    await store.init();
    expect(store.error).toBe("database is locked");
    expect(store.ready).toBe(false);

    fail = false;
    await store.loadMore();
    expect(store.error).toBeNull();
    expect(store.ready).toBe(true);
    expect(store.rows).toHaveLength(2);
  });

  it("moves the selection with the keyboard helpers, clamped to the list", async () => {
    fakeCore({ summaries: newestFirst(3) });
    store = new TimelineStore();
    await store.init();

    store.moveSelection(1);
    expect(store.selectedId).toBe(summary(3).id);
    store.moveSelection(1);
    store.moveSelection(5);
    expect(store.selectedId).toBe(summary(1).id);
    store.moveSelection(-1);
    expect(store.selected?.id).toBe(summary(2).id);
    store.selectIndex(0);
    expect(store.selectedIndex).toBe(0);
  });
});

describe("TimelineStore with a verdict filter", () => {
  let store: TimelineStore | null = null;
  afterEach(() => {
    store?.dispose();
    store = null;
    clearMocks();
  });

  const mixed = () => [
    summary(4, { verification: "mismatch" }),
    summary(3, { verification: "verified" }),
    summary(2, { verification: "mismatch" }),
    summary(1, { verification: null, rejection: "too_large", status: 413 }),
  ];

  it("passes the filter to list_deliveries and starts again from the first page when it changes", async () => {
    const core = fakeCore({ summaries: mixed() });
    store = new TimelineStore();
    await store.init();
    expect(store.rows).toHaveLength(4);

    await store.setFilter({ ...NO_FILTER, verdicts: ["mismatch"] });
    expect(core.callsTo("list_deliveries")).toEqual([
      { before: null, limit: 100, filter: NO_FILTER },
      { before: null, limit: 100, filter: { ...NO_FILTER, verdicts: ["mismatch"] } },
    ]);
    expect(ids(store.rows)).toEqual([summary(4).id, summary(2).id]);
    expect(store.filterChanges).toBe(1);

    await store.setFilter(NO_FILTER);
    expect(ids(store.rows)).toEqual(ids(mixed()));
  });

  it("asks for older pages with the same filter", async () => {
    const all = Array.from({ length: 150 }, (_, i) => summary(150 - i, { verification: "stale" }));
    const core = fakeCore({ summaries: all });
    store = new TimelineStore();
    await store.setFilter({ ...NO_FILTER, verdicts: ["stale"] });
    await store.loadMore();
    expect(core.callsTo("list_deliveries").at(-1)).toEqual({ before: all[99]!.id, limit: 100, filter: { ...NO_FILTER, verdicts: ["stale"] } });
    expect(store.rows).toHaveLength(150);
  });

  it("holds matching arrivals behind the pill, leaving out the others, and shows them on a click", async () => {
    fakeCore({ summaries: mixed() });
    store = new TimelineStore();
    await store.init();
    await store.setFilter({ ...NO_FILTER, verdicts: ["mismatch"] });

    await emit(
      "deliveries-stored",
      stored([
        summary(5, { verification: "verified" }),
        summary(6, { verification: "mismatch" }),
        summary(7, { verification: null }),
      ]),
    );
    await emit("deliveries-stored", stored([summary(8, { verification: "mismatch" })]));
    await settle();
    // The list does not move while filtered: the arrivals wait.
    expect(ids(store.rows)).toEqual([summary(4).id, summary(2).id]);
    expect(store.newCount).toBe(2);

    await store.showNew();
    expect(ids(store.rows)).toEqual([summary(8).id, summary(6).id, summary(4).id, summary(2).id]);
    expect(store.newCount).toBe(0);
    expect(store.topRequests).toBe(1);
  });
});

describe("TimelineStore arrivals and the N new pill", () => {
  let store: TimelineStore | null = null;
  afterEach(() => {
    store?.dispose();
    store = null;
    clearMocks();
  });

  it("shows arrivals live at the top, holds them while scrolled away, and shows them again at the top", async () => {
    fakeCore({ summaries: newestFirst(3) });
    store = new TimelineStore();
    await store.init();
    await emit("deliveries-stored", stored([summary(4)]));
    await settle();
    expect(store.rows[0]!.id).toBe(summary(4).id);
    expect(store.newCount).toBe(0);

    store.setAtTop(false);
    await emit("deliveries-stored", stored([summary(5), summary(6)]));
    await settle();
    expect(store.rows[0]!.id).toBe(summary(4).id);
    expect(store.newCount).toBe(2);

    // Scrolling back to the top of an unfiltered list shows them.
    store.setAtTop(true);
    await settle();
    expect(ids(store.rows).slice(0, 3)).toEqual([summary(6).id, summary(5).id, summary(4).id]);
    expect(store.newCount).toBe(0);
  });

  it("lets the oldest loaded rows go past MAX_LIVE_ROWS live arrivals, and pages them in again on scrolling", async () => {
    // The store as it is once everything has arrived: 1,050 deliveries, the first 50 there at start.
    const all = newestFirst(1050);
    const core = fakeCore({
      onListDeliveries: (before, limit) => {
        if (before === null) return { items: all.slice(1000), next_before: null };
        const from = all.findIndex((s) => s.id === before) + 1;
        const items = all.slice(from, from + limit);
        return { items, next_before: from + limit < all.length ? items[items.length - 1]!.id : null };
      },
    });
    store = new TimelineStore();
    await store.init();
    expect(store.exhausted).toBe(true);
    store.select(summary(60).id);
    for (let n = 51; n <= 1050; n += 100) {
      await emit("deliveries-stored", stored(newestFirst(100, n).reverse()));
    }
    await settle();

    expect(MAX_LIVE_ROWS).toBe(1000);
    expect(ids(store.rows)).toEqual(ids(all.slice(0, 1000)));
    expect(store.exhausted).toBe(false);
    expect(store.selected?.id).toBe(summary(60).id);

    await store.loadMore();
    expect(core.callsTo("list_deliveries").at(-1)).toEqual({ before: summary(51).id, limit: 100, filter: NO_FILTER });
    expect(ids(store.rows)).toEqual(ids(all));
    expect(store.exhausted).toBe(true);
  });

  it("keeps the open delivery listed when arrivals push it past MAX_LIVE_ROWS", async () => {
    fakeCore({ summaries: newestFirst(10) });
    store = new TimelineStore();
    await store.init();
    store.select(summary(2).id);
    await emit("deliveries-stored", stored(newestFirst(MAX_LIVE_ROWS, 11).reverse()));
    await settle();

    expect(store.rows).toHaveLength(MAX_LIVE_ROWS + 9);
    expect(store.selected?.id).toBe(summary(2).id);
    expect(store.rows.at(-1)!.id).toBe(summary(2).id);
  });

  it("asks the core to count arrivals while searching, and reloads the first page on a click", async () => {
    const all = [summary(3, { path: "/needle/3" }), summary(2, { path: "/hay/2" }), summary(1, { path: "/needle/1" })];
    const core = fakeCore({ summaries: all });
    store = new TimelineStore(10);
    await store.init({ ...NO_FILTER, search: "needle" });
    expect(ids(store.rows)).toEqual([summary(3).id, summary(1).id]);

    // Two arrive; the core (not the summary) says which match the search.
    all.unshift(summary(5, { path: "/needle/5" }), summary(4, { path: "/hay/4" }));
    await emit("deliveries-stored", stored([summary(4, { path: "/hay/4" })]));
    await emit("deliveries-stored", stored([summary(5, { path: "/needle/5" })]));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await settle();
    expect(core.callsTo("count_since")).toEqual([{ from: summary(4).id, filter: { ...NO_FILTER, search: "needle" } }]);
    expect(store.newCount).toBe(1);
    expect(ids(store.rows)).toEqual([summary(3).id, summary(1).id]);

    await store.showNew();
    expect(ids(store.rows)).toEqual([summary(5).id, summary(3).id, summary(1).id]);
    expect(store.newCount).toBe(0);
  });

  it("keeps only the count of more than MAX_HELD arrivals while scrolled away, and reloads the first page on a click", async () => {
    const all = newestFirst(3);
    const core = fakeCore({ summaries: all });
    store = new TimelineStore();
    await store.init();
    store.setAtTop(false);
    const arrivals = Array.from({ length: MAX_HELD + 50 }, (_, i) => summary(4 + i));
    all.unshift(...[...arrivals].reverse());
    await emit("deliveries-stored", stored(arrivals.slice(0, MAX_HELD)));
    await emit("deliveries-stored", stored(arrivals.slice(MAX_HELD)));
    await settle();
    expect(store.newCount).toBe(MAX_HELD + 50);
    expect(ids(store.rows)).toEqual(ids(all.slice(-3)));
    const loadsBefore = core.callsTo("list_deliveries").length;

    await store.showNew();
    expect(core.callsTo("list_deliveries").length).toBe(loadsBefore + 1);
    expect(ids(store.rows)).toEqual(ids(all.slice(0, PAGE_SIZE)));
    expect(store.newCount).toBe(0);
  });

  it("restarts from a batch at the top that left older arrivals out, and pages those in as it scrolls", async () => {
    const all = newestFirst(3);
    const core = fakeCore({ summaries: all });
    store = new TimelineStore();
    await store.init();
    const burst = Array.from({ length: PAGE_SIZE + 40 }, (_, i) => summary(4 + i));
    all.unshift(...[...burst].reverse());

    await emit("deliveries-stored", stored(burst.slice(40), 40, burst[0]!.id));
    await settle();
    expect(ids(store.rows)).toEqual(ids(all.slice(0, PAGE_SIZE)));
    expect(store.exhausted).toBe(false);
    expect(store.newCount).toBe(0);

    await store.loadMore();
    expect(core.callsTo("list_deliveries").at(-1)).toEqual({ before: burst[40]!.id, limit: PAGE_SIZE, filter: NO_FILTER });
    await store.loadMore();
    expect(ids(store.rows)).toEqual(ids(all));
    expect(store.exhausted).toBe(true);
  });

  it("drops an older page that lands after the list restarted from a burst", async () => {
    const all = newestFirst(150);
    let release: () => void = () => {};
    fakeCore({
      onListDeliveries: (before) => {
        if (before === null) return { items: all.slice(0, 100), next_before: all[99]!.id };
        const page = { items: all.slice(100), next_before: null };
        return new Promise<Page>((resolve) => (release = () => resolve(page))) as unknown as Page;
      },
    });
    store = new TimelineStore();
    await store.init();
    const older = store.loadMore();
    await settle();
    const burst = Array.from({ length: PAGE_SIZE + 40 }, (_, i) => summary(200 + i));
    await emit("deliveries-stored", stored(burst.slice(40), 40, burst[0]!.id));
    release();
    await older;
    await settle();
    expect(ids(store.rows)).toEqual(ids(burst.slice(40).reverse()));
    expect(store.loading).toBe(false);
    expect(store.exhausted).toBe(false);
  });

  it("keeps the open delivery listed through a batch that left arrivals out: they wait behind the pill", async () => {
    const all = newestFirst(3);
    fakeCore({ summaries: all });
    store = new TimelineStore(0);
    await store.init();
    store.select(all[2]!.id);
    const burst = Array.from({ length: PAGE_SIZE + 40 }, (_, i) => summary(4 + i));
    all.unshift(...[...burst].reverse());

    await emit("deliveries-stored", stored(burst.slice(40), 40, burst[0]!.id));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await settle();
    expect(ids(store.rows)).toEqual(ids(all.slice(-3)));
    expect(store.selected?.id).toBe(all.at(-1)!.id);
    expect(store.newCount).toBe(burst.length);
  });

  it("has the core count the arrivals held while scrolled away once a batch left some out", async () => {
    const all = newestFirst(3);
    const core = fakeCore({ summaries: all });
    store = new TimelineStore(0);
    await store.init();
    store.setAtTop(false);
    const arrivals = Array.from({ length: 2 + 40 + PAGE_SIZE + 1 }, (_, i) => summary(4 + i));
    all.unshift(...[...arrivals].reverse());

    await emit("deliveries-stored", stored(arrivals.slice(0, 2)));
    await emit("deliveries-stored", stored(arrivals.slice(42, 42 + PAGE_SIZE), 40, arrivals[2]!.id));
    // Once counting, later batches are counted too, skipped or not.
    await emit("deliveries-stored", stored(arrivals.slice(42 + PAGE_SIZE)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await settle();
    const counts = core.callsTo("count_since");
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((c) => c.from === arrivals[0]!.id)).toBe(true);
    expect(store.newCount).toBe(arrivals.length);
    expect(ids(store.rows)).toEqual(ids(all.slice(-3)));

    await store.showNew();
    expect(ids(store.rows)).toEqual(ids(all.slice(0, PAGE_SIZE)));
    expect(store.newCount).toBe(0);
  });

  it("starts from the arrivals of a batch that came while the first page loaded and left some out", async () => {
    const all = newestFirst(3);
    let release: () => void = () => {};
    const requests: (string | null)[] = [];
    fakeCore({
      onListDeliveries: (before, limit) => {
        requests.push(before);
        const older = before === null ? all : all.filter((s) => s.id < before);
        const page = { items: older.slice(0, limit), next_before: older.length > limit ? older[limit - 1]!.id : null };
        if (requests.length > 1) return page;
        // The first page is read before the burst lands, and answers after it came.
        return new Promise<Page>((resolve) => (release = () => resolve(page))) as unknown as Page;
      },
    });
    store = new TimelineStore();
    const started = store.init();
    await settle();
    const burst = Array.from({ length: PAGE_SIZE + 5 }, (_, i) => summary(4 + i));
    await emit("deliveries-stored", stored(burst.slice(0, 2)));
    await emit("deliveries-stored", stored(burst.slice(7), 5, burst[2]!.id));
    all.unshift(...[...burst].reverse());
    release();
    await started;
    await settle();
    expect(ids(store.rows)).toEqual(ids(all.slice(0, PAGE_SIZE - 2)));

    await store.loadMore();
    expect(requests.at(-1)).toBe(burst[7]!.id);
    expect(ids(store.rows)).toEqual(ids(all));
  });

  it("forgets held arrivals when the filter changes", async () => {
    fakeCore({ summaries: newestFirst(2) });
    store = new TimelineStore();
    await store.init({ ...NO_FILTER, duplicates_only: true });
    await emit("deliveries-stored", stored([summary(3, { duplicate_of: summary(1).id })]));
    await settle();
    expect(store.newCount).toBe(1);
    await store.setFilter(NO_FILTER);
    expect(store.newCount).toBe(0);
  });
});
