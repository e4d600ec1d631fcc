// What an export leaves out, from the dialog's fields: header names typed on one
// line, JSON body paths one per line, and the "Self personal data" preset.
// Pure; the core checks the paths (a bad one is refused as invalid input).
import { SELF_PERSONAL_DATA } from "../lib/ipc";
import type { RedactionOptions } from "../lib/ipc";

// The headers redacted unless the user says otherwise, and the "Self personal
// data" preset (the proof, the developer's user id, the disclosed attributes'
// values): generated from the core's constants.
export { DEFAULT_REDACTED_HEADERS, SELF_PERSONAL_DATA } from "../lib/ipc";

/** Header names separated by commas or spaces, each once (any case: the core ignores case). */
export function headerNames(text: string): string[] {
  return onceEach(text.split(/[\s,]+/), (name) => name.toLowerCase());
}

/** JSON paths, one per line, each once. */
export function jsonPaths(text: string): string[] {
  return onceEach(text.split(/\r?\n/), (path) => path);
}

export function redactionOptions(headersText: string, pathsText: string, selfPreset: boolean): RedactionOptions {
  const typed = jsonPaths(pathsText);
  const preset = selfPreset ? SELF_PERSONAL_DATA.filter((path) => !typed.includes(path)) : [];
  return { headers: headerNames(headersText), json_paths: [...typed, ...preset] };
}

/** The trimmed, non-empty items, the first of each `key` kept. */
function onceEach(items: string[], key: (item: string) => string): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of items) {
    const item = raw.trim();
    if (item === "" || seen.has(key(item))) continue;
    seen.add(key(item));
    kept.push(item);
  }
  return kept;
}
