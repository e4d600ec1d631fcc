// The Replays tab has one error line: whichever call failed last. Each call
// clears it when it starts, so an old failure never sits next to a newer success.
import { errorMessage } from "../lib/ipc";

export class LastError {
  message = $state<string | null>(null);

  clear(): void {
    this.message = null;
  }

  /** Shows `error` as the core worded it, behind `context` ("Could not load the replays"). */
  show(error: unknown, context?: string): void {
    const message = errorMessage(error);
    this.message = context === undefined ? message : `${context}: ${message}`;
  }
}
