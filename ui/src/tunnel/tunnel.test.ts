import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import type { DowntimeWindow, TunnelView } from "../lib/ipc";
import { clearMocks, emit, fakeCore, NO_TOKEN_SENTENCE, settle, summary, tunnelView, type FakeCoreOptions } from "../test/fake-core";
import { downtimeMarks, windowSpan } from "./downtime";
import { DowntimeStore } from "./downtime.svelte";
import TunnelBar from "./TunnelBar.svelte";
import TunnelDetails from "./TunnelDetails.svelte";
import TunnelSettingsSection from "./TunnelSettingsSection.svelte";
import { TunnelStore } from "./tunnel.svelte";

const listening: Array<{ dispose(): void }> = [];

afterEach(() => {
  cleanup();
  for (const store of listening.splice(0)) store.dispose();
  clearMocks();
});

const TOKEN = "2abcSECRETngrokTOKEN_9f8e7d";
const ONLINE = "https://quiet-fox-42.ngrok-free.app";

/** The top bar's tunnel controls and the strip under it, on a store that has read the core. */
async function showBar(options: FakeCoreOptions = {}) {
  const core = fakeCore(options);
  const tunnel = new TunnelStore();
  await tunnel.init();
  listening.push(tunnel);
  render(TunnelBar, { tunnel });
  render(TunnelDetails, { tunnel });
  await settle();
  return { core, tunnel };
}

async function showSettings(options: FakeCoreOptions = {}) {
  const core = fakeCore(options);
  const tunnel = new TunnelStore();
  const downtime = new DowntimeStore();
  await tunnel.init();
  await downtime.init();
  listening.push(tunnel, downtime);
  render(TunnelSettingsSection, { tunnel, downtime });
  await settle();
  return { core, tunnel, downtime };
}

async function changed(view: TunnelView): Promise<void> {
  await emit("tunnel-changed", view);
  await settle();
}

async function click(testid: string): Promise<void> {
  await fireEvent.click(screen.getByTestId(testid));
  await settle();
}

const text = (testid: string) => screen.getByTestId(testid).textContent?.trim();
const input = (testid: string) => screen.getByTestId<HTMLInputElement>(testid);
const pressed = () => screen.getByTestId("tunnel-switch").getAttribute("aria-pressed");

function mockClipboard(): string[] {
  const written: string[] = [];
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: { writeText: async (copied: string) => void written.push(copied) },
  });
  return written;
}

