// The words for what Hookscope answered, including why it refused a request.
import { formatDuration } from "../lib/format/duration";

const KNOWN: Record<string, string> = {
  too_large: "too large",
  body_unreadable: "body unreadable",
};

/** "rejected: too large"; unknown codes are shown as sent, with underscores as spaces. */
export function describeRejection(code: string): string {
  return `rejected: ${KNOWN[code] ?? code.replaceAll("_", " ")}`;
}

/** The status column text: "200", or "413 rejected: too large". */
export function describeAnswer(status: number, rejection: string | null | undefined): string {
  return rejection ? `${status} ${describeRejection(rejection)}` : `${status}`;
}

/**
 * What Hookscope answered, in full: "503, scripted, after a 2 s delay", or
 * "held (simulated timeout)" when it never answered.
 */
export function describeResponse(
  response: { status: number; delay_ms: number; scripted: boolean; held: boolean },
  rejection: string | null | undefined,
): string {
  const parts = [response.held ? "held (simulated timeout)" : describeAnswer(response.status, rejection)];
  if (response.scripted) parts.push("scripted");
  if (response.delay_ms > 0) parts.push(`after a ${formatDuration(response.delay_ms)} delay`);
  return parts.join(", ");
}
