import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import type { ListenerStatus } from "../lib/ipc";
import { clearMocks, emit, fakeCore, running, settle } from "../test/fake-core";
import ListenerBar from "./ListenerBar.svelte";
import ListenerErrorPanel from "./ListenerErrorPanel.svelte";
import { ListenerStore } from "./listener.svelte";
import { parsePort } from "./port";

const failed: ListenerStatus = { state: "failed", port: 8790, message: "address already in use (os error 98)" };

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("ListenerStore", () => {
  it("holds the failed state the core reports", async () => {
    fakeCore({ status: failed });
    const store = new ListenerStore();
    await store.init();
    expect(store.status).toEqual(failed);
    expect(store.url).toBeNull();
    store.dispose();
  });

  it("calls start_listener with the chosen port and takes the state it reached", async () => {
    const core = fakeCore({ status: failed });
    const store = new ListenerStore();
    await store.init();
    await store.listen(9123);
    expect(core.callsTo("start_listener")).toEqual([{ port: 9123 }]);
    expect(store.status).toEqual(running(9123));
    expect(store.url).toBe("http://127.0.0.1:9123");
    store.dispose();
  });

  it("follows listener-changed events", async () => {
    fakeCore({ status: { state: "starting", port: 8790 } });
    const store = new ListenerStore();
    await store.init();
    await emit("listener-changed", running(8790));
    await settle();
    expect(store.url).toBe("http://127.0.0.1:8790");
    store.dispose();
  });

  it("keeps the message of a rejected start_listener", async () => {
    fakeCore({
      status: failed,
      onStartListener: () => {
        throw { code: "listen", message: "permission denied" };
      },
    });
    const store = new ListenerStore();
    await store.init();
    await store.listen(80);
    expect(store.error).toBe("permission denied");
    expect(store.applying).toBe(false);
    store.dispose();
  });
});

describe("parsePort", () => {
  it("accepts 1-65535 and nothing else", () => {
    expect(parsePort("9000")).toBe(9000);
    expect(parsePort(" 65535 ")).toBe(65535);
    expect(parsePort("0")).toBeNull();
    expect(parsePort("65536")).toBeNull();
    expect(parsePort("80a")).toBeNull();
    expect(parsePort("")).toBeNull();
    expect(parsePort("-1")).toBeNull();
  });
});

describe("listener controls", () => {
  it("show the failure, then restart on the typed port", async () => {
    const core = fakeCore({ status: failed });
    const listener = new ListenerStore();
    await listener.init();
    render(ListenerErrorPanel, { listener });
    render(ListenerBar, { listener });

    const panel = screen.getByTestId("listener-error");
    expect(panel.textContent).toContain("address already in use (os error 98)");
    const input = screen.getByTestId<HTMLInputElement>("port-input");
    expect(input.value).toBe("8790");

    await fireEvent.input(input, { target: { value: "9444" } });
    await fireEvent.click(screen.getByTestId("port-apply"));
    await settle();

    expect(core.callsTo("start_listener")).toEqual([{ port: 9444 }]);
    expect(screen.queryByTestId("listener-error")).toBeNull();
    expect(screen.getByTestId("local-url").textContent).toBe("http://127.0.0.1:9444");
    listener.dispose();
  });

  it("refuse a port that is not a number without calling the core", async () => {
    const core = fakeCore({ status: failed });
    const listener = new ListenerStore();
    await listener.init();
    render(ListenerErrorPanel, { listener });

    await fireEvent.input(screen.getByTestId("port-input"), { target: { value: "http" } });
    await fireEvent.click(screen.getByTestId("port-apply"));
    await settle();

    expect(core.callsTo("start_listener")).toEqual([]);
    expect(screen.getByTestId("listener-error").textContent).toContain("Enter a port from 1 to 65535");
    listener.dispose();
  });

  it("say the listener is starting", async () => {
    fakeCore({ status: { state: "starting", port: 8790 } });
    const listener = new ListenerStore();
    await listener.init();
    render(ListenerBar, { listener });
    expect(screen.getByTestId("listener-starting").textContent).toContain("8790");
    listener.dispose();
  });

  it("copy the local URL", async () => {
    fakeCore();
    const written: string[] = [];
    Object.defineProperty(navigator, "clipboard", {
      configurable: true,
      value: { writeText: async (text: string) => void written.push(text) },
    });
    const listener = new ListenerStore();
    await listener.init();
    render(ListenerBar, { listener });

    expect(screen.getByTestId("local-url").textContent).toBe("http://127.0.0.1:8790");
    await fireEvent.click(screen.getByTestId("copy-local-url"));
    await settle();
    expect(written).toEqual(["http://127.0.0.1:8790"]);
    expect(screen.getByTestId("copy-local-url").textContent?.trim()).toBe("Copied");
    listener.dispose();
  });
});
