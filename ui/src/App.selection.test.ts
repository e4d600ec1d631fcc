import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import App from "./App.svelte";
import type { IpcError } from "./lib/ipc";
import { answered, clearMocks, deliveryJson, failed, fakeCore, newestFirst, replayRecord, settle, summary, type FakeCoreOptions } from "./test/fake-core";

afterEach(() => {
  cleanup();
  clearMocks();
});

const id = (n: number) => summary(n).id;
/** The rendered row of delivery `n`. */
const row = (n: number) => screen.getAllByTestId("timeline-row").find((r) => r.dataset.id === id(n))!;
const picked = () => screen.getAllByTestId("timeline-row").filter((r) => r.dataset.selected === "true").map((r) => r.dataset.id);

async function click(n: number, modifiers: { ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean } = {}): Promise<void> {
  await fireEvent.click(row(n).querySelector("[data-testid=row-path]")!, modifiers);
  await settle();
}

/** The app over deliveries 1–6, newest (6) on top. */
async function timeline(options: FakeCoreOptions = {}) {
  const all = newestFirst(6);
  const core = fakeCore({ summaries: all, deliveries: all.map((s) => deliveryJson(s)), ...options });
  render(App);
  await settle();
  return core;
}

describe("Picking deliveries in the timeline", () => {
  it("toggles rows with Ctrl+click and Cmd+click, marking them with a ✓ and aria-selected", async () => {
    await timeline();
    expect(screen.getByTestId("timeline").getAttribute("aria-multiselectable")).toBe("true");

    await click(5, { ctrlKey: true });
    await click(2, { metaKey: true });
    expect(picked()).toEqual([id(5), id(2)]);
    expect(row(5).classList.contains("picked")).toBe(true);
    expect(row(5).getAttribute("aria-selected")).toBe("true");
    expect(row(5).querySelector("[data-testid=row-pick-mark]")?.textContent).toBe("✓");
    expect(row(4).getAttribute("aria-selected")).toBe("false");
    expect(row(4).querySelector("[data-testid=row-pick-mark]")).toBeNull();
    expect(row(4).hasAttribute("data-selected")).toBe(false);
    expect(screen.getByTestId("selection-count").textContent).toBe("2 selected");
    // Picking does not open a delivery.
    expect(screen.queryByTestId("detail")).toBeNull();

    await click(5, { ctrlKey: true });
    expect(picked()).toEqual([id(2)]);
    // One pick is not a batch: no toolbar actions yet.
    expect(screen.queryByTestId("selection-bar")).toBeNull();
  });

  it("adds to the open delivery on the first Ctrl+click", async () => {
    await timeline();
    await click(4);
    expect(screen.getByTestId("detail-request").textContent).toBe("POST /webhooks/4?attempt=1");
    await click(2, { ctrlKey: true });
    expect(picked()).toEqual([id(4), id(2)]);
    // The delivery being read stays open.
    expect(screen.getByTestId("detail-request").textContent).toBe("POST /webhooks/4?attempt=1");
  });

  it("picks a range with Shift+click from the row last clicked, in either direction", async () => {
    await timeline();
    await click(5);
    await click(2, { shiftKey: true });
    expect(picked()).toEqual([id(5), id(4), id(3), id(2)]);
    expect(screen.getByTestId("selection-count").textContent).toBe("4 selected");

    // The range keeps its start: a second Shift+click moves its other end.
    await click(6, { shiftKey: true });
    expect(picked()).toEqual([id(6), id(5)]);

    await click(3, { ctrlKey: true });
    await click(1, { shiftKey: true });
    expect(picked()).toEqual([id(3), id(2), id(1)]);
  });

  it("drops the picks on a plain click, which opens that delivery as before", async () => {
    await timeline();
    await click(6, { ctrlKey: true });
    await click(5, { ctrlKey: true });
    await click(3);
    expect(picked()).toEqual([]);
    expect(screen.queryByTestId("selection-bar")).toBeNull();
    expect(screen.getByTestId("detail-request").textContent).toBe("POST /webhooks/3?attempt=1");
    const selected = screen.getAllByTestId("timeline-row").filter((r) => r.getAttribute("aria-selected") === "true");
    expect(selected.map((r) => r.dataset.id)).toEqual([id(3)]);
  });

  it("toggles the open row with Space and picks a range with Shift+Space", async () => {
    await timeline();
    const list = screen.getByTestId("timeline");
    await click(6);
    await fireEvent.keyDown(list, { key: " " });
    await fireEvent.keyDown(list, { key: "ArrowDown" });
    await fireEvent.keyDown(list, { key: "ArrowDown" });
    await fireEvent.keyDown(list, { key: " ", shiftKey: true });
    await settle();
    expect(picked()).toEqual([id(6), id(5), id(4)]);
  });

  it("clears the picks with Clear, and when the verdict filter changes", async () => {
    await timeline();
    await click(6, { ctrlKey: true });
    await click(4, { ctrlKey: true });
    await fireEvent.click(screen.getByTestId("clear-selection"));
    await settle();
    expect(picked()).toEqual([]);
    expect(screen.queryByTestId("selection-bar")).toBeNull();

    await click(6, { ctrlKey: true });
    await click(4, { ctrlKey: true });
    await fireEvent.change(screen.getByTestId("verdict-filter"), { target: { value: "unsigned" } });
    await settle();
    expect(picked()).toEqual([]);
  });
});

