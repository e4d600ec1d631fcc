// One-key shortcuts for the open delivery. A key only counts when it is not
// typing: not in a text field, and with no Ctrl/Cmd/Alt (Ctrl+C must still copy).

export const SHORTCUT = {
  /** Replay as captured, to the saved target. */
  replay: "r",
  /** Copy as cURL, to the saved target. */
  copyCurl: "c",
} as const;

// Inputs whose keys do not type text: a shortcut pressed on them still counts.
const NOT_TYPING = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"]);

/** The shortcut a key press asks for, or null when it is typing or a chord. */
export function shortcutOf(event: KeyboardEvent): (typeof SHORTCUT)[keyof typeof SHORTCUT] | null {
  if (event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTyping(event.target)) return null;
  const key = event.key.toLowerCase();
  return key === SHORTCUT.replay || key === SHORTCUT.copyCurl ? key : null;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('textarea, select, [contenteditable]:not([contenteditable="false"])')) return true;
  return target instanceof HTMLInputElement && !NOT_TYPING.has(target.type);
}
