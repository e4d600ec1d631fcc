import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import App from "./App.svelte";
import type { DowntimeWindow } from "./lib/ipc";
import { clearMocks, emit, fakeCore, settle, summary, tunnelView } from "./test/fake-core";

afterEach(() => {
  cleanup();
  clearMocks();
});

const at = (minute: number, second = 0) => new Date(2025, 0, 2, 10, minute, second).getTime();
// Deliveries at 10:00, 10:01, 10:06 and 10:07, newest first; the tunnel was down 10:02–10:05.
const rows = [7, 6, 1, 0].map((minute) => summary(minute, { received_at_ms: at(minute) }));
const outage: DowntimeWindow = { from_ms: at(2), to_ms: at(5) };

const badges = () =>
  screen.queryAllByTestId("row-downtime").map((badge) => ({
    row: badge.closest<HTMLElement>("[data-testid=timeline-row]")?.dataset.id,
    text: badge.textContent?.trim(),
  }));

describe("App: tunnel downtime in the timeline", () => {
  it("marks the first delivery after each outage, and only that one", async () => {
    const core = fakeCore({ summaries: rows, downtime: [outage] });
    render(App);
    await settle();
    expect(core.callsTo("tunnel_downtime")).toHaveLength(1);
    expect(badges()).toEqual([{ row: summary(6).id, text: "⏸ after 3 min of tunnel downtime (10:02–10:05)" }]);
  });

  it("reads the outages again when the tunnel changes", async () => {
    const downtime: DowntimeWindow[] = [];
    const core = fakeCore({ summaries: rows, downtime });
    render(App);
    await settle();
    expect(badges()).toEqual([]);

    downtime.push(outage);
    await emit("tunnel-changed", tunnelView({ has_token: true, state: { state: "online", url: "https://a.ngrok.app" } }));
    await settle();
    expect(core.callsTo("tunnel_downtime")).toHaveLength(2);
    expect(badges().map((badge) => badge.row)).toEqual([summary(6).id]);
  });

  it("does not mark events mode", async () => {
    fakeCore({ summaries: rows, downtime: [outage] });
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId("view-events"));
    await settle();
    expect(badges()).toEqual([]);
  });
});

describe("App: tunnel bar", () => {
  it("sits in the top bar next to the local URL and shows the URL to register once online", async () => {
    const url = "https://quiet-fox-42.ngrok-free.app";
    fakeCore({ tunnel: tunnelView({ has_token: true, state: { state: "online", url } }) });
    render(App);
    await settle();
    const topbar = screen.getByTestId("local-url").closest("header");
    expect(topbar?.contains(screen.getByTestId("tunnel-switch"))).toBe(true);
    expect(topbar?.contains(screen.getByTestId("public-url"))).toBe(true);
    expect(screen.getByTestId("tunnel-state").textContent).toContain("online");
    expect(screen.getByTestId("webhook-url").textContent).toBe(`${url}/webhooks/self`);
  });

  it("offers the tunnel settings in the Settings panel", async () => {
    fakeCore({ downtime: [outage] });
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId("open-settings"));
    await settle();
    const panel = screen.getByTestId("settings-panel");
    for (const testid of ["ngrok-token", "tunnel-domain", "webhook-path", "manual-url", "forward-enabled"]) {
      expect(panel.querySelector(`[data-testid=${testid}]`), testid).not.toBeNull();
    }
    expect(screen.getAllByTestId("downtime-window").map((item) => item.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "⏸ Down 3 min, 10:02–10:05",
    ]);
  });
});

describe("App: storage health", () => {
  it("says deliveries cannot be stored while the core reports a problem, and stops once it is fixed", async () => {
    fakeCore();
    render(App);
    await settle();
    expect(screen.queryByTestId("storage-banner")).toBeNull();

    await emit("storage-health", { ok: false, problem: "the disk is full." });
    await settle();
    const banner = screen.getByTestId("storage-banner");
    expect(banner.textContent?.trim()).toBe("⛔ Cannot store deliveries: the disk is full. Senders get 503 and will retry.");
    expect(banner.getAttribute("role")).toBe("alert");

    await emit("storage-health", { ok: true, problem: null });
    await settle();
    expect(screen.queryByTestId("storage-banner")).toBeNull();
  });

  it("still says something when the core gives no problem", async () => {
    fakeCore();
    render(App);
    await settle();
    await emit("storage-health", { ok: false, problem: null });
    await settle();
    expect(screen.getByTestId("storage-banner").textContent).toContain("Cannot store deliveries: the store failed. Senders get 503");
  });
});