describe("Replaying the picked deliveries in order", () => {
  it("sends their ids oldest first, as captured, to the saved target", async () => {
    const core = await timeline();
    await click(2, { ctrlKey: true });
    await click(5, { ctrlKey: true });
    await click(4, { ctrlKey: true });
    await fireEvent.click(screen.getByTestId("replay-selection"));
    await settle();
    expect(core.callsTo("replay_in_order")).toEqual([{ ids: [id(2), id(4), id(5)], target: null, mode: { kind: "as_captured" } }]);
    expect(screen.getByTestId("selection-result").textContent).toBe("3 replayed: 3 × 2xx");
  });

  it("re-signs them (same message ids) when asked", async () => {
    const core = await timeline();
    await click(3);
    await click(1, { shiftKey: true });
    await fireEvent.click(screen.getByTestId("replay-selection-resign"));
    await fireEvent.click(screen.getByTestId("replay-selection"));
    await settle();
    expect(core.callsTo("replay_in_order")).toEqual([
      { ids: [id(1), id(2), id(3)], target: null, mode: { kind: "resigned", new_message_id: false } },
    ]);
  });

  it("sums up what the target answered in one line", async () => {
    const results = [answered(), answered({ status: 204 }), failed(), answered({ status: 201 }), answered()];
    await timeline({ onReplayInOrder: (ids) => ids.map((delivery_id, i) => replayRecord(i + 1, { delivery_id, result: results[i]! })) });
    await click(6);
    await click(2, { shiftKey: true });
    await fireEvent.click(screen.getByTestId("replay-selection"));
    await settle();
    expect(screen.getByTestId("selection-result").textContent).toBe("5 replayed: 4 × 2xx, 1 failed");
    expect(screen.queryByTestId("selection-error")).toBeNull();

    // A result belongs to the rows it was for.
    await click(1, { ctrlKey: true });
    expect(screen.queryByTestId("selection-result")).toBeNull();
  });

  it("shows the core's words when nothing could be replayed", async () => {
    await timeline({
      onReplayInOrder: () => {
        throw { code: "invalid_input", message: "set a replay target first" } satisfies IpcError;
      },
    });
    await click(6, { ctrlKey: true });
    await click(5, { ctrlKey: true });
    await fireEvent.click(screen.getByTestId("replay-selection"));
    await settle();
    expect(screen.getByTestId("selection-error").textContent).toBe("set a replay target first");
    expect(screen.queryByTestId("selection-result")).toBeNull();
    // The picks stay, to try again once the target is set.
    expect(picked()).toEqual([id(6), id(5)]);
  });
});
