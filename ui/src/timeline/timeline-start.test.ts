// How the timeline starts: its listeners registered at once, then the first page.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, expect, it } from "vitest";

import { newestFirst, settle } from "../test/fake-core";
import { TimelineStore } from "./timeline.svelte";

type Held = { event: string; answer: (id: number) => void; fail: (error: unknown) => void };

/** A core whose listen calls wait until the test answers them; records the order of calls. */
function heldListens() {
  const held: Held[] = [];
  const order: string[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as { event?: string };
    if (cmd === "plugin:event|listen") {
      order.push(`listen ${args.event}`);
      return new Promise((answer, fail) => held.push({ event: args.event ?? "", answer, fail }));
    }
    order.push(cmd);
    if (cmd === "list_deliveries") return { items: newestFirst(3), next_before: null };
    return null;
  });
  return { held, order };
}

let store: TimelineStore | null = null;
afterEach(() => {
  store?.dispose();
  store = null;
  clearMocks();
});

it("registers its three listeners at once, and reads the first page only once all are in", async () => {
  const core = heldListens();
  store = new TimelineStore();
  const started = store.init();
  await settle();

  expect(core.held.map((h) => h.event)).toEqual(["deliveries-stored", "timeline-reset", "deliveries-removed"]);
  core.held[0]!.answer(1);
  core.held[2]!.answer(3);
  await settle();
  expect(core.order).not.toContain("list_deliveries");

  core.held[1]!.answer(2);
  await started;
  expect(core.order.at(-1)).toBe("list_deliveries");
  expect(store.rows).toHaveLength(3);
  expect(store.error).toBeNull();
});

it("shows why a listener could not be registered, reads no page, and lets go of the others", async () => {
  const core = heldListens();
  store = new TimelineStore();
  const started = store.init();
  await settle();

  core.held[0]!.answer(1);
  core.held[1]!.fail({ code: "internal", message: "the window is closing" });
  core.held[2]!.answer(3);
  await started;

  expect(store.error).toBe("the window is closing");
  expect(store.ready).toBe(false);
  expect(core.order).not.toContain("list_deliveries");
  store.dispose();
  await settle();
  expect(core.order.filter((cmd) => cmd === "plugin:event|unlisten")).toHaveLength(2);
  store = null;
});
