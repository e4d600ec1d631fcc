// The timeline's filter, as the core applies it. The parts a delivery summary
// carries (verdict, answer status, duplicates, time) are checked here too, for
// deliveries that arrive live; search and event type need the delivery's
// headers and body, so only the core can say whether an arrival matches those.
import type { DeliverySummary, StatusRange, TimelineFilter, VerificationStatus } from "../lib/ipc";

export const NO_FILTER: TimelineFilter = {
  verdicts: [],
  search: "",
  event_types: [],
  statuses: [],
  duplicates_only: false,
  since_ms: null,
  until_ms: null,
};

/** The shortest searchable word (the core's index holds three-character slices). */
export const MIN_TERM_CHARS = 3;

/** A filter from whatever was saved: missing or malformed parts read as "any". */
export function normalized(saved: Partial<TimelineFilter> | null | undefined): TimelineFilter {
  const list = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);
  const time = (value: number | null | undefined): number | null => (typeof value === "number" ? value : null);
  return {
    verdicts: list(saved?.verdicts),
    search: typeof saved?.search === "string" ? saved.search : "",
    event_types: list(saved?.event_types),
    statuses: list(saved?.statuses),
    duplicates_only: saved?.duplicates_only === true,
    since_ms: time(saved?.since_ms),
    until_ms: time(saved?.until_ms),
  };
}

/** Words and "quoted phrases", as the core splits a search. */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  let current = "";
  let quoted = false;
  const push = (): void => {
    if (current !== "") terms.push(current);
    current = "";
  };
  for (const c of text) {
    if (c === '"') {
      push();
      quoted = !quoted;
    } else if (/\s/.test(c) && !quoted) push();
    else current += c;
  }
  push();
  return terms;
}

/** Words of the search too short to be searched for (the core ignores them). */
export function ignoredTerms(text: string): string[] {
  return searchTerms(text).filter((term) => [...term].length < MIN_TERM_CHARS);
}

/** True when the search has something to look for. */
export function searches(filter: TimelineFilter): boolean {
  return searchTerms(filter.search).some((term) => [...term].length >= MIN_TERM_CHARS);
}

/** True when the filter hides anything. */
export function isFiltered(filter: TimelineFilter): boolean {
  return (
    filter.verdicts.length > 0 ||
    searches(filter) ||
    filter.event_types.length > 0 ||
    filter.statuses.length > 0 ||
    filter.duplicates_only ||
    filter.since_ms !== null ||
    filter.until_ms !== null
  );
}

/** True when only the core can tell whether a delivery matches (its body or headers decide). */
export function needsCore(filter: TimelineFilter): boolean {
  return searches(filter) || filter.event_types.length > 0;
}

type Checked = Pick<DeliverySummary, "verification" | "status" | "duplicate_of" | "received_at_ms">;

/** The parts of `filter` a summary can answer; a refused body (no verdict) matches a verdict filter never. */
export function matchesFilter(filter: TimelineFilter, row: Checked): boolean {
  if (filter.verdicts.length > 0 && (row.verification === null || !filter.verdicts.includes(row.verification))) return false;
  if (filter.statuses.length > 0 && !filter.statuses.some((r) => row.status >= r.from && row.status <= r.to)) return false;
  if (filter.duplicates_only && row.duplicate_of === null) return false;
  if (filter.since_ms !== null && row.received_at_ms < filter.since_ms) return false;
  if (filter.until_ms !== null && row.received_at_ms >= filter.until_ms) return false;
  return true;
}

/** The toolbar's single verdict choice ("" = all). */
export function verdictChoice(filter: TimelineFilter): VerificationStatus | "" {
  return filter.verdicts.length === 1 ? (filter.verdicts[0] ?? "") : "";
}

/** The answer classes offered as chips. */
export const STATUS_CLASSES: readonly StatusRange[] = [1, 2, 3, 4, 5].map((d) => ({ from: d * 100, to: d * 100 + 99 }));

export function statusLabel(range: StatusRange): string {
  if (range.to - range.from === 99 && range.from % 100 === 0) return `${range.from / 100}xx`;
  return range.from === range.to ? `${range.from}` : `${range.from}–${range.to}`;
}

/** `statuses` with `range` added, or taken out if it was there. */
export function toggledStatus(statuses: StatusRange[], range: StatusRange): StatusRange[] {
  const has = statuses.some((r) => r.from === range.from && r.to === range.to);
  return has ? statuses.filter((r) => r.from !== range.from || r.to !== range.to) : [...statuses, range];
}

/** "404" → one status; anything else → null. */
export function exactStatus(text: string): StatusRange | null {
  const n = Number(text.trim());
  return /^\d{3}$/.test(text.trim()) && n >= 100 && n <= 599 ? { from: n, to: n } : null;
}

/** How far back the time choices reach; `null` is any time. */
export const TIME_CHOICES: ReadonlyArray<{ label: string; ms: number | null }> = [
  { label: "Any time", ms: null },
  { label: "Last 15 minutes", ms: 15 * 60_000 },
  { label: "Last hour", ms: 3_600_000 },
  { label: "Last 24 hours", ms: 86_400_000 },
  { label: "Last 7 days", ms: 7 * 86_400_000 },
];

/** The time part for "the last `ms`" as of `now`, or no limit. */
export function sinceChoice(ms: number | null, now: number): Pick<TimelineFilter, "since_ms" | "until_ms"> {
  return { since_ms: ms === null ? null : now - ms, until_ms: null };
}
