import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import App from "./App.svelte";
import type { GroupChain } from "./lib/ipc";
import { clearMocks, deliveryJson, emit, fakeCore, group, settle, stored, summary } from "./test/fake-core";
import { NO_FILTER } from "./timeline/filter";

afterEach(() => {
  cleanup();
  clearMocks();
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// evt_7: one message, failing, retried twice; evt_5: delivered once, plus a duplicate under another message id.
const attempt1 = summary(1, { message_id: "msg_a", status: 503, outcome: "will retry in about 5 s (attempt 2 of 8)", verification: "verified" });
const attempt2 = summary(2, {
  message_id: "msg_a",
  status: 503,
  attempt: 2,
  relation: { kind: "retry", of: attempt1.id },
  outcome: "will retry in about 5 min (attempt 3 of 8)",
  verification: "verified",
});
const attempt3 = summary(7, {
  message_id: "msg_a",
  status: 503,
  attempt: 3,
  relation: { kind: "retry", of: attempt1.id },
  outcome: "will retry in about 30 min (attempt 4 of 8)",
  verification: "mismatch",
});
const eventsAtStart = () => [
  group(7, { dedup_key: "evt_7", first_id: attempt1.id, latest: attempt3, deliveries: 3, messages: 1, max_attempt: 3 }),
  group(5, { dedup_key: "evt_5", deliveries: 2, messages: 2, latest: summary(5, { relation: { kind: "duplicate_event", of: "D00000004" } }) }),
];
const nextAt = new Date(2025, 0, 2, 4, 10, 11).getTime();
const chain: GroupChain = {
  dedup_key: "evt_7",
  entries: [
    { delivery: attempt1, gap_ms: null, gap: null },
    { delivery: attempt2, gap_ms: 5200, gap: { expected_ms: 5000, actual_ms: 5200, timing: "as_scheduled" } },
    { delivery: attempt3, gap_ms: 900_000, gap: { expected_ms: 300_000, actual_ms: 900_000, timing: "late" } },
  ],
  next_attempt_at_ms: nextAt,
  processed_twice: false,
};

/** Renders the app in Events mode; `events` is what the fake core lists, and may be changed. */
async function eventsMode(events = eventsAtStart(), chains = [chain]) {
  const core = fakeCore({
    summaries: [attempt3, attempt2, attempt1],
    groups: events,
    chains,
    deliveries: [attempt1, attempt2, attempt3].map((s) => deliveryJson(s)),
  });
  render(App);
  await settle();
  await fireEvent.click(screen.getByTestId("view-events"));
  await settle();
  return core;
}

describe("Events mode", () => {
  it("lists one row per event with its latest delivery, counts and outcome", async () => {
    const core = await eventsMode();
    expect(core.callsTo("list_groups")).toEqual([{ before: null, limit: 100, filter: NO_FILTER }]);
    expect(screen.getByTestId("view-events").getAttribute("aria-pressed")).toBe("true");
    expect(screen.queryAllByTestId("timeline-row")).toHaveLength(0);

    const rows = screen.getAllByTestId("group-row");
    expect(rows.map((r) => r.dataset.key)).toEqual(["evt_7", "evt_5"]);
    const [failing, duplicated] = rows;
    const cell = (row: HTMLElement | undefined, id: string) => row?.querySelector(`[data-testid=${id}]`)?.textContent?.trim();
    expect(cell(failing, "group-count")).toBe("3 attempts");
    expect(cell(failing, "row-verdict")).toContain("mismatch");
    expect(cell(failing, "row-path")).toBe(attempt3.path);
    expect(cell(failing, "group-outcome")).toBe("will retry in about 30 min (attempt 4 of 8)");
    expect(failing?.querySelector("[data-testid=group-duplicates]")).toBeNull();
    expect(cell(duplicated, "group-count")).toBe("2 deliveries");
    expect(cell(duplicated, "group-duplicates")).toBe("1 duplicate");
  });

  it("expands an event into its chain with gaps set against the schedule", async () => {
    const core = await eventsMode();
    expect(screen.queryByTestId("chain")).toBeNull();

    await fireEvent.click(screen.getAllByTestId("group-row")[0]!);
    await settle();
    expect(core.callsTo("group_chain")).toEqual([{ dedupKey: "evt_7" }]);
    expect(screen.getAllByTestId("group-row")[0]!.getAttribute("aria-selected")).toBe("true");

    const entries = screen.getAllByTestId("chain-entry");
    expect(entries.map((e) => e.dataset.id)).toEqual([attempt1.id, attempt2.id, attempt3.id]);
    const gaps = screen.getAllByTestId("chain-gap").map((g) => g.textContent?.trim());
    expect(gaps).toEqual(["first delivery", "+5.2 s, expected 5 s — as scheduled", "+15 min, expected 5 min — late"]);
    expect(entries[1]!.textContent).toContain("answered 503");
    expect(entries[1]!.textContent).toContain("will retry in about 5 min (attempt 3 of 8)");
    expect(screen.getByTestId("next-attempt").textContent).toContain("next attempt expected at 04:10:11");
    expect(screen.queryByTestId("processed-twice")).toBeNull();
  });

  it("warns when the developer's service answered 2xx more than once for the event", async () => {
    await eventsMode(eventsAtStart(), [{ ...chain, processed_twice: true }]);
    await fireEvent.click(screen.getAllByTestId("group-row")[0]!);
    await settle();
    expect(screen.getByTestId("processed-twice").textContent?.trim()).toBe(
      "⚠ Your service answered 2xx more than once for this event: make the handler idempotent (dedupe on the event key).",
    );
  });

  it("expands with Enter too, and opens a chain entry's delivery in full", async () => {
    const core = await eventsMode();
    const list = screen.getByTestId("groups");
    await fireEvent.keyDown(list, { key: "Enter" });
    await settle();
    expect(core.callsTo("group_chain")).toEqual([{ dedupKey: "evt_7" }]);

    await fireEvent.keyDown(list, { key: "ArrowDown" });
    await fireEvent.keyDown(list, { key: "ArrowUp" });
    await settle();
    expect(screen.queryByTestId("detail")).toBeNull();

    await fireEvent.click(screen.getAllByTestId("chain-entry")[1]!);
    await settle();
    expect(core.callsTo("get_delivery")).toEqual([{ id: attempt2.id }]);
    expect(screen.getByTestId("detail-request").textContent).toBe(`POST ${attempt2.path}`);
    expect(screen.getAllByTestId("chain-entry")[1]!.getAttribute("aria-pressed")).toBe("true");
  });

  it("re-reads the first page of events after live deliveries, and the expanded chain when its event changed", async () => {
    const events = eventsAtStart();
    const core = await eventsMode(events);
    await fireEvent.click(screen.getAllByTestId("group-row")[0]!);
    await settle();

    const attempt4 = summary(8, { message_id: "msg_a", attempt: 4, relation: { kind: "retry", of: attempt1.id } });
    events[0] = { ...events[0]!, latest: attempt4, deliveries: 4, max_attempt: 4 };
    await emit("deliveries-stored", stored([attempt4]));
    await wait(260);
    await settle();

    expect(core.callsTo("list_groups")).toHaveLength(2);
    expect(screen.getAllByTestId("group-count")[0]!.textContent).toBe("4 attempts");
    expect(core.callsTo("group_chain")).toEqual([{ dedupKey: "evt_7" }, { dedupKey: "evt_7" }]);
  });

  it("goes back to deliveries, and passes the verdict filter to list_groups", async () => {
    const core = await eventsMode();
    await fireEvent.change(screen.getByTestId("verdict-filter"), { target: { value: "mismatch" } });
    await settle();
    expect(core.callsTo("list_groups").at(-1)).toEqual({ before: null, limit: 100, filter: { ...NO_FILTER, verdicts: ["mismatch"] } });
    expect(screen.getAllByTestId("group-row").map((r) => r.dataset.key)).toEqual(["evt_7"]);

    await fireEvent.click(screen.getByTestId("view-deliveries"));
    await settle();
    expect(screen.queryAllByTestId("group-row")).toHaveLength(0);
    expect(screen.getAllByTestId("timeline-row").map((r) => r.dataset.id)).toEqual([attempt3.id]);
  });
});
