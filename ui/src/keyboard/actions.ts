// Everything a key, a native menu item or the help overlay can ask for, listed
// once. The keys, the help overlay and the menu all read this list, so what
// they show cannot drift from what runs.

export type ActionId =
  | "next"
  | "previous"
  | "open"
  | "search"
  | "replay"
  | "copy-curl"
  | "export"
  | "import"
  | "show-deliveries"
  | "show-events"
  | "help"
  | "close";

export type ActionGroup = "Timeline" | "Delivery" | "Window";

export type ActionSpec = {
  id: ActionId;
  /** What it does, in the help overlay (a sentence fragment). */
  label: string;
  /** `KeyboardEvent.key` values that run it (letters in lowercase); empty: menu only. */
  keys: readonly string[];
  group: ActionGroup;
  /** Held down, it runs again and again (moving through the list). */
  repeats?: boolean;
  /** Runs even while typing in a field (Escape). */
  whileTyping?: boolean;
  /** Runs while a dialog is open over the window (closing it). */
  inDialog?: boolean;
};

export const ACTIONS: readonly ActionSpec[] = [
  { id: "next", label: "Next delivery", keys: ["j", "ArrowDown"], group: "Timeline", repeats: true },
  { id: "previous", label: "Previous delivery", keys: ["k", "ArrowUp"], group: "Timeline", repeats: true },
  { id: "open", label: "Open the selected delivery", keys: ["Enter"], group: "Timeline" },
  { id: "search", label: "Search the timeline", keys: ["/"], group: "Timeline" },
  { id: "show-deliveries", label: "Show deliveries", keys: [], group: "Timeline" },
  { id: "show-events", label: "Show events (grouped)", keys: [], group: "Timeline" },
  { id: "replay", label: "Replay as captured to the saved target", keys: ["r"], group: "Delivery" },
  { id: "copy-curl", label: "Copy as cURL", keys: ["c"], group: "Delivery" },
  { id: "export", label: "Export…", keys: ["e"], group: "Window" },
  { id: "import", label: "Import…", keys: [], group: "Window" },
  { id: "help", label: "Keyboard shortcuts", keys: ["?"], group: "Window" },
  { id: "close", label: "Close the dialog or overlay", keys: ["Escape"], group: "Window", whileTyping: true, inDialog: true },
];

const BY_ID = new Map(ACTIONS.map((spec) => [spec.id, spec]));

export function specOf(id: ActionId): ActionSpec {
  const spec = BY_ID.get(id);
  if (spec === undefined) throw new Error(`no action ${id}`);
  return spec;
}

/** The first key of action `id`, as the help overlay and hints write it. */
export function keyOf(id: ActionId): string {
  return specOf(id).keys[0] ?? "";
}

/** How a key is written for people: arrows as arrows, the rest as typed. */
export function keyLabel(key: string): string {
  return KEY_LABEL[key] ?? key;
}

const KEY_LABEL: Record<string, string> = {
  ArrowDown: "↓",
  ArrowUp: "↑",
  Enter: "Enter",
  Escape: "Esc",
};

export function isActionId(value: string): value is ActionId {
  return BY_ID.has(value as ActionId);
}
