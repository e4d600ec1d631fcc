// Local wall-clock formatting. Written out by hand rather than with
// Intl/toLocaleTimeString so the timeline shows one fixed, sortable shape on
// every machine: HH:MM:SS.mmm.

function pad(value: number, width = 2): string {
  return value.toString().padStart(width, "0");
}

/** "14:03:09.042" in local time. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "2025-11-26 14:03:09.042 (UTC+01:00)" in local time, for titles and the detail pane. */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${formatClock(epochMs)} (${utcOffset(d)})`;
}

function utcOffset(d: Date): string {
  const minutes = -d.getTimezoneOffset();
  const sign = minutes >= 0 ? "+" : "-";
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "14:03:09" in local time: for times a person compares with a wall clock. */
export function formatTimeOfDay(epochMs: number): string {
  return formatClock(epochMs).slice(0, 8);
}
