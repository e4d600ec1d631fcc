/** The listener's default port (the CLI's too), offered when no other is known. */
export const DEFAULT_PORT = 8790;

/** A TCP port the listener can bind, parsed from what the user typed; null when it is not one. */
export function parsePort(input: string | number): number | null {
  const text = String(input).trim();
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}
