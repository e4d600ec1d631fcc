import { afterEach, describe, expect, it } from "vitest";

import type { GroupSummary } from "../lib/ipc";
import { clearMocks, emit, fakeCore, group, settle, stored, summary } from "../test/fake-core";
import { NO_FILTER } from "./filter";
import { GroupsStore } from "./groups.svelte";

const keys = (rows: GroupSummary[]) => rows.map((g) => g.dedup_key);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("GroupsStore", () => {
  let store: GroupsStore | null = null;
  afterEach(() => {
    store?.dispose();
    store = null;
    clearMocks();
  });

  it("loads the first page of events with the filter when shown, and older pages on next_before", async () => {
    const all = Array.from({ length: 130 }, (_, i) => group(130 - i));
    const core = fakeCore({ groups: all });
    store = new GroupsStore();
    await store.show();
    expect(core.callsTo("list_groups")).toEqual([{ before: null, limit: 100, filter: NO_FILTER }]);
    expect(store.rows).toHaveLength(100);

    await store.loadMore();
    expect(core.callsTo("list_groups").at(-1)).toEqual({ before: "evt_31", limit: 100, filter: NO_FILTER });
    expect(keys(store.rows)).toEqual(keys(all));
    expect(store.exhausted).toBe(true);
  });

  it("does not ask the core anything until shown", async () => {
    const core = fakeCore({ groups: [group(1)] });
    store = new GroupsStore();
    await store.setFilter({ ...NO_FILTER, verdicts: ["verified"] });
    expect(core.callsTo("list_groups")).toEqual([]);
    await store.show();
    expect(core.callsTo("list_groups")).toEqual([{ before: null, limit: 100, filter: { ...NO_FILTER, verdicts: ["verified"] } }]);
  });

  it("re-reads the first page once per burst of arrivals and moves an updated event to the top", async () => {
    // The fake pages over whatever `all` holds at the time of the call.
    const all = [group(3), group(2), group(1)];
    const core = fakeCore({ groups: all });
    store = new GroupsStore(20);
    await store.show();
    expect(keys(store.rows)).toEqual(["evt_3", "evt_2", "evt_1"]);

    // evt_1 got a retry: it is now the event with the newest delivery.
    all.splice(0, all.length, group(1, { latest: summary(9, { attempt: 2 }), deliveries: 2 }), group(3), group(2));
    await emit("deliveries-stored", stored([summary(9)]));
    await emit("deliveries-stored", stored([summary(10)]));
    await settle();
    expect(core.callsTo("list_groups")).toHaveLength(1);
    await wait(40);
    await settle();
    expect(core.callsTo("list_groups")).toHaveLength(2);
    expect(keys(store.rows)).toEqual(["evt_1", "evt_3", "evt_2"]);
    expect(store.rows[0]?.deliveries).toBe(2);
  });

  it("keeps older loaded events under a fresh first page", async () => {
    const all = Array.from({ length: 150 }, (_, i) => group(150 - i));
    fakeCore({ groups: all });
    store = new GroupsStore(10);
    await store.show();
    await store.loadMore();
    expect(store.rows).toHaveLength(150);

    // A new event arrives; the first page now starts with it.
    all.unshift(group(151));
    await emit("deliveries-stored", stored([summary(151)]));
    await wait(30);
    await settle();
    expect(store.rows).toHaveLength(151);
    expect(store.rows[0]?.dedup_key).toBe("evt_151");
    expect(new Set(keys(store.rows)).size).toBe(151);
    expect(store.insertedOnTop).toBe(1);
  });

  it("stops listening when hidden", async () => {
    const core = fakeCore({ groups: [group(1)] });
    store = new GroupsStore(5);
    await store.show();
    store.dispose();
    await emit("deliveries-stored", stored([summary(2)]));
    await wait(20);
    expect(core.callsTo("list_groups")).toHaveLength(1);
  });
});
