// Tunnel downtime in words, and which timeline row each window explains: a
// gap in deliveries is the tunnel's doing, not the sender's, when the first
// delivery after it carries "after 3 min of tunnel downtime".
import type { DeliverySummary, DowntimeWindow } from "../lib/ipc";
import { formatDuration } from "../lib/format/duration";
import { formatTimeOfDay } from "../lib/format/time";

/** "10:02–10:05"; to the second when the window is under two minutes, so both ends differ. */
export function windowSpan(window: DowntimeWindow): string {
  if (window.to_ms === null) return `since ${formatTimeOfDay(window.from_ms)}`;
  const clock = window.to_ms - window.from_ms < 120_000 ? formatTimeOfDay : hourMinute;
  return `${clock(window.from_ms)}–${clock(window.to_ms)}`;
}

/** "after 3 min of tunnel downtime (10:02–10:05)". */
export function downtimeBadge(window: DowntimeWindow & { to_ms: number }): string {
  return `after ${formatDuration(window.to_ms - window.from_ms)} of tunnel downtime (${windowSpan(window)})`;
}

/** "Down 3 min, 10:02–10:05"; "Down since 10:02:13 (still down)". */
export function downtimeWords(window: DowntimeWindow): string {
  if (window.to_ms === null) return `Down ${windowSpan(window)} (still down)`;
  return `Down ${formatDuration(window.to_ms - window.from_ms)}, ${windowSpan(window)}`;
}

/**
 * For each ended window, the id of the first row received at or after its end,
 * with the badge text. `rows` is newest first, as the timeline holds it. A
 * window whose first row after it may not be loaded yet (everything loaded is
 * newer and more remains) is left unmarked until it is.
 */
export function downtimeMarks(rows: readonly DeliverySummary[], windows: readonly DowntimeWindow[], exhausted: boolean): Map<string, string> {
  const marks = new Map<string, string>();
  for (const window of windows) {
    if (window.to_ms === null) continue;
    const older = firstOlderThan(rows, window.to_ms);
    if (older === rows.length && !exhausted) continue;
    const row = rows[older - 1];
    if (row === undefined) continue;
    const badge = downtimeBadge({ ...window, to_ms: window.to_ms });
    const earlier = marks.get(row.id);
    marks.set(row.id, earlier === undefined ? badge : `${earlier}; ${badge}`);
  }
  return marks;
}

/** Index of the first row (newest first) received before `ms`; rows.length when none is. */
function firstOlderThan(rows: readonly DeliverySummary[], ms: number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((rows[middle]?.received_at_ms ?? 0) < ms) high = middle;
    else low = middle + 1;
  }
  return low;
}

function hourMinute(ms: number): string {
  return formatTimeOfDay(ms).slice(0, 5);
}
