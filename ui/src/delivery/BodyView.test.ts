import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import type { DeliveryJson } from "../lib/ipc";
import { clearMocks, deliveryJson, fakeCore, settle, summary } from "../test/fake-core";
import DeliveryPane from "./DeliveryPane.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

/** Just under the listener's 10 MiB limit, valid JSON: an array of small objects, padded with spaces. */
function largeJson(bytes = 10 * 1024 * 1024 - 1024): { text: string; items: number } {
  const item = (i: number) => `{"i":${i},"pad":"${"x".repeat(80)}"}`;
  const parts: string[] = [];
  let length = 2;
  for (let i = 0; length + item(i).length + 1 <= bytes - 20; i++) {
    parts.push(item(i));
    length += item(i).length + 1;
  }
  const text = `[${parts.join(",")}]`;
  return { text: text + " ".repeat(bytes - text.length), items: parts.length };
}

async function open(deliveries: Array<Partial<DeliveryJson>>) {
  const summaries = deliveries.map((d, i) => summary(i + 1, { size: d.body?.length ?? 17 }));
  fakeCore({ deliveries: summaries.map((s, i) => deliveryJson(s, deliveries[i])) });
  const view = render(DeliveryPane, { summary: summaries[0]! });
  await settle();
  return { view, summaries };
}

const capped = () => screen.getByTestId("capped-text").textContent ?? "";

