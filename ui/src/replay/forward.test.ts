import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import { clearMocks, fakeCore, settle, type FakeCoreOptions } from "../test/fake-core";
import ForwardSection from "./ForwardSection.svelte";
import { ForwardStore } from "./forward.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const TARGET = "http://localhost:3000/webhooks/self";

async function showForward(options: FakeCoreOptions = {}) {
  const core = fakeCore(options);
  const forward = new ForwardStore();
  await forward.load();
  render(ForwardSection, { forward });
  await settle();
  return { core, forward };
}

const box = (testid: string) => screen.getByTestId<HTMLInputElement>(testid);

async function toggle(testid: string): Promise<void> {
  await fireEvent.click(box(testid));
  await settle();
}

describe("Forward mode", () => {
  it("sends each switch to the core at once, and says where deliveries go", async () => {
    const { core, forward } = await showForward({ replaySettings: { target: TARGET, timeout_seconds: 30 } });
    expect(core.callsTo("forward_settings")).toHaveLength(1);
    expect(screen.getByTestId("forward-target").textContent).toBe(TARGET);
    expect([box("forward-enabled").checked, box("forward-resign").checked, box("forward-mirror").checked]).toEqual([false, false, false]);

    await toggle("forward-enabled");
    await toggle("forward-resign");
    await toggle("forward-mirror");
    expect(core.callsTo("set_forward_settings")).toEqual([
      { settings: { enabled: true, resign: false, mirror: false } },
      { settings: { enabled: true, resign: true, mirror: false } },
      { settings: { enabled: true, resign: true, mirror: true } },
    ]);
    expect(forward.settings).toEqual({ enabled: true, resign: true, mirror: true });

    await toggle("forward-enabled");
    expect(core.callsTo("set_forward_settings").at(-1)).toEqual({ settings: { enabled: false, resign: true, mirror: true } });
    expect(box("forward-enabled").checked).toBe(false);
    expect(screen.queryByTestId("forward-error")).toBeNull();
  });

  it("shows the saved settings", async () => {
    await showForward({ replaySettings: { target: TARGET, timeout_seconds: 30 }, forward: { enabled: true, resign: false, mirror: true } });
    expect([box("forward-enabled").checked, box("forward-resign").checked, box("forward-mirror").checked]).toEqual([true, false, true]);
  });

  it("shows the core's refusal inline and puts the box back when no replay target is saved", async () => {
    const { core, forward } = await showForward();
    expect(screen.queryByTestId("forward-target")).toBeNull();
    expect(screen.getByText(/none is saved yet/)).toBeTruthy();

    await toggle("forward-enabled");
    expect(core.callsTo("set_forward_settings")).toEqual([{ settings: { enabled: true, resign: false, mirror: false } }]);
    expect(screen.getByTestId("forward-error").textContent).toBe("set a replay target first");
    expect(box("forward-enabled").checked).toBe(false);
    expect(forward.settings).toEqual({ enabled: false, resign: false, mirror: false });

    // Options that do not enable it are taken, and the error goes.
    await toggle("forward-mirror");
    expect(box("forward-mirror").checked).toBe(true);
    expect(screen.queryByTestId("forward-error")).toBeNull();
  });
});
