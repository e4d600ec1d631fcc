// The name the save dialog suggests for an export.
import type { ExportFormat } from "../lib/ipc";

const pad = (value: number): string => value.toString().padStart(2, "0");

/** "hookscope-2025-01-02-1430.ndjson": local time at `now`, the format's extension. */
export function suggestedFileName(format: ExportFormat, now: Date): string {
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}`;
  return `hookscope-${date}-${time}.${format === "har" ? "har" : "ndjson"}`;
}