// Megabyte bodies in jsdom on a busy machine: generous timeouts, no timing asserted.
describe("Body tab", { timeout: 60_000 }, () => {
  it("opens a 10 MiB JSON body: size, first members, and each view bounded", async () => {
    const { text: body, items } = largeJson();
    const count = items.toLocaleString("en-US");
    expect(body.length).toBe(10 * 1024 * 1024 - 1024);
    await open([{ body, size: body.length }]);

    expect(screen.getByTestId("detail-size").textContent).toBe("10 MiB (10,484,736 bytes)");
    expect(screen.getByTestId("body-kind").textContent).toBe("JSON");
    const rows = screen.getAllByTestId("tree-row");
    expect(rows).toHaveLength(101);
    expect(within(rows[0]!).getByTestId("tree-count").textContent).toBe(`${count} items`);
    expect(screen.getByTestId("tree-more-row").textContent).toContain(`100 of ${count} shown`);
    expect(within(rows[1]!).getByTestId("tree-count").textContent).toBe("2 keys");

    await fireEvent.click(screen.getByTestId("body-view-pretty"));
    expect(capped().length).toBeLessThan(300 * 1024);
    expect(capped()).toMatch(/^\[\n {2}\{\n {4}"i": 0,\n {4}"pad": "x+"\n {2}\},/);
    expect(screen.getByTestId("capped-note").textContent).toContain("of the pretty text.");
    const before = capped().length;
    await fireEvent.click(screen.getByTestId("capped-more"));
    expect(capped().length).toBeGreaterThan(before);

    await fireEvent.click(screen.getByTestId("body-view-raw"));
    expect(capped()).toBe(body.slice(0, 256 * 1024));
    expect(screen.getByTestId("capped-note").textContent?.replace(/\s+/g, " ").trim()).toBe(
      "Showing the first 262,144 characters of 10,484,736 characters of the body.",
    );

    await fireEvent.click(screen.getByTestId("body-view-hex"));
    expect(screen.getByTestId("hex-range").textContent?.replace(/\s+/g, " ").trim()).toBe(
      "bytes 0–16,383 of 10,484,736 bytes (page 1 of 640)",
    );
    expect(screen.getByTestId("hex-dump").textContent?.split("\n")).toHaveLength(1024);
    await fireEvent.click(screen.getByTestId("hex-last"));
    const lines = screen.getByTestId("hex-dump").textContent?.split("\n") ?? [];
    // 10 MiB − 1 KiB = 0x9ffc00 bytes: the last page starts at 639 × 16 KiB.
    expect(lines[0]).toMatch(/^009fc000 /);
    expect(lines).toHaveLength(960);
    expect(lines.at(-1)).toMatch(/^009ffbf0  20 20 20/);
  });

  it("shows all of a long text when asked", async () => {
    const body = `[${"1,".repeat(200_000)}1]`;
    await open([{ body }]);
    await fireEvent.click(screen.getByTestId("body-view-raw"));
    expect(capped()).toHaveLength(256 * 1024);
    await fireEvent.click(screen.getByTestId("capped-all"));
    expect(capped()).toBe(body);
    expect(screen.queryByTestId("capped-note")).toBeNull();
  });

  it("pages through a binary body in hex, decoding each page from base64", async () => {
    const bytes = new Uint8Array(40_000).map((_, i) => (i * 31) & 0xff);
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    await open([{ body: undefined, body_base64: btoa(binary), size: bytes.length }]);
    expect(screen.getByTestId("hex-range").textContent).toContain("page 1 of 3");
    await fireEvent.click(screen.getByTestId("hex-next"));
    const first = screen.getByTestId("hex-dump").textContent?.split("\n")[0];
    const expected = Array.from({ length: 16 }, (_, k) => ((16384 + k) * 31) & 0xff).map((b) => b.toString(16).padStart(2, "0"));
    expect(first).toBe(`00004000  ${expected.slice(0, 8).join(" ")}  ${expected.slice(8).join(" ")}  |${first?.slice(-17, -1)}|`);
    await fireEvent.click(screen.getByTestId("hex-next"));
    expect(screen.getByTestId("hex-dump").textContent?.split("\n")).toHaveLength(Math.ceil((40_000 - 32_768) / 16));
    expect(screen.getByTestId("hex-next").hasAttribute("disabled")).toBe(true);
  });

  it("falls back to text with a note when a body looks like JSON but is not", async () => {
    const body = '{\n  "type": "verification.completed",\n  "status": valid\n}';
    await open([{ body }]);
    expect(screen.getByTestId("body-kind").textContent).toBe("Text");
    expect(screen.getByTestId("body-parse-note").textContent?.replace(/\s+/g, " ").trim()).toBe(
      "Not valid JSON (line 3, column 13: a value was expected), so it is shown as text.",
    );
    expect(capped()).toBe(body);
    expect(screen.queryByTestId("self-card")).toBeNull();
  });

  it("says nothing about JSON for plain text", async () => {
    await open([{ body: "hello=world&a=1" }]);
    expect(screen.queryByTestId("body-parse-note")).toBeNull();
    expect(capped()).toBe("hello=world&a=1");
  });

  it("opens a body nested 100,000 levels deep as a tree", async () => {
    const depth = 100_000;
    await open([{ body: '{"a":'.repeat(depth) + "1" + "}".repeat(depth) }]);
    expect(screen.getByTestId("body-kind").textContent).toBe("JSON");
    const rows = screen.getAllByTestId("tree-row");
    expect(rows).toHaveLength(7);
    await fireEvent.click(within(rows.at(-1)!).getByTestId("tree-toggle"));
    expect(screen.getAllByTestId("tree-row")).toHaveLength(8);
    await fireEvent.click(screen.getByTestId("body-view-pretty"));
    expect(capped()).toMatch(/^\{\n {2}"a": \{\n {4}"a": \{/);
  });

  it("puts the Self card above the body of a verification.completed, and only there", async () => {
    const self = '{"type":"verification.completed","status":"expired","verification_id":"v-9"}';
    const { view, summaries } = await open([{ body: self }, { body: '{"type":"invoice.paid","status":"expired"}' }]);
    const card = screen.getByTestId("self-card");
    expect(screen.getByTestId("self-status-meaning").textContent).toBe("The session expired before completion.");
    expect(card.compareDocumentPosition(screen.getByTestId("detail-body")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(card.closest("[role=tabpanel]")?.id).toBe("detail-panel-body");

    await view.rerender({ summary: summaries[1]! });
    await settle();
    expect(screen.queryByTestId("self-card")).toBeNull();
  });

  it("keeps the chosen view for the next delivery that has it", async () => {
    const { view, summaries } = await open([{ body: '{"a":1}' }, { body: "plain" }, { body: '{"b":2}' }]);
    await fireEvent.click(screen.getByTestId("body-view-pretty"));
    await view.rerender({ summary: summaries[1]! });
    await settle();
    expect(screen.getByTestId("detail-body").dataset.view).toBe("raw");
    await view.rerender({ summary: summaries[2]! });
    await settle();
    expect(screen.getByTestId("detail-body").dataset.view).toBe("pretty");
    expect(capped()).toBe('{\n  "b": 2\n}');
  });
});
