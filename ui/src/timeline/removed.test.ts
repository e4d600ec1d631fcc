import { afterEach, expect, it } from "vitest";

import { clearMocks, emit, fakeCore, newestFirst, settle, stored, summary } from "../test/fake-core";
import { TimelineStore } from "./timeline.svelte";

let store: TimelineStore | null = null;
afterEach(() => {
  store?.dispose();
  store = null;
  clearMocks();
});

it("drops the deliveries retention removed, and lists them again if they come back", async () => {
  const all = newestFirst(5);
  fakeCore({ summaries: all });
  store = new TimelineStore();
  await store.init();
  store.select(all[4]!.id);

  // The two oldest went.
  await emit("deliveries-removed", [all[4]!.id, all[3]!.id]);
  await settle();
  expect(store.rows.map((r) => r.id)).toEqual(all.slice(0, 3).map((r) => r.id));
  expect(store.selected).toBeNull();

  // Forgotten, not remembered as seen: an id arriving again is listed.
  await emit("deliveries-stored", stored([all[3]!, summary(6)]));
  await settle();
  expect(store.rows.map((r) => r.id)).toEqual([summary(6).id, all[3]!.id, ...all.slice(0, 3).map((r) => r.id)]);
});
