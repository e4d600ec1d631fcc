// The verdict filter, as the core applies it, for deliveries that arrive live.
import type { DeliverySummary, TimelineFilter, VerificationStatus } from "../lib/ipc";

export const NO_FILTER: TimelineFilter = { verdicts: [] };

/** An empty list shows everything; a refused body (no verdict) matches only then. */
export function matchesFilter(filter: TimelineFilter, row: Pick<DeliverySummary, "verification">): boolean {
  if (filter.verdicts.length === 0) return true;
  return row.verification !== null && filter.verdicts.includes(row.verification);
}

/** The toolbar's single choice ("" = all) as a filter. */
export function filterOf(choice: VerificationStatus | ""): TimelineFilter {
  return { verdicts: choice === "" ? [] : [choice] };
}

/** The toolbar's choice for a filter: its one verdict, or "" for all. */
export function choiceOf(filter: TimelineFilter): VerificationStatus | "" {
  return filter.verdicts.length === 1 ? (filter.verdicts[0] ?? "") : "";
}
