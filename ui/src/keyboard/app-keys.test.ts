// The window's keys and menu, through the whole App: j/k/arrows move the
// timeline's selection (which opens the delivery), Enter goes into it, `/`
// finds the search field, the menu's clicks run the same actions.
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import App from "../App.svelte";
import { clearMocks, deliveryJson, emit, fakeCore, group, newestFirst, settle, summary } from "../test/fake-core";
import { SEARCH_FIELD_ID } from "./list-actions";

afterEach(() => {
  cleanup();
  clearMocks();
});

const press = (key: string, target: Element = document.body) => fireEvent.keyDown(target, { key });
const opened = () => screen.queryByTestId("detail-request")?.textContent ?? null;

async function appWithThree() {
  const all = newestFirst(3);
  const core = fakeCore({ summaries: all, deliveries: all.map((s) => deliveryJson(s)), groups: [group(7), group(5)] });
  render(App);
  await settle();
  return core;
}

describe("the window's keys", () => {
  it("j and k move the selection down and up the timeline, opening each delivery", async () => {
    await appWithThree();
    expect(opened()).toBeNull();
    await press("j");
    await settle();
    expect(opened()).toBe("POST /webhooks/3?attempt=1");
    await press("j");
    await press("j");
    await press("j");
    await settle();
    expect(opened()).toBe("POST /webhooks/1?attempt=1");
    await press("k");
    await settle();
    expect(opened()).toBe("POST /webhooks/2?attempt=1");
    const selected = screen.getAllByTestId("timeline-row").filter((r) => r.getAttribute("aria-selected") === "true");
    expect(selected.map((r) => r.dataset.id)).toEqual([summary(2).id]);
  });

  it("the arrows move too when nothing has focus, and Enter goes into the open delivery", async () => {
    await appWithThree();
    await press("ArrowDown");
    await press("ArrowDown");
    await press("ArrowUp");
    await settle();
    expect(opened()).toBe("POST /webhooks/3?attempt=1");
    await press("Enter");
    await settle();
    expect(document.activeElement).toBe(screen.getByTestId("tab-body"));
    // From the tabs, j still moves through the timeline.
    await press("j", screen.getByTestId("tab-body"));
    await settle();
    expect(opened()).toBe("POST /webhooks/2?attempt=1");
  });

  it("Enter opens the first delivery when none is selected; keys do nothing in an empty timeline", async () => {
    await appWithThree();
    await press("Enter");
    await settle();
    expect(opened()).toBe("POST /webhooks/3?attempt=1");
    cleanup();
    fakeCore();
    render(App);
    await settle();
    await press("j");
    await press("Enter");
    await settle();
    expect(opened()).toBeNull();
  });

  it("keeps the keys away from the timeline while typing and while settings are open", async () => {
    await appWithThree();
    await fireEvent.click(screen.getByTestId("open-settings"));
    await settle();
    await press("j", screen.getByTestId("settings-panel"));
    await settle();
    expect(opened()).toBeNull();
    await fireEvent.keyDown(screen.getByTestId("settings-panel"), { key: "Escape" });
    await settle();
    const field = document.createElement("input");
    document.body.append(field);
    await press("j", field);
    await settle();
    expect(opened()).toBeNull();
    field.remove();
  });

  it("/ goes to the timeline's search field", async () => {
    await appWithThree();
    let search = document.getElementById(SEARCH_FIELD_ID);
    const added = search === null;
    if (search === null) {
      search = document.createElement("input");
      search.id = SEARCH_FIELD_ID;
      document.body.append(search);
    }
    // fireEvent answers false when the press was taken.
    expect(await press("/")).toBe(false);
    expect(document.activeElement).toBe(search);
    if (added) search.remove();
  });
});

describe("the native menu", () => {
  it("enables the items of the actions the window handles", async () => {
    const core = await appWithThree();
    const enabled = core.callsTo("set_menu_enabled").at(-1)?.actions as string[];
    expect(enabled).toEqual(
      expect.arrayContaining(["next", "previous", "open", "show-deliveries", "show-events", "export", "import", "help"]),
    );
  });

  it("runs the action a menu item stands for", async () => {
    await appWithThree();
    await emit("menu-action", "show-events");
    await settle();
    expect(screen.getByTestId("groups")).toBeTruthy();
    await emit("menu-action", "help");
    await settle();
    expect(screen.getByTestId("shortcuts-help")).toBeTruthy();
    await emit("menu-action", "no-such-action");
    await press("Escape", screen.getByTestId("shortcuts-help"));
    await settle();
    expect(screen.queryByTestId("shortcuts-help")).toBeNull();
    await emit("menu-action", "show-deliveries");
    await settle();
    expect(screen.getByTestId("timeline")).toBeTruthy();
  });
});
