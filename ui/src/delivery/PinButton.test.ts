import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import { clearMocks, deliveryJson, fakeCore, settle, summary } from "../test/fake-core";
import PinButton from "./PinButton.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("PinButton", () => {
  it("pins and unpins the open delivery through set_pinned", async () => {
    const delivery = deliveryJson(summary(1));
    const core = fakeCore({ deliveries: [delivery] });
    render(PinButton, { delivery });
    const button = screen.getByTestId("pin-toggle");
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(button.textContent).toBe("Pin");

    await fireEvent.click(button);
    await settle();
    expect(core.callsTo("set_pinned")).toEqual([{ id: delivery.id, pinned: true }]);
    expect(button.getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByText("kept whatever the retention cap")).toBeTruthy();

    await fireEvent.click(button);
    await settle();
    expect(core.callsTo("set_pinned")).toEqual([
      { id: delivery.id, pinned: true },
      { id: delivery.id, pinned: false },
    ]);
    expect(button.textContent).toBe("Pin");
  });

  it("starts from the stored state and says why a pin failed", async () => {
    const delivery = deliveryJson(summary(2, { pinned: true }));
    fakeCore({ deliveries: [] });
    render(PinButton, { delivery });
    const button = screen.getByTestId("pin-toggle");
    expect(button.getAttribute("aria-pressed")).toBe("true");
    await fireEvent.click(button);
    await settle();
    expect(screen.getByTestId("pin-error").textContent).toContain("the delivery was not found");
    expect(button.getAttribute("aria-pressed")).toBe("true");
  });
});
