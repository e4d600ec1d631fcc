import { afterEach, describe, expect, it } from "vitest";

import { ROW_HEIGHT } from "../timeline/visible-range";
import { registerListActions, SEARCH_FIELD_ID, type NavigableList } from "./list-actions";
import { ActionRegistry } from "./registry.svelte";

/** A list of `count` rows, selection clamped as the stores do. */
function list(count: number): NavigableList & { selectedIndex: number } {
  return {
    rows: Array.from({ length: count }, (_, i) => i),
    selectedIndex: -1,
    selectIndex(index: number) {
      this.selectedIndex = Math.min(count - 1, Math.max(0, index));
    },
  };
}

/** A pane holding a listbox 10 rows high, scrolled to the top. */
function pane(): { pane: HTMLElement; listbox: HTMLElement } {
  const element = document.createElement("section");
  const listbox = document.createElement("div");
  listbox.setAttribute("role", "listbox");
  Object.defineProperty(listbox, "clientHeight", { value: 10 * ROW_HEIGHT });
  element.append(listbox);
  document.body.append(element);
  return { pane: element, listbox };
}

const press = (key: string, target: Element = document.body) => {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  return event.defaultPrevented;
};

let undo: () => void = () => undefined;
afterEach(() => {
  undo();
  document.body.replaceChildren();
});

describe("the timeline's actions", () => {
  it("move the selection, starting at the top, and scroll the row into view", () => {
    const rows = list(100);
    const { pane: listPane, listbox } = pane();
    undo = registerListActions(new ActionRegistry(), { list: () => rows, listPane: () => listPane, detailPane: () => undefined });
    press("j");
    expect(rows.selectedIndex).toBe(0);
    for (let i = 0; i < 12; i++) press("j");
    expect(rows.selectedIndex).toBe(12);
    // Row 12 ends at 13 rows; the view is 10 rows high.
    expect(listbox.scrollTop).toBe(3 * ROW_HEIGHT);
    for (let i = 0; i < 20; i++) press("k");
    expect(rows.selectedIndex).toBe(0);
    expect(listbox.scrollTop).toBe(0);
  });

  it("take no key in an empty list", () => {
    const rows = list(0);
    undo = registerListActions(new ActionRegistry(), { list: () => rows, listPane: () => undefined, detailPane: () => undefined });
    expect(press("j")).toBe(false);
    expect(press("Enter")).toBe(false);
  });

  it("offer / only while the search field is on screen", () => {
    const registry = new ActionRegistry();
    undo = registerListActions(registry, { list: () => list(1), listPane: () => undefined, detailPane: () => undefined });
    expect(registry.has("search")).toBe(false);
    expect(press("/")).toBe(false);
    const search = document.createElement("input");
    search.id = SEARCH_FIELD_ID;
    search.value = "old words";
    document.body.append(search);
    expect(registry.shortcuts.map((spec) => spec.id)).toContain("search");
    expect(press("/")).toBe(true);
    expect(document.activeElement).toBe(search);
    expect(search.selectionStart).toBe(0);
    expect(search.selectionEnd).toBe("old words".length);
  });
});
