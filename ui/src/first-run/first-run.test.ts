// The first-run guide in the empty timeline, through the whole App.
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import App from "../App.svelte";
import type { IpcError } from "../lib/ipc";
import { clearMocks, emit, fakeCore, settle, stored, summary, testEventView, tunnelView } from "../test/fake-core";

afterEach(() => {
  cleanup();
  clearMocks();
});

async function emptyApp(options: Parameters<typeof fakeCore>[0] = {}) {
  const core = fakeCore(options);
  render(App);
  await settle();
  return core;
}

const text = (testid: string) => screen.getByTestId(testid).textContent ?? "";

describe("the first-run guide", () => {
  it("gives the local URL with the webhook path to register, and says a public one is needed", async () => {
    await emptyApp();
    const url = screen.getByTestId("first-run-url");
    expect(url.textContent).toBe("http://127.0.0.1:8790/webhooks/self");
    expect(url.dataset.public).toBe("false");
    expect(text("first-run")).toContain("Self and most providers deliver only to a public HTTPS URL");
  });

  it("gives the public webhook URL once the tunnel has one", async () => {
    const online = tunnelView({
      state: { state: "online", url: "https://abc.ngrok.app" },
      public_url: "https://abc.ngrok.app",
      webhook_url: "https://abc.ngrok.app/webhooks/self",
    });
    await emptyApp({ tunnel: online });
    const url = screen.getByTestId("first-run-url");
    expect(url.textContent).toBe("https://abc.ngrok.app/webhooks/self");
    expect(url.dataset.public).toBe("true");
    expect(text("first-run")).not.toContain("This is the local URL");
  });

  it("waits for the listener before offering a URL or a test event", async () => {
    await emptyApp({ status: { state: "failed", port: 8790, message: "the port 8790 is already in use" } });
    expect(screen.queryByTestId("first-run-url")).toBeNull();
    expect(screen.getByTestId<HTMLButtonElement>("send-test-event").disabled).toBe(true);
  });

  it("opens the settings with the cursor in the secret's value", async () => {
    await emptyApp();
    await fireEvent.click(screen.getByTestId("first-run-secret"));
    await settle();
    expect(screen.getByTestId("settings-panel")).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId("secret-value"));
  });

  it("sends a test event, and the delivery it makes ends the first run", async () => {
    const core = await emptyApp();
    await fireEvent.click(screen.getByTestId("send-test-event"));
    await settle();
    expect(core.callsTo("send_test_event")).toEqual([{}]);
    expect(screen.queryByTestId("generated-secret")).toBeNull();

    await emit("deliveries-stored", stored([summary(1, { verification: "verified" })]));
    await settle();
    expect(screen.queryByTestId("first-run")).toBeNull();
    expect(screen.getAllByTestId("timeline-row")).toHaveLength(1);
  });

  it("shows a generated secret once, until dismissed, even after the timeline fills", async () => {
    const generated = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX";
    await emptyApp({
      onSendTestEvent: () => testEventView({ secret_label: "test events (generated)", generated_secret: generated }),
    });
    await fireEvent.click(screen.getByTestId("send-test-event"));
    await settle();
    await emit("deliveries-stored", stored([summary(1, { verification: "verified" })]));
    await settle();
    expect(text("generated-secret-value")).toBe(generated);
    expect(text("generated-secret")).toContain("“test events (generated)”");
    await fireEvent.click(screen.getByTestId("generated-secret-dismiss"));
    expect(screen.queryByTestId("generated-secret")).toBeNull();
    expect(document.body.textContent).not.toContain(generated);
  });

  it("says why a test event could not be sent", async () => {
    await emptyApp({
      onSendTestEvent: () => {
        throw { code: "listen", message: "the listener is not running: start it first" } satisfies IpcError;
      },
    });
    await fireEvent.click(screen.getByTestId("send-test-event"));
    await settle();
    expect(text("test-event-error")).toBe("the listener is not running: start it first");
    expect(screen.getByTestId<HTMLButtonElement>("send-test-event").disabled).toBe(false);
  });
});
