import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import { clearMocks, fakeCore, retentionView, settle } from "../test/fake-core";
import RetentionSection from "./RetentionSection.svelte";
import { formOf, parseForm, RetentionStore } from "./retention.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("the retention form", () => {
  it("shows the cap in deliveries and MiB and reads it back", () => {
    const form = formOf(retentionView());
    expect(form).toEqual({ maxDeliveries: "100000", maxMib: "1024" });
    expect(parseForm(form)).toEqual({ max_deliveries: 100_000, max_body_bytes: 1024 ** 3 });
    expect(parseForm({ maxDeliveries: "10", maxMib: "1.5" })).toEqual({ max_deliveries: 10, max_body_bytes: 1572864 });
  });

  it("says what is wrong with a cap the core would refuse", () => {
    expect(parseForm({ maxDeliveries: "0", maxMib: "10" })).toBe("Keep at least 1 delivery (a whole number).");
    expect(parseForm({ maxDeliveries: "2.5", maxMib: "10" })).toBe("Keep at least 1 delivery (a whole number).");
    expect(parseForm({ maxDeliveries: "10", maxMib: "0.5" })).toBe("Keep at least 1 MiB of bodies.");
    expect(parseForm({ maxDeliveries: "10", maxMib: "" })).toBe("Keep at least 1 MiB of bodies.");
  });
});

describe("RetentionSection", () => {
  it("shows the usage against the cap and saves a new cap", async () => {
    const core = fakeCore({ retention: retentionView({ deliveries: 1234, body_bytes: 5 * 1024 * 1024, pinned: 2, pinned_body_bytes: 2048 }) });
    const store = new RetentionStore();
    await store.load();
    render(RetentionSection, { retention: store });
    expect(screen.getByTestId("retention-usage").textContent?.replace(/\s+/g, " ").trim()).toBe(
      "Stored: 1,234 of 100,000 deliveries, 5 MiB of 1 GiB of bodies; plus 2 pinned (2 KiB), kept on top.",
    );
    await fireEvent.input(screen.getByTestId("retention-count"), { target: { value: "500" } });
    await fireEvent.input(screen.getByTestId("retention-mib"), { target: { value: "64" } });
    await fireEvent.click(screen.getByTestId("retention-save"));
    await settle();
    expect(core.callsTo("set_retention")).toEqual([{ retention: { max_deliveries: 500, max_body_bytes: 64 * 1024 * 1024 } }]);
    expect(store.view?.retention.max_deliveries).toBe(500);
  });

  it("does not send a cap it can tell is wrong", async () => {
    const core = fakeCore();
    const store = new RetentionStore();
    await store.load();
    render(RetentionSection, { retention: store });
    await fireEvent.input(screen.getByTestId("retention-count"), { target: { value: "none" } });
    await fireEvent.click(screen.getByTestId("retention-save"));
    await settle();
    expect(core.callsTo("set_retention")).toEqual([]);
    expect(screen.getByRole("alert").textContent).toBe("Keep at least 1 delivery (a whole number).");
  });
});
