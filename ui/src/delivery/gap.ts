// How a retry's timing compares with the sender's schedule, in words.
import type { ChainEntry, GapTiming } from "../lib/ipc";
import { formatDuration } from "../lib/format/duration";

export const TIMING_WORD: Record<GapTiming, string> = {
  early: "early",
  as_scheduled: "as scheduled",
  late: "late",
};

/** "+5.2 s, expected 5 s — as scheduled"; "+5.2 s" with no schedule to compare; null for a first attempt. */
export function describeGap(entry: Pick<ChainEntry, "gap_ms" | "gap">): string | null {
  if (entry.gap_ms === null) return null;
  const actual = `+${formatDuration(entry.gap_ms)}`;
  if (entry.gap === null) return actual;
  return `${actual}, expected ${formatDuration(entry.gap.expected_ms)} — ${TIMING_WORD[entry.gap.timing]}`;
}
