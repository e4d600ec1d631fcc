import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import DeliveryPane from "../delivery/DeliveryPane.svelte";
import type { IpcError, ReplayRecord } from "../lib/ipc";
import {
  answered,
  clearMocks,
  deliveryJson,
  emit,
  failed,
  fakeCore,
  replayRecord,
  settle,
  summary,
  type FakeCoreOptions,
} from "../test/fake-core";

afterEach(() => {
  cleanup();
  clearMocks();
});

const SAVED = "http://localhost:4000/hooks";
const s = summary(1);

/** Opens delivery 1 in the pane, on the Replays tab unless told not to. */
async function openReplays(options: FakeCoreOptions = {}, { tab = true, replays = [] as ReplayRecord[] } = {}) {
  const core = fakeCore({
    deliveries: [deliveryJson(s, { replays })],
    replaySettings: { target: SAVED, timeout_seconds: 30 },
    ...options,
  });
  const view = render(DeliveryPane, { summary: s });
  await settle();
  if (tab) {
    await fireEvent.click(screen.getByTestId("tab-replays"));
    await settle();
  }
  return { core, view };
}

async function click(testid: string): Promise<void> {
  await fireEvent.click(screen.getByTestId(testid));
  await settle();
}

const input = <T extends HTMLElement = HTMLInputElement>(testid: string) => screen.getByTestId<T>(testid);
const rows = () => screen.queryAllByTestId("replay-row");
const within = (row: HTMLElement | undefined, testid: string) => row?.querySelector(`[data-testid=${testid}]`)?.textContent;

function mockClipboard(): string[] {
  const written: string[] = [];
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: { writeText: async (text: string) => void written.push(text) },
  });
  return written;
}

describe("Replays tab: sending", () => {
  it("prefills the target from the settings and replays as captured to it", async () => {
    const { core } = await openReplays();
    expect(core.callsTo("replay_settings")).toHaveLength(1);
    expect(input("replay-target").value).toBe(SAVED);
    expect(screen.getByTestId("replays-empty").textContent).toBe("Not replayed yet.");

    await click("replay-as-captured");
    expect(core.callsTo("replay_delivery")).toEqual([{ id: s.id, target: SAVED, mode: { kind: "as_captured" } }]);
    expect(rows()).toHaveLength(1);
    expect(within(rows()[0], "replay-mode")).toBe("as captured");
    expect(within(rows()[0], "replay-target-url")).toBe(SAVED);
  });

  it("replays re-signed, with or without a new message id, to the target typed for this replay", async () => {
    const { core } = await openReplays();
    await fireEvent.input(input("replay-target"), { target: { value: " http://127.0.0.1:9999/other " } });
    await click("replay-resigned");
    await fireEvent.click(input("replay-new-id"));
    await click("replay-resigned");
    expect(core.callsTo("replay_delivery")).toEqual([
      { id: s.id, target: "http://127.0.0.1:9999/other", mode: { kind: "resigned", new_message_id: false } },
      { id: s.id, target: "http://127.0.0.1:9999/other", mode: { kind: "resigned", new_message_id: true } },
    ]);
    // Newest first, each saying how it was sent.
    expect(rows().map((row) => within(row, "replay-mode"))).toEqual(["re-signed (new id)", "re-signed (same id)"]);
    // Typing a target does not save it.
    expect(core.callsTo("set_replay_settings")).toEqual([]);
  });

  it("sends null (the saved target) when the field is empty", async () => {
    const { core } = await openReplays({ replaySettings: { target: null, timeout_seconds: 30 } });
    expect(input("replay-target").value).toBe("");
    await click("replay-as-captured");
    expect(core.callsTo("replay_delivery")[0]?.target).toBeNull();
  });

  it("shows the core's words when the replay could not be built, and clears them on the next success", async () => {
    let refuse = true;
    await openReplays({
      onReplay: (asked) => {
        if (refuse) throw { code: "invalid_input", message: "no signing secret for /webhooks/1" } satisfies IpcError;
        return replayRecord(1, { delivery_id: asked.id, mode: asked.mode });
      },
    });
    await click("replay-resigned");
    expect(screen.getByTestId("replay-error").textContent).toBe("no signing secret for /webhooks/1");
    expect(rows()).toHaveLength(0);

    refuse = false;
    await click("replay-as-captured");
    expect(screen.queryByTestId("replay-error")).toBeNull();
    expect(rows()).toHaveLength(1);
  });
});

