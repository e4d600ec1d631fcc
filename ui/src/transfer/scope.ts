// Which deliveries an export holds: the dialog's choice, read against what the
// window shows (the timeline's filter, the picked rows, the open delivery).
// Pure: the core counts and writes whatever scope this builds.
import type { ExportScope, TimelineFilter } from "../lib/ipc";
import { isFiltered, NO_FILTER } from "../timeline/filter";

export type ScopeChoice = "all" | "filter" | "selection" | "window";

/** What the window shows that a scope can be taken from. */
export type ScopeSources = {
  /** The timeline's filter (verdicts, search, time…). */
  filter: TimelineFilter;
  /** The picked rows, in timeline order. */
  picked: readonly string[];
  /** The open delivery, if any. */
  openId: string | null;
};

/** A time window as typed in `datetime-local` fields; "" leaves that end open. */
export type TimeWindow = { since: string; until: string };

/** The deliveries "the selection" means: the picked rows, else the open delivery. */
export function selectionIds(sources: ScopeSources): string[] {
  if (sources.picked.length > 0) return [...sources.picked];
  return sources.openId === null ? [] : [sources.openId];
}

/** Whether `choice` means anything now: the filter only while one is set, the selection only while there is one. */
export function scopeAvailable(choice: ScopeChoice, sources: ScopeSources): boolean {
  if (choice === "filter") return isFiltered(sources.filter);
  if (choice === "selection") return selectionIds(sources).length > 0;
  return true;
}

/** The scope offered first: the picked rows, else the filtered list, else everything. */
export function defaultScope(sources: ScopeSources): ScopeChoice {
  if (sources.picked.length > 0) return "selection";
  return isFiltered(sources.filter) ? "filter" : "all";
}

export function exportScope(choice: ScopeChoice, sources: ScopeSources, window: TimeWindow): ExportScope {
  switch (choice) {
    case "all":
      return { filter: NO_FILTER, ids: [] };
    case "filter":
      return { filter: sources.filter, ids: [] };
    case "selection":
      return { filter: NO_FILTER, ids: selectionIds(sources) };
    case "window":
      return { filter: { ...NO_FILTER, since_ms: localMs(window.since), until_ms: localMs(window.until) }, ids: [] };
  }
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/** A `datetime-local` value ("2025-01-02T14:30") as epoch ms in the machine's time zone; null when empty or malformed. */
export function localMs(value: string): number | null {
  const m = LOCAL_DATE_TIME.exec(value.trim());
  if (m === null) return null;
  const n = (i: number): number => Number(m[i] ?? 0);
  if (n(4) > 23 || n(5) > 59 || n(6) > 59) return null;
  const date = new Date(n(1), n(2) - 1, n(3), n(4), n(5), n(6), Number((m[7] ?? "").padEnd(3, "0")));
  // Date rolls "02-30" over into March: only a day that reads back the same is one.
  if (date.getMonth() !== n(2) - 1 || date.getDate() !== n(3)) return null;
  return date.getTime();
}

/** What is wrong with a window, in words; null when it can be exported. */
export function windowProblem(window: TimeWindow): string | null {
  for (const [label, value] of [["start", window.since], ["end", window.until]] as const) {
    if (value.trim() !== "" && localMs(value) === null) return `The ${label} is not a date and time.`;
  }
  const [since, until] = [localMs(window.since), localMs(window.until)];
  if (since !== null && until !== null && until <= since) return "The end is not after the start.";
  return null;
}
