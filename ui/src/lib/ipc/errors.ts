// Turning whatever a failed call threw into one line a person can read.
// Kept apart from index.ts so it can be used (and tested) without Tauri.
import type { IpcError } from "./bindings";

/**
 * The backend rejects invokes with `{code, message}`; anything else is a bug or
 * a missing backend. Only the shape is checked, so a new error code added on the
 * Rust side still shows its message.
 */
export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.code === "string" && typeof candidate.message === "string";
}

/** The text to show for a failed call: the backend's message when it sent one. */
export function errorMessage(error: unknown): string {
  if (isIpcError(error)) return error.message;
  if (error instanceof Error) return error.message;
  if (typeof error === "string" && error.length > 0) return error;
  return "Unexpected error talking to the Hookscope core.";
}
