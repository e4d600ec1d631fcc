// The words shown next to the answered status when the listener refused a request.
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