describe("Replays tab: the list", () => {
  it("shows a failed send as a record with the failure in words", async () => {
    await openReplays({
      onReplay: (asked) => replayRecord(3, { delivery_id: asked.id, result: failed("nothing is listening on localhost:3000"), latency_ms: 2 }),
    });
    await click("replay-as-captured");
    const [row] = rows();
    expect(row?.dataset.result).toBe("failed");
    expect(within(row, "replay-failure")).toBe("nothing is listening on localhost:3000");
    expect(within(row, "replay-failure-kind")).toContain("refused");
    expect(row?.querySelector("[data-testid=replay-status]")).toBeNull();
    // A failed send is a record, not an error.
    expect(screen.queryByTestId("replay-error")).toBeNull();
  });

  it("shows an answer's status, latency, headers and body as literal text", async () => {
    const html = "<h1>Oops</h1><img src=x onerror=alert(1)>";
    const result = answered({ status: 500, headers: [["content-type", "text/html"], ["x-trace", "<b>1</b>"]], body: html });
    const { view } = await openReplays({}, { replays: [replayRecord(1, { result, latency_ms: 250 })] });
    const [row] = rows();
    expect(row?.dataset.result).toBe("answered");
    expect(within(row, "replay-status")).toContain("500");
    expect(within(row, "replay-status")).toContain("server error");
    expect(within(row, "replay-latency")).toBe("after 250 ms");
    expect(within(row, "replay-response-headers")).toBe("content-type: text/html\nx-trace: <b>1</b>");
    expect(within(row, "replay-response-body")).toBe(html);
    expect(view.container.querySelector("img, h1, b, script")).toBeNull();
    expect(row?.querySelector("[data-testid=replay-truncated]")).toBeNull();
  });

  it("marks a response body cut at 1 MiB", async () => {
    await openReplays({}, { replays: [replayRecord(1, { result: answered({ body: "x".repeat(100), truncated: true }) })] });
    expect(within(rows()[0], "replay-truncated")).toBe("(truncated at 1 MiB)");
  });

  it("lists the stored replays newest first and counts them on the tab", async () => {
    const stored = [replayRecord(1), replayRecord(3, { mode: { kind: "edited", resign: true, new_message_id: false } }), replayRecord(2)];
    const { core } = await openReplays({}, { replays: stored });
    expect(rows().map((row) => within(row, "replay-mode"))).toEqual(["edited, re-signed (same id)", "as captured", "as captured"]);
    expect(rows()[0]?.querySelector("time")?.getAttribute("datetime")).toBe(new Date(stored[1]!.at_ms).toISOString());
    expect(screen.getByTestId("tab-replays").textContent).toContain("(3)");
    // They came with the delivery: no second read.
    expect(core.callsTo("replays_of")).toEqual([]);
  });

  it("keeps the request as sent folded under each replay", async () => {
    await openReplays({}, { replays: [replayRecord(1)] });
    const details = rows()[0]?.querySelector("details");
    expect(details?.open).toBe(false);
    expect(details?.querySelector("summary")?.textContent).toBe("Request as sent");
    expect(within(rows()[0], "replay-request-line")).toBe("POST http://localhost:3000/webhooks");
    expect(within(rows()[0], "replay-request-headers")).toBe("content-type: application/json");
    expect(within(rows()[0], "replay-request-body")).toBe('{\n  "hello": "world"\n}');
  });

  it("adds replays the core reports for the open delivery, once each, and ignores other deliveries'", async () => {
    await openReplays({ onReplay: (asked) => replayRecord(5, { delivery_id: asked.id }) });
    await emit("replay-recorded", replayRecord(4));
    await emit("replay-recorded", replayRecord(9, { delivery_id: "D00000002" }));
    await settle();
    expect(rows()).toHaveLength(1);

    // The core also reports the replay sent from here: it is not listed twice.
    await click("replay-as-captured");
    await emit("replay-recorded", replayRecord(5));
    await settle();
    expect(rows().map((row) => row.querySelector("time")?.getAttribute("datetime"))).toEqual([
      new Date(replayRecord(5).at_ms).toISOString(),
      new Date(replayRecord(4).at_ms).toISOString(),
    ]);
  });
});

