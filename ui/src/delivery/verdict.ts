// Words and icons for signature verdicts and for how a delivery relates to
// earlier ones. The word is always shown; icon and colour only reinforce it.
import type { DeliverySummary, Relation, VerificationStatus } from "../lib/ipc";

export type VerdictLook = {
  icon: string;
  /** What the user reads. */
  word: string;
  /** The JSON word, for `data-verdict` (end-to-end tests read it); "not_checked" when there was no verdict. */
  code: VerificationStatus | "not_checked";
  /** Colour class from app.css: ok, warn, failed, neutral. */
  tone: "ok" | "warn" | "failed" | "neutral";
};

/** In the order the verdict filter offers them. */
export const VERDICTS: readonly VerificationStatus[] = ["verified", "stale", "mismatch", "malformed", "unsigned", "no_secret"];

// Glyphs from fonts every desktop has (DejaVu and the like): emoji fonts may be missing.
const LOOKS: Record<VerificationStatus, Omit<VerdictLook, "code">> = {
  verified: { icon: "✓", word: "verified", tone: "ok" },
  stale: { icon: "◔", word: "stale", tone: "warn" },
  mismatch: { icon: "✗", word: "mismatch", tone: "failed" },
  malformed: { icon: "⚠", word: "malformed", tone: "failed" },
  unsigned: { icon: "—", word: "unsigned", tone: "neutral" },
  no_secret: { icon: "∅", word: "no secret", tone: "neutral" },
};

/** `null`: the body was refused, so nothing was checked. */
export function verdictLook(status: VerificationStatus | null | undefined): VerdictLook {
  if (status === null || status === undefined) return { icon: "–", word: "not checked", code: "not_checked", tone: "neutral" };
  return { ...LOOKS[status], code: status };
}

/**
 * The badge for a delivery that is not simply the first of its event: "attempt 2"
 * for a retry, "duplicate" for the same event under another message id,
 * "replay". An "original" the sender numbers past 1 is a retry whose earlier
 * attempts never reached Hookscope, so it gets the attempt badge too.
 */
export function relationWord(summary: Pick<DeliverySummary, "relation" | "attempt">): string | null {
  switch (summary.relation.kind) {
    case "retry":
      return `attempt ${summary.attempt}`;
    case "duplicate_event":
      return "duplicate";
    case "replay":
      return "replay";
    case "original":
      return summary.attempt > 1 ? `attempt ${summary.attempt}` : null;
  }
}

/** A sentence for the detail pane: "retry of D01…", "first delivery of this event". */
export function describeRelation(relation: Relation): string {
  switch (relation.kind) {
    case "original":
      return "first delivery of this event";
    case "retry":
      return `retry of ${relation.of}`;
    case "duplicate_event":
      return `duplicate of the event first delivered as ${relation.of}`;
    case "replay":
      return `replay of ${relation.of}`;
  }
}
