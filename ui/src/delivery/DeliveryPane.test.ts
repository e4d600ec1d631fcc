import { cleanup, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import type { DeliveryJson } from "../lib/ipc";
import { clearMocks, deliveryJson, fakeCore, settle, summary } from "../test/fake-core";
import DeliveryPane from "./DeliveryPane.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

async function show(overrides: Partial<DeliveryJson>, summaryOverrides = {}) {
  const s = summary(1, summaryOverrides);
  const core = fakeCore({ deliveries: [deliveryJson(s, overrides)] });
  const view = render(DeliveryPane, { summary: s });
  await settle();
  // Once per selection: the answer landing must not trigger another fetch.
  expect(core.callsTo("get_delivery")).toEqual([{ id: s.id }]);
  return view;
}

const bodyText = () => screen.getByTestId("detail-body").textContent;
const bodyKind = () => screen.getByTestId("body-kind").textContent;

describe("DeliveryPane", () => {
  it("shows the request line and the headers in the order received, duplicates kept", async () => {
    await show({
      headers: [
        ["x-b", "2"],
        ["set-cookie", "a=1"],
        ["x-a", "1"],
        ["set-cookie", "b=2"],
      ],
    });
    expect(screen.getByTestId("detail-request").textContent).toBe("POST /webhooks/1?attempt=1");
    const rows = screen.getAllByTestId("header-row").map((row) => [
      row.querySelector("[data-testid=header-name]")?.textContent,
      row.querySelector("[data-testid=header-value]")?.textContent,
    ]);
    expect(rows).toEqual([
      ["x-b", "2"],
      ["set-cookie", "a=1"],
      ["x-a", "1"],
      ["set-cookie", "b=2"],
    ]);
    expect(screen.getByTestId("detail-headers").tagName).toBe("TABLE");
  });

  it("renders a hostile body as literal text and creates no element from it", async () => {
    const hostile = "<img src=x onerror=alert(1)>";
    const view = await show({ body: hostile, headers: [["x-evil", "<script>alert(2)</script>"]] });
    expect(bodyKind()).toBe("Text");
    expect(bodyText()).toBe(hostile);
    expect(view.container.querySelector("img")).toBeNull();
    expect(document.querySelector("img, script")).toBeNull();
    expect(screen.getByTestId("header-value").textContent).toBe("<script>alert(2)</script>");
  });

  it("pretty-prints a JSON body", async () => {
    await show({ body: '{"hello":"world"}' });
    expect(bodyKind()).toBe("JSON");
    expect(bodyText()).toBe('{\n  "hello": "world"\n}');
  });

  it("shows a binary body as a hex dump", async () => {
    await show({ body: undefined, body_base64: btoa("\u0000\u0001AB\u00ff") }, { size: 5 });
    expect(bodyKind()).toBe("Binary");
    expect(bodyText()).toMatch(/^00000000  00 01 41 42 ff\s+\|\.\.AB\.\|$/);
  });

  it("says when a body is empty, and why when it was refused", async () => {
    await show(
      { body: undefined, rejection: "too_large", declared_size: 20 * 1024 * 1024, size: 0, response: { status: 413, delay_ms: 0, scripted: false, held: false } },
      { status: 413, rejection: "too_large", size: 0 },
    );
    expect(bodyKind()).toBe("Empty");
    expect(bodyText()).toBe("(empty body)");
    const detail = screen.getByTestId("detail").textContent ?? "";
    expect(detail).toContain("413 rejected: too large");
    expect(detail).toContain("The body was not captured (rejected: too large)");
    expect(detail).toContain("declared 20,971,520 bytes");
  });

  it("shows the received time, remote address, size and answered status", async () => {
    await show({ remote_addr: "127.0.0.1:50123" });
    const detail = screen.getByTestId("detail").textContent ?? "";
    expect(detail).toContain("127.0.0.1:50123");
    expect(detail).toContain("17 B (17 bytes)");
    expect(detail).toContain("200");
    expect(detail).toMatch(/2025-01-0\d \d\d:\d\d:06\.006/);
  });

  it("shows the core's message when the delivery cannot be loaded", async () => {
    fakeCore({ deliveries: [] });
    render(DeliveryPane, { summary: summary(9) });
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("no delivery D00000009");
    expect(screen.queryByTestId("detail-body")).toBeNull();
  });

  it("has no detail pane until a row is selected", () => {
    fakeCore();
    render(DeliveryPane, { summary: null });
    expect(screen.queryByTestId("detail")).toBeNull();
  });
});