describe("Tunnel switch", () => {
  it("starts and stops the tunnel, and says each state in words", async () => {
    const { core } = await showBar({ tunnel: tunnelView({ has_token: true }) });
    expect(text("tunnel-switch")).toContain("Public URL (ngrok)");
    expect(pressed()).toBe("false");
    expect(text("tunnel-state")).toBe("○ off");
    expect(screen.queryByTestId("public-url")).toBeNull();
    expect(screen.queryByTestId("webhook-url")).toBeNull();

    await click("tunnel-switch");
    expect(core.callsTo("tunnel_start")).toEqual([{}]);
    expect(pressed()).toBe("true");
    expect(text("tunnel-state")).toBe("↻ connecting…");

    await changed(tunnelView({ has_token: true, state: { state: "online", url: ONLINE } }));
    expect(text("tunnel-state")).toBe("✓ online");
    expect(screen.getByTestId("tunnel-state").dataset.state).toBe("online");

    await changed(tunnelView({ has_token: true, state: { state: "reconnecting", url: ONLINE } }));
    expect(text("tunnel-state")).toBe("↻ reconnecting…");
    expect(pressed()).toBe("true");

    await click("tunnel-switch");
    expect(core.callsTo("tunnel_stop")).toEqual([{}]);
    expect(pressed()).toBe("false");
    expect(text("tunnel-state")).toBe("○ off");
    expect(screen.queryByTestId("public-url")).toBeNull();
  });

  it("shows the public URL and the full webhook URL to register once online, each with a copy button", async () => {
    const written = mockClipboard();
    await showBar({ tunnel: tunnelView({ has_token: true, state: { state: "online", url: ONLINE } }) });
    expect(text("public-url")).toBe(ONLINE);
    expect(text("webhook-url")).toBe(`${ONLINE}/webhooks/self`);
    expect(text("register-reminder")).toBe("Register the full URL, path included, at the provider (e.g. Self's dashboard).");

    await click("copy-public-url");
    await click("copy-webhook-url");
    expect(written).toEqual([ONLINE, `${ONLINE}/webhooks/self`]);
    expect(text("copy-webhook-url")).toBe("Copied");
  });

  it("shows the manual public URL while the tunnel is off", async () => {
    const settings = { domain: null, webhook_path: "/hooks/self", manual_url: "https://hooks.example.com" };
    await showBar({ tunnel: tunnelView({ settings }) });
    expect(text("tunnel-state")).toBe("○ off");
    expect(text("public-url")).toBe("https://hooks.example.com");
    expect(text("webhook-url")).toBe("https://hooks.example.com/hooks/self");
    expect(screen.getByTestId("copy-webhook-url")).toBeTruthy();
  });

  it("shows why the tunnel failed, ngrok's code included, and lets it be switched on again", async () => {
    const reason =
      "The ngrok account has reached a limit (ERR_NGROK_108): too many ngrok agent sessions are online at once. Stop the other ngrok agent (see https://dashboard.ngrok.com/agents) or upgrade the plan, then turn the tunnel on again.";
    const { core } = await showBar({ tunnel: tunnelView({ has_token: true, state: { state: "failed", reason, code: "ERR_NGROK_108" } }) });
    expect(text("tunnel-state")).toBe("✗ failed");
    expect(text("tunnel-error")).toBe(reason);
    expect(text("tunnel-error")).toContain("ERR_NGROK_108");
    expect(screen.getByTestId("tunnel-failure").getAttribute("role")).toBe("alert");
    // A token is there: no token form in the way.
    expect(screen.queryByTestId("tunnel-token")).toBeNull();
    expect(pressed()).toBe("false");

    await click("tunnel-switch");
    expect(core.callsTo("tunnel_start")).toHaveLength(1);
    expect(screen.queryByTestId("tunnel-error")).toBeNull();
  });

  it("adds the code when the sentence does not carry it", async () => {
    await showBar({ tunnel: tunnelView({ state: { state: "failed", reason: "The tunnel failed: session closed.", code: "ERR_NGROK_3200" } }) });
    expect(text("tunnel-error")).toBe("The tunnel failed: session closed. (ERR_NGROK_3200)");
  });

  it("without a token, says where to get one and takes it right there, then connects", async () => {
    const { core } = await showBar();
    await click("tunnel-switch");
    expect(text("tunnel-error")).toBe(NO_TOKEN_SENTENCE);
    expect(text("tunnel-error")).toContain("https://dashboard.ngrok.com/get-started/your-authtoken");
    expect(input("tunnel-token").type).toBe("password");

    await fireEvent.input(input("tunnel-token"), { target: { value: TOKEN } });
    await click("tunnel-token-save");
    expect(core.callsTo("set_ngrok_token")).toEqual([{ token: TOKEN }]);
    expect(core.callsTo("tunnel_start")).toHaveLength(2);
    expect(text("tunnel-state")).toBe("↻ connecting…");
    expect(screen.queryByTestId("tunnel-token")).toBeNull();
    expect(document.body.innerHTML).not.toContain(TOKEN);
  });

  it("says the listener must run first when the core refuses to start", async () => {
    await showBar({ status: { state: "failed", port: 8790, message: "address already in use" } });
    await click("tunnel-switch");
    expect(text("tunnel-switch-error")).toContain("start the local listener first");
    expect(text("tunnel-state")).toBe("○ off");
  });

  it("warns when the public URL changed since it was last online", async () => {
    const previous = "https://old-name.ngrok-free.app";
    await showBar({ tunnel: tunnelView({ has_token: true, state: { state: "online", url: ONLINE } }) });
    expect(screen.queryByTestId("stale-url-warning")).toBeNull();
    await changed(
      tunnelView({ has_token: true, state: { state: "online", url: ONLINE }, stale_url: { previous, current: ONLINE } }),
    );
    expect(text("stale-url-warning")).toBe(
      `⚠ The public URL changed since it was last online (was ${previous}): update it at the provider.`,
    );
  });

  it("keeps the newer state an event brought while a call was in flight", async () => {
    const { tunnel } = await showBar({
      tunnel: tunnelView({ has_token: true }),
      onTunnelStart: () => tunnelView({ has_token: true, state: { state: "connecting" } }),
    });
    const starting = tunnel.start();
    await emit("tunnel-changed", tunnelView({ has_token: true, state: { state: "online", url: ONLINE } }));
    await starting;
    await settle();
    expect(text("tunnel-state")).toBe("✓ online");
  });
});

