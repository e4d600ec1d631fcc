// The timeline's actions: next/previous move the selection of the list on
// screen (deliveries or events) and keep it in view, Enter opens the selected
// row in the detail pane, `/` goes to the timeline's search field.
import { tick } from "svelte";

import { scrollToReveal } from "../timeline/visible-range";
import type { ActionRegistry } from "./registry.svelte";

/** What the list stores (TimelineStore, GroupsStore) offer that moving needs. */
export type NavigableList = {
  readonly rows: readonly unknown[];
  readonly selectedIndex: number;
  selectIndex(index: number): void;
};

export type ListPlaces = {
  /** The list on screen now. */
  list: () => NavigableList;
  /** Where the list and the detail pane are drawn (their scroll areas and tabs are found inside). */
  listPane: () => HTMLElement | undefined;
  detailPane: () => HTMLElement | undefined;
};

/** The id of the timeline's search field, wherever the timeline puts it. */
export const SEARCH_FIELD_ID = "timeline-search";

/** Registers next, previous, open and search; returns the undo. */
export function registerListActions(registry: ActionRegistry, places: ListPlaces): () => void {
  const move = (delta: number) => () => {
    const list = places.list();
    if (list.rows.length === 0) return false;
    const from = list.selectedIndex;
    list.selectIndex(from < 0 ? 0 : from + delta);
    reveal(places.listPane(), places.list().selectedIndex);
    return true;
  };
  const open = () => {
    const list = places.list();
    if (list.rows.length === 0) return false;
    if (list.selectedIndex < 0) list.selectIndex(0);
    void tick().then(() => focusDetail(places.detailPane()));
    return true;
  };
  const search = () => {
    const field = searchField();
    field?.focus();
    field?.select();
    return field !== null;
  };
  const undo = [
    registry.register("next", move(1)),
    registry.register("previous", move(-1)),
    registry.register("open", open),
    // Listed only while the timeline shows its search field.
    registry.register("search", search, { enabled: () => searchField() !== null }),
  ];
  return () => undo.forEach((done) => done());
}

function searchField(): HTMLInputElement | null {
  const field = document.getElementById(SEARCH_FIELD_ID);
  return field instanceof HTMLInputElement ? field : null;
}

// The list draws only the rows in view, so the row to show may not exist yet:
// scroll its listbox by row height instead of asking the row.
function reveal(pane: HTMLElement | undefined, index: number): void {
  const viewport = pane?.querySelector<HTMLElement>('[role="listbox"]');
  if (!viewport || index < 0) return;
  const top = scrollToReveal(index, viewport.scrollTop, viewport.clientHeight);
  if (top !== null) viewport.scrollTop = top;
}

// Reading the open delivery from the keyboard starts at its tabs (the arrows
// then switch tabs, Tab goes into the panel).
function focusDetail(pane: HTMLElement | undefined): void {
  const tab = pane?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
  (tab ?? pane?.querySelector<HTMLElement>("[tabindex]"))?.focus();
}