describe("Replays tab: forwarded deliveries", () => {
  it("marks what forward mode sent, stored or as it arrives, and only that", async () => {
    await openReplays({}, { replays: [replayRecord(1, { forwarded: true })] });
    await emit("replay-recorded", replayRecord(2, { forwarded: true, mode: { kind: "resigned", new_message_id: false } }));
    await emit("replay-recorded", replayRecord(3));
    await settle();
    const marked = rows().map((row) => within(row, "replay-forwarded")?.trim() ?? null);
    expect(marked).toEqual([null, "↪ forwarded", "↪ forwarded"]);
    expect(within(rows()[1], "replay-mode")).toBe("re-signed (same id)");
  });
});

describe("Replays tab: edit & send", () => {
  it("prefills the editor with the captured body and headers and sends what was edited", async () => {
    const { core } = await openReplays();
    await click("replay-edit");
    expect(input<HTMLTextAreaElement>("edit-body").value).toBe('{"hello":"world"}');
    expect(input<HTMLTextAreaElement>("edit-headers").value).toBe("host: 127.0.0.1:8790\ncontent-type: application/json");
    // Unsigned delivery: no secret to re-sign with, so re-signing starts off.
    expect(input("edit-resign").checked).toBe(false);

    await fireEvent.input(input("edit-body"), { target: { value: '{"hello":"edited"}' } });
    await fireEvent.input(input("edit-headers"), { target: { value: "content-type: application/json\n\nx-extra:  a: b \n" } });
    await fireEvent.click(input("edit-resign"));
    await click("edit-send");
    expect(core.callsTo("replay_edited")).toEqual([
      {
        id: s.id,
        target: SAVED,
        body: '{"hello":"edited"}',
        headers: [
          ["content-type", "application/json"],
          ["x-extra", "a: b"],
        ],
        resign: true,
        newMessageId: false,
      },
    ]);
    expect(within(rows()[0], "replay-mode")).toBe("edited, re-signed (same id)");
  });

  it("refuses a header line without a name and sends nothing", async () => {
    const { core } = await openReplays();
    await click("replay-edit");
    await fireEvent.input(input("edit-headers"), { target: { value: "content-type: text/plain\nnot a header" } });
    await click("edit-send");
    expect(screen.getByTestId("edit-error").textContent).toContain("Line 2");
    expect(core.callsTo("replay_edited")).toEqual([]);
  });
});

describe("Replays tab: copy as cURL", () => {
  it("copies the core's command, as captured or re-signed, and shows it to select", async () => {
    const written = mockClipboard();
    const { core } = await openReplays({ onCurl: (id, target, resign) => `curl ${resign ? "--resigned " : ""}'${target}' # ${id}` });
    await click("copy-curl");
    expect(core.callsTo("curl_command")).toEqual([{ id: s.id, target: SAVED, resign: false }]);
    expect(written).toEqual([`curl '${SAVED}' # ${s.id}`]);
    expect(screen.getByTestId("curl-text").textContent).toBe(`curl '${SAVED}' # ${s.id}`);
    expect(screen.getByTestId("curl-text").tagName).toBe("PRE");
    expect(screen.getByTestId("curl-copied").textContent).toContain("Copied");

    await click("copy-curl-resigned");
    expect(core.callsTo("curl_command")[1]).toEqual({ id: s.id, target: SAVED, resign: true });
    expect(written[1]).toBe(`curl --resigned '${SAVED}' # ${s.id}`);
  });

  it("still shows the command when the clipboard refuses", async () => {
    Object.defineProperty(navigator, "clipboard", {
      configurable: true,
      value: { writeText: async () => Promise.reject(new Error("denied")) },
    });
    await openReplays();
    await click("copy-curl");
    expect(screen.getByTestId("curl-text").textContent).toContain("curl -X POST");
    expect(screen.getByTestId("curl-copied").textContent).toContain("clipboard refused");
  });
});