describe("Tunnel settings", () => {
  it("saves the token without ever showing it back, and forgets it", async () => {
    const { core, tunnel } = await showSettings();
    expect(text("ngrok-token-status")).toBe("No token saved.");
    expect(screen.queryByTestId("ngrok-token-clear")).toBeNull();
    expect(input("ngrok-token").type).toBe("password");

    await fireEvent.input(input("ngrok-token"), { target: { value: `  ${TOKEN} ` } });
    await click("ngrok-token-save");
    expect(core.callsTo("set_ngrok_token")).toEqual([{ token: TOKEN }]);
    expect(input("ngrok-token").value).toBe("");
    expect(text("ngrok-token-status")).toContain("A token is saved");
    expect(document.body.innerHTML).not.toContain(TOKEN);
    expect(JSON.stringify(tunnel.view)).not.toContain(TOKEN);

    await click("ngrok-token-clear");
    expect(core.callsTo("set_ngrok_token")).toEqual([{ token: TOKEN }, { token: null }]);
    expect(text("ngrok-token-status")).toBe("No token saved.");
  });

  it("asks for a token before calling the core", async () => {
    const { core } = await showSettings();
    await click("ngrok-token-save");
    expect(core.callsTo("set_ngrok_token")).toEqual([]);
    expect(text("ngrok-token-error")).toBe("Paste the authtoken first.");
  });

  it("shows the saved settings and saves changes, blanks as null", async () => {
    const settings = { domain: "hooks.ngrok.app", webhook_path: "/webhooks/self", manual_url: null };
    const { core } = await showSettings({ tunnel: tunnelView({ settings }) });
    expect(input("tunnel-domain").value).toBe("hooks.ngrok.app");
    expect(input("webhook-path").value).toBe("/webhooks/self");
    expect(input("manual-url").value).toBe("");

    await fireEvent.input(input("tunnel-domain"), { target: { value: "  " } });
    await fireEvent.input(input("webhook-path"), { target: { value: " /hooks/stripe " } });
    await fireEvent.input(input("manual-url"), { target: { value: "https://proxy.example.com" } });
    await click("tunnel-settings-save");
    expect(core.callsTo("set_tunnel_settings")).toEqual([
      { settings: { domain: null, webhook_path: "/hooks/stripe", manual_url: "https://proxy.example.com" } },
    ]);
    expect(screen.queryByTestId("tunnel-settings-error")).toBeNull();
    expect(input("webhook-path").value).toBe("/hooks/stripe");
  });

  it("shows the core's reason for refusing the settings inline, keeping what was typed", async () => {
    const { core } = await showSettings();
    await fireEvent.input(input("webhook-path"), { target: { value: "webhooks" } });
    await click("tunnel-settings-save");
    expect(core.callsTo("set_tunnel_settings")).toHaveLength(1);
    expect(text("tunnel-settings-error")).toBe("the webhook path starts with /, e.g. /webhooks/self");
    expect(input("webhook-path").value).toBe("webhooks");

    await fireEvent.input(input("webhook-path"), { target: { value: "/webhooks" } });
    await fireEvent.input(input("manual-url"), { target: { value: "ftp://x" } });
    await click("tunnel-settings-save");
    expect(text("tunnel-settings-error")).toBe("a public URL starts with https://");
  });

  it("lists the downtime windows, newest first, and reads them again on every tunnel change", async () => {
    const at = (h: number, m: number, s = 0) => new Date(2025, 0, 2, h, m, s).getTime();
    const windows: DowntimeWindow[] = [
      { from_ms: at(10, 2), to_ms: at(10, 5) },
      { from_ms: at(11, 0, 5), to_ms: null },
    ];
    const { core } = await showSettings({ downtime: windows });
    expect(core.callsTo("tunnel_downtime")).toHaveLength(1);
    const items = screen.getAllByTestId("downtime-window").map((item) => item.textContent?.replace(/\s+/g, " ").trim());
    expect(items).toEqual(["⚠ Down since 11:00:05 (still down)", "⏸ Down 3 min, 10:02–10:05"]);

    await changed(tunnelView({ state: { state: "connecting" } }));
    expect(core.callsTo("tunnel_downtime")).toHaveLength(2);
  });

  it("says when there was no downtime", async () => {
    await showSettings();
    expect(text("downtime-none")).toBe("No downtime recorded.");
  });
});

