// Whether a key press is someone typing, which no single-key shortcut may take.

// Inputs whose keys do not type text: a shortcut pressed on them still counts.
const NOT_TYPING = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"]);

/** True when `target` takes typed text: a text input, a textarea, a select or editable content. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('textarea, select, [contenteditable]:not([contenteditable="false"])')) return true;
  return target instanceof HTMLInputElement && !NOT_TYPING.has(target.type);
}

/** A chord (Ctrl/Cmd/Alt held) belongs to the system and to fields: Ctrl+C must still copy. Shift is part of `?`. */
export function isChord(event: KeyboardEvent): boolean {
  return event.ctrlKey || event.metaKey || event.altKey;
}
