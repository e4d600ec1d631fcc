import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import type { DeliveryJson } from "../lib/ipc";
import { mockClipboard } from "../test/clipboard";
import { clearMocks, deliveryJson, fakeCore, settle, signatureReportOf, summary, verification } from "../test/fake-core";
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

const bodyKind = () => screen.getByTestId("body-kind").textContent;
const textShown = () => screen.getByTestId("capped-text").textContent;

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
    expect(textShown()).toBe(hostile);
    expect(view.container.querySelector("img")).toBeNull();
    expect(document.querySelector("img, script")).toBeNull();
    expect(screen.getByTestId("header-value").textContent).toBe("<script>alert(2)</script>");
  });

  it("shows a JSON body as a tree, and pretty, raw or in hex on request", async () => {
    await show({ body: '{"hello":"world"}\n' });
    expect(bodyKind()).toBe("JSON");
    expect(screen.getByTestId("detail-body").dataset.view).toBe("tree");
    expect(screen.getByTestId("tree-key").textContent).toBe('"hello"');
    expect(screen.getByTestId("tree-value").textContent).toBe('"world"');

    await fireEvent.click(screen.getByTestId("body-view-pretty"));
    expect(screen.getByTestId("body-view-pretty").getAttribute("aria-pressed")).toBe("true");
    expect(textShown()).toBe('{\n  "hello": "world"\n}');
    await fireEvent.click(screen.getByTestId("body-view-raw"));
    expect(textShown()).toBe('{"hello":"world"}\n');
    await fireEvent.click(screen.getByTestId("body-view-hex"));
    expect(screen.getByTestId("hex-dump").textContent).toMatch(/^00000000  7b 22 68 65 6c 6c 6f 22  3a 22 77 6f 72 6c 64 22  \|\{"hello":"world"\|\n00000010  7d 0a/);
    expect(screen.queryByTestId("json-tree")).toBeNull();
  });

  it("shows a binary body as a hex dump, the only view it has", async () => {
    await show({ body: undefined, body_base64: btoa("\u0000\u0001AB\u00ff") }, { size: 5 });
    expect(bodyKind()).toBe("Binary");
    expect(screen.getByTestId("hex-dump").textContent).toMatch(/^00000000  00 01 41 42 ff\s+\|\.\.AB\.\|$/);
    expect(screen.queryByTestId("body-view-tree")).toBeNull();
    expect(screen.queryByTestId("copy-body")).toBeNull();
  });

  it("says when a body is empty, and why when it was refused", async () => {
    await show(
      { body: undefined, rejection: "too_large", declared_size: 20 * 1024 * 1024, size: 0, response: { status: 413, delay_ms: 0, scripted: false, held: false } },
      { status: 413, rejection: "too_large", size: 0 },
    );
    expect(bodyKind()).toBe("Empty");
    expect(screen.getByTestId("detail-body").textContent?.trim()).toBe("(empty body)");
    const detail = screen.getByTestId("detail").textContent ?? "";
    expect(detail).toContain("413 rejected: too large");
    expect(detail).toContain("The body was not captured (rejected: too large)");
    expect(screen.getByTestId("detail-declared-size").textContent).toMatch(/20,971,520 bytes\s⚠ not what was stored/);
  });

  it("shows the received time, remote address, size and answered status", async () => {
    await show({ remote_addr: "127.0.0.1:50123" });
    const detail = screen.getByTestId("detail").textContent ?? "";
    expect(detail).toContain("127.0.0.1:50123");
    expect(screen.getByTestId("detail-size").textContent).toBe("17 B (17 bytes)");
    expect(screen.getByTestId("detail-declared-size").textContent?.trim()).toBe("none (no Content-Length)");
    expect(screen.getByTestId("detail-answered").textContent?.trim()).toBe("200, without delay");
    expect(detail).toMatch(/2025-01-0\d \d\d:\d\d:06\.006/);
  });

  it("says how long the answer waited and what size was declared", async () => {
    await show({ declared_size: 17, response: { status: 503, delay_ms: 2000, scripted: true, held: false } }, { status: 503 });
    expect(screen.getByTestId("detail-answered").textContent?.trim()).toBe("503, scripted, after a 2 s delay");
    expect(screen.getByTestId("detail-declared-size").textContent?.trim()).toBe("17 bytes");
  });

  it("copies each header value, the delivery id and the body", async () => {
    const written = mockClipboard();
    await show({ headers: [["svix-id", "msg_2a"], ["x-two", "b  c"]], body: '{"a":1}' });
    const [first, second] = screen.getAllByTestId("header-copy");
    await fireEvent.click(second!);
    await fireEvent.click(first!);
    await fireEvent.click(screen.getByTestId("copy-delivery-id"));
    await fireEvent.click(screen.getByTestId("copy-body"));
    await settle();
    expect(written).toEqual(["b  c", "msg_2a", "D00000001", '{"a":1}']);
    expect(first?.getAttribute("aria-label")).toBe("Copy the value of svix-id");
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

describe("DeliveryPane tabs", () => {
  const mismatch = verification({
    status: "mismatch",
    matched_secret: null,
    skew_seconds: 3,
    hints: ["The body was changed after signing (a proxy re-encoded the JSON?).", "The secret may be for another endpoint."],
    detail: "No configured secret produces the received signature.",
  });

  async function showSigned(report = signatureReportOf({ at_receipt: mismatch })) {
    const s = summary(1, { verification: "mismatch" });
    const core = fakeCore({ deliveries: [deliveryJson(s, { verification: mismatch })], reports: { [s.id]: report } });
    const view = render(DeliveryPane, { summary: s });
    await settle();
    return { core, s, view };
  }

  it("opens on the body, with the verdict among the facts, and fetches no signature report until asked", async () => {
    const { core } = await showSigned();
    expect(screen.getByTestId("tab-body").getAttribute("aria-selected")).toBe("true");
    expect(screen.getByTestId("detail-body").closest("[role=tabpanel]")?.hasAttribute("hidden")).toBe(false);
    expect(screen.getByTestId("detail-headers").closest("[role=tabpanel]")?.hasAttribute("hidden")).toBe(true);
    expect(screen.getByTestId("detail-verdict").textContent).toContain("mismatch");
    expect(core.callsTo("signature_report")).toEqual([]);

    await fireEvent.click(screen.getByTestId("tab-headers"));
    expect(screen.getByTestId("detail-headers").closest("[role=tabpanel]")?.hasAttribute("hidden")).toBe(false);
    expect(screen.getByTestId("tab-headers").getAttribute("aria-selected")).toBe("true");
  });

  it("explains the signature: verdict at receipt, each hint, timing, and apart from it the verdict now", async () => {
    const { core, s } = await showSigned();
    await fireEvent.click(screen.getByTestId("tab-signature"));
    await settle();
    expect(core.callsTo("signature_report")).toEqual([{ id: s.id }]);

    expect(screen.getByTestId("signature-status").textContent).toBe("mismatch");
    expect(screen.getByTestId("signature-status").dataset.verdict).toBe("mismatch");
    expect(screen.getByTestId("signature-detail").textContent?.trim()).toBe("No configured secret produces the received signature.");
    expect(screen.getAllByTestId("signature-hint").map((h) => h.textContent)).toEqual(mismatch.hints);
    expect(screen.getByTestId("signature-skew").textContent).toBe("received 3 s after it was signed");

    const now = screen.getByTestId("signature-now");
    expect(now.textContent).toBe("verified");
    // Shown in its own section, not mixed into the verdict at receipt.
    expect(now.closest("section")).not.toBe(screen.getByTestId("signature-status").closest("section"));

    expect(screen.getByTestId("signature-preview").textContent).toBe('msg_1.1735787045.{"type":"invoice.paid"}');
    expect(screen.queryByTestId("signature-preview-truncated")).toBeNull();
    expect(screen.getByTestId("signature-expected").textContent).toContain("✓ matched");
    expect(screen.getByTestId("signature-received").dataset.state).toBe("matched");

    // Back and forth between tabs: the report is not fetched again.
    await fireEvent.click(screen.getByTestId("tab-body"));
    await fireEvent.click(screen.getByTestId("tab-signature"));
    await settle();
    expect(core.callsTo("signature_report")).toHaveLength(1);
  });

  it("says when the signed content was cut, and which secret matched", async () => {
    const report = signatureReportOf({
      at_receipt: verification({ matched_secret: "previous", skew_seconds: -4 }),
      detail: { ...signatureReportOf().detail, preview_truncated: true, received: [{ entry: "v1,zzz", state: "no_match" }] },
    });
    await showSigned(report);
    await fireEvent.click(screen.getByTestId("tab-signature"));
    await settle();
    expect(screen.getByTestId("signature-status").textContent).toBe("verified");
    expect(screen.getByTestId("signature-matched").textContent).toBe("previous");
    expect(screen.getByTestId("signature-skew").textContent).toContain("4 s before its signed time");
    expect(screen.getByTestId("signature-preview-truncated").textContent).toContain("Only the start");
    expect(screen.getByTestId("signature-received").textContent).toContain("no match");
  });

  it("says 'not checked' for a refused body", async () => {
    await showSigned(signatureReportOf({ at_receipt: null, now_ignoring_time: verification({ status: "unsigned", detail: "No signature headers." }) }));
    await fireEvent.click(screen.getByTestId("tab-signature"));
    await settle();
    expect(screen.getByTestId("signature-status").textContent).toBe("not checked");
    expect(screen.getByTestId("signature-now").textContent).toBe("unsigned");
    expect(screen.queryAllByTestId("signature-hint")).toHaveLength(0);
  });

  it("shows the sender's side: outcome, answer, attempt, relation, message id and dedup key", async () => {
    const s = summary(2, { attempt: 2, relation: { kind: "retry", of: "D00000001" }, message_id: "msg_2xyz", status: 503 });
    fakeCore({
      deliveries: [
        deliveryJson(s, {
          response: { status: 503, delay_ms: 2000, scripted: true, held: false },
          sender_outcome: { kind: "will_retry", summary: "will retry in about 5 min (attempt 3 of 8)", next_attempt_at_ms: null, attempt: 2, max_attempts: 8 },
        }),
      ],
    });
    render(DeliveryPane, { summary: s });
    await settle();
    await fireEvent.click(screen.getByTestId("tab-sender"));
    expect(screen.getByTestId("sender-outcome").textContent).toBe("will retry in about 5 min (attempt 3 of 8)");
    expect(screen.getByTestId("sender-answer").textContent).toBe("503, scripted, after a 2 s delay");
    expect(screen.getByTestId("sender-attempt").textContent?.replace(/\s+/g, " ").trim()).toBe("2 of 8");
    expect(screen.getByTestId("sender-relation").textContent).toBe("retry of D00000001");
    expect(screen.getByTestId("sender-message-id").textContent).toBe("msg_2xyz");
    expect(screen.getByTestId("sender-dedup-key").textContent).toBe(`sha256:${s.id}`);
  });

  it("says when Hookscope held the connection instead of answering", async () => {
    const s = summary(3);
    fakeCore({ deliveries: [deliveryJson(s, { response: { status: 0, delay_ms: 0, scripted: true, held: true } })] });
    render(DeliveryPane, { summary: s });
    await settle();
    expect(screen.getByTestId("sender-answer").textContent).toBe("held (simulated timeout), scripted");
  });

  it("moves between tabs with the arrow keys", async () => {
    await showSigned();
    const body = screen.getByTestId("tab-body");
    body.focus();
    await fireEvent.keyDown(body, { key: "ArrowLeft" });
    expect(screen.getByTestId("tab-replays").getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(screen.getByTestId("tab-replays"));
    await fireEvent.keyDown(screen.getByTestId("tab-replays"), { key: "ArrowRight" });
    expect(screen.getByTestId("tab-body").getAttribute("aria-selected")).toBe("true");
  });

  it("fetches the open delivery and its report again when re-verification bumps the revision", async () => {
    const { core, s, view } = await showSigned();
    await fireEvent.click(screen.getByTestId("tab-signature"));
    await settle();
    await view.rerender({ summary: s, revision: 1 });
    await settle();
    expect(core.callsTo("get_delivery")).toEqual([{ id: s.id }, { id: s.id }]);
    expect(core.callsTo("signature_report")).toEqual([{ id: s.id }, { id: s.id }]);
  });
});
