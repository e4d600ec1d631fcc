// Words and icons for replays: how each was sent and what came back. The word
// is always there; icon and colour only reinforce it.
import type { FailureKind, ReplayMode } from "../lib/ipc";

/** "as captured", "re-signed (new id)", "edited, re-signed (same id)". */
export function describeMode(mode: ReplayMode): string {
  switch (mode.kind) {
    case "as_captured":
      return "as captured";
    case "resigned":
      return `re-signed (${idWord(mode.new_message_id)})`;
    case "edited":
      if (mode.resign) return `edited, re-signed (${idWord(mode.new_message_id)})`;
      return mode.new_message_id ? "edited, new id" : "edited";
  }
}

function idWord(newMessageId: boolean): string {
  return newMessageId ? "new id" : "same id";
}

export type Look = {
  icon: string;
  word: string;
  /** Colour class: ok, warn, failed, neutral. */
  tone: "ok" | "warn" | "failed" | "neutral";
};

/** What a status class means to someone testing a handler: "✓ success", "✗ server error". */
export function statusLook(status: number): Look {
  if (status >= 200 && status < 300) return { icon: "✓", word: "success", tone: "ok" };
  if (status >= 300 && status < 400) return { icon: "↪", word: "redirect (not followed)", tone: "neutral" };
  if (status >= 400 && status < 500) return { icon: "✗", word: "client error", tone: "failed" };
  if (status >= 500 && status < 600) return { icon: "✗", word: "server error", tone: "failed" };
  return { icon: "?", word: "unusual status", tone: "warn" };
}

const FAILURES: Record<FailureKind, Look> = {
  refused: { icon: "⊘", word: "refused", tone: "failed" },
  timeout: { icon: "◔", word: "timed out", tone: "failed" },
  dns: { icon: "?", word: "unknown host", tone: "failed" },
  tls: { icon: "🔒", word: "TLS failed", tone: "failed" },
  other: { icon: "✗", word: "failed", tone: "failed" },
};

/** Why there was no answer; an unknown cause from a newer core reads as "no answer". */
export function failureLook(cause: FailureKind): Look {
  return FAILURES[cause] ?? { icon: "✗", word: "no answer", tone: "failed" };
}