describe("downtime marks", () => {
  const at = (minute: number, second = 0) => new Date(2025, 0, 2, 10, minute, second).getTime();
  // Newest first, as the timeline holds them: one a minute from 10:00 to 10:09, none from 10:03 to 10:06.
  const rows = [9, 8, 7, 6, 2, 1, 0].map((minute) => summary(minute, { received_at_ms: at(minute) }));

  it("marks the first row received after each ended window", () => {
    const marks = downtimeMarks(rows, [{ from_ms: at(2, 30), to_ms: at(5, 30) }], true);
    expect([...marks.keys()]).toEqual([summary(6).id]);
    expect(marks.get(summary(6).id)).toBe("after 3 min of tunnel downtime (10:02–10:05)");
  });

  it("counts a row received at the very end as after it, and gives short windows to the second", () => {
    const marks = downtimeMarks(rows, [{ from_ms: at(5, 30), to_ms: at(6) }], true);
    expect(marks.get(summary(6).id)).toBe("after 30 s of tunnel downtime (10:05:30–10:06:00)");
  });

  it("leaves open windows, windows with nothing after them, and windows whose row may not be loaded yet", () => {
    expect(downtimeMarks(rows, [{ from_ms: at(8), to_ms: null }], true).size).toBe(0);
    expect(downtimeMarks(rows, [{ from_ms: at(9, 10), to_ms: at(9, 20) }], true).size).toBe(0);
    // Everything loaded is newer than the window's end and older rows remain: the first after it is not known yet.
    const older = { from_ms: at(0, 0) - 120_000, to_ms: at(0, 0) - 60_000 };
    expect(downtimeMarks(rows.slice(0, 3), [older], false).size).toBe(0);
    expect(downtimeMarks(rows, [older], true).get(summary(0).id)).toContain("after 1 min of tunnel downtime");
  });

  it("joins two windows that end before the same row", () => {
    const marks = downtimeMarks(rows, [
      { from_ms: at(3), to_ms: at(4) },
      { from_ms: at(4, 30), to_ms: at(5, 30) },
    ], true);
    expect(marks.get(summary(6).id)).toBe(
      "after 1 min of tunnel downtime (10:03:00–10:04:00); after 1 min of tunnel downtime (10:04:30–10:05:30)",
    );
  });

  it("writes an open window as since when", () => {
    expect(windowSpan({ from_ms: at(2, 5), to_ms: null })).toBe("since 10:02:05");
  });
});
