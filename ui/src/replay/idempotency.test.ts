import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import DeliveryPane from "../delivery/DeliveryPane.svelte";
import type { IpcError, ReplayResult } from "../lib/ipc";
import { answered, clearMocks, deliveryJson, failed, fakeCore, replayRecord, settle, summary, type FakeCoreOptions } from "../test/fake-core";

afterEach(() => {
  cleanup();
  clearMocks();
});

const SAVED = "http://localhost:4000/hooks";
const s = summary(1);

/** Delivery 1 open on the Replays tab. */
async function openReplays(options: FakeCoreOptions = {}) {
  const core = fakeCore({ deliveries: [deliveryJson(s)], replaySettings: { target: SAVED, timeout_seconds: 30 }, ...options });
  render(DeliveryPane, { summary: s });
  await settle();
  await fireEvent.click(screen.getByTestId("tab-replays"));
  await settle();
  return core;
}

/** The core answers the copies with `results`, in order, 10 ms apart. */
const answering = (...results: ReplayResult[]): FakeCoreOptions => ({
  onIdempotencyCheck: (id, target) =>
    results.map((result, i) => replayRecord(i + 1, { delivery_id: id, target: target ?? SAVED, result, latency_ms: 10 * (i + 1), mode: { kind: "resigned", new_message_id: false } })),
});

const copies = () => screen.getByTestId<HTMLInputElement>("idempotency-copies");
const run = () => screen.getByTestId<HTMLButtonElement>("idempotency-run");
const answers = () => screen.queryAllByTestId("idempotency-result").map((li) => li.textContent?.replace(/\s+/g, " ").trim());

async function send(): Promise<void> {
  await fireEvent.click(run());
  await settle();
}

describe("Idempotency check", () => {
  it("sends 5 copies by default to the field's target and warns when all were taken", async () => {
    const core = await openReplays();
    expect(copies().value).toBe("5");
    await fireEvent.input(screen.getByTestId("replay-target"), { target: { value: "http://127.0.0.1:9000/wh" } });
    await send();

    expect(core.callsTo("idempotency_check")).toEqual([{ id: s.id, target: "http://127.0.0.1:9000/wh", copies: 5 }]);
    expect(answers()).toHaveLength(5);
    expect(answers()[0]).toBe("#1 ✓ 200 success after 12 ms");
    expect(screen.getByTestId("idempotency-verdict").textContent).toBe(
      "all 5 answered 2xx — your handler may have processed the event 5 times: check it dedupes on the event key",
    );
    // Each copy is a re-signed replay like any other: it joins the list below.
    const modes = screen.getAllByTestId("replay-mode").map((mode) => mode.textContent);
    expect(modes).toEqual(Array(5).fill("re-signed (same id)"));
  });

  it("calls a handler that took one copy and turned the rest away idempotent", async () => {
    const conflict = answered({ status: 409 });
    const core = await openReplays(answering(answered(), conflict, conflict, failed("took too long", "timeout")));
    await fireEvent.input(copies(), { target: { value: "4" } });
    await send();

    expect(core.callsTo("idempotency_check")).toEqual([{ id: s.id, target: SAVED, copies: 4 }]);
    expect(answers()).toEqual([
      "#1 ✓ 200 success after 10 ms",
      "#2 ✗ 409 client error after 20 ms",
      "#3 ✗ 409 client error after 30 ms",
      "#4 ◔ timed out after 40 ms",
    ]);
    expect(screen.getAllByTestId("idempotency-result")[3]?.title).toBe("took too long");
    expect(screen.getByTestId("idempotency-verdict").textContent).toBe(
      "1 of 4 answered 2xx, the others: 2 × 409, 1 no answer (timed out) — looks idempotent",
    );
  });

  it("allows 2 to 20 copies only", async () => {
    const core = await openReplays();
    for (const value of ["1", "21", "", "2.5"]) {
      await fireEvent.input(copies(), { target: { value } });
      expect(run().disabled, value).toBe(true);
      expect(copies().getAttribute("aria-invalid")).toBe("true");
    }
    await fireEvent.input(copies(), { target: { value: "20" } });
    expect(run().disabled).toBe(false);
    await send();
    expect(core.callsTo("idempotency_check")).toEqual([{ id: s.id, target: SAVED, copies: 20 }]);
  });

  it("shows the core's words when no copy could be sent", async () => {
    await openReplays({
      onIdempotencyCheck: () => {
        throw { code: "invalid_input", message: "no signing secret for /webhooks/1" } satisfies IpcError;
      },
    });
    await send();
    expect(screen.getByTestId("replay-error").textContent).toBe("no signing secret for /webhooks/1");
    expect(screen.queryByTestId("idempotency-verdict")).toBeNull();
  });
});
