// The tunnel's state as a word and an icon; colour (the badge tone) only reinforces them.
import type { TunnelStateKind } from "../lib/ipc";

export type TunnelLook = { icon: string; word: string; tone: "ok" | "pending" | "failed" | "muted" };

const TUNNEL_LOOK: Record<TunnelStateKind, TunnelLook> = {
  off: { icon: "○", word: "off", tone: "muted" },
  connecting: { icon: "↻", word: "connecting…", tone: "pending" },
  online: { icon: "✓", word: "online", tone: "ok" },
  reconnecting: { icon: "↻", word: "reconnecting…", tone: "pending" },
  failed: { icon: "✗", word: "failed", tone: "failed" },
};

/** An unknown state from a newer core still reads as something. */
export function tunnelLook(kind: TunnelStateKind): TunnelLook {
  return TUNNEL_LOOK[kind] ?? { icon: "?", word: String(kind), tone: "muted" };
}

/** The core's sentence, which names ngrok's code; the code is added only if it somehow does not. */
export function failureSentence(reason: string, code: string | null): string {
  return code === null || reason.includes(code) ? reason : `${reason} (${code})`;
}

export const REGISTER_REMINDER = "Register the full URL, path included, at the provider (e.g. Self's dashboard).";

export function staleUrlWarning(previous: string): string {
  return `The public URL changed since it was last online (was ${previous}): update it at the provider.`;
}