describe("Replays tab: the saved target", () => {
  it("saves the field as the default target", async () => {
    const { core } = await openReplays();
    expect(input<HTMLButtonElement>("replay-save-target").disabled).toBe(true);
    await fireEvent.input(input("replay-target"), { target: { value: "http://localhost:5000/wh" } });
    await click("replay-save-target");
    expect(core.callsTo("set_replay_settings")).toEqual([{ settings: { target: "http://localhost:5000/wh", timeout_seconds: 30 } }]);
    expect(screen.getByTestId("replay-saved-target").textContent).toBe("http://localhost:5000/wh");
    expect(input<HTMLButtonElement>("replay-save-target").disabled).toBe(true);
  });

  it("saves the answer timeout, and refuses one that is not 1–600 seconds", async () => {
    const { core } = await openReplays();
    expect(input("replay-timeout").value).toBe("30");
    await fireEvent.input(input("replay-timeout"), { target: { value: "700" } });
    await click("replay-save-target");
    expect(core.callsTo("set_replay_settings")).toEqual([]);
    expect(screen.getByTestId("replay-error").textContent).toContain("1 to 600");
    await fireEvent.input(input("replay-timeout"), { target: { value: "5" } });
    await click("replay-save-target");
    expect(core.callsTo("set_replay_settings")).toEqual([{ settings: { target: SAVED, timeout_seconds: 5 } }]);
  });

  it("shows why the core refused a target", async () => {
    await openReplays({
      onSetReplaySettings: () => {
        throw { code: "invalid_input", message: "the target must be an http or https URL" } satisfies IpcError;
      },
    });
    await fireEvent.input(input("replay-target"), { target: { value: "ftp://nope" } });
    await click("replay-save-target");
    expect(screen.getByTestId("replay-error").textContent).toBe("the target must be an http or https URL");
    expect(screen.getByTestId("replay-saved-target").textContent).toBe(SAVED);
  });
});

describe("Replay shortcuts", () => {
  it("shows the shortcuts in the pane", async () => {
    await openReplays({}, { tab: false });
    const hints = screen.getByTestId("shortcut-hints").textContent ?? "";
    expect(hints).toContain("r replay as captured");
    expect(hints).toContain("c copy as cURL");
  });

  it("r replays as captured to the saved target and shows the Replays tab", async () => {
    const { core } = await openReplays({}, { tab: false });
    await fireEvent.keyDown(document.body, { key: "r" });
    await settle();
    expect(core.callsTo("replay_delivery")).toEqual([{ id: s.id, target: null, mode: { kind: "as_captured" } }]);
    expect(screen.getByTestId("tab-replays").getAttribute("aria-selected")).toBe("true");
    expect(rows()).toHaveLength(1);
  });

  it("c copies as cURL", async () => {
    const written = mockClipboard();
    const { core } = await openReplays({}, { tab: false });
    await fireEvent.keyDown(document.body, { key: "c" });
    await settle();
    expect(core.callsTo("curl_command")).toEqual([{ id: s.id, target: null, resign: false }]);
    expect(written).toHaveLength(1);
  });

  it("ignore keys typed into a field, chords, and the pane behind the settings panel", async () => {
    const { core, view } = await openReplays();
    await fireEvent.keyDown(input("replay-target"), { key: "r" });
    await click("replay-edit");
    await fireEvent.keyDown(input("edit-body"), { key: "c" });
    await fireEvent.keyDown(document.body, { key: "c", ctrlKey: true });
    await fireEvent.keyDown(document.body, { key: "r", metaKey: true });
    view.container.setAttribute("inert", "");
    await fireEvent.keyDown(document.body, { key: "r" });
    await settle();
    expect(core.callsTo("replay_delivery")).toEqual([]);
    expect(core.callsTo("curl_command")).toEqual([]);
  });

  it("do nothing while no delivery is open", async () => {
    const core = fakeCore();
    render(DeliveryPane, { summary: null });
    await fireEvent.keyDown(document.body, { key: "r" });
    await settle();
    expect(core.callsTo("replay_delivery")).toEqual([]);
  });
});
